"""The outbox moves to the ``notifications`` app with its rows: the table is renamed
here and adopted by ``notifications/migrations/0001_initial.py`` (no copy, the ids and
dedupe keys, hence the Message-IDs, stay)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('consultations', '0006_outbox_claim_token'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name='outboundemail', table='notifications_outboundemail'),
            ],
            state_operations=[
                migrations.DeleteModel(name='OutboundEmail'),
            ],
        ),
    ]
