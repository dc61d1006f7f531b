"""The outbox no longer points at consultations: the old foreign keys go."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0003_outboundemail_subject_from_consultation'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='outboundemail',
            name='consultation',
        ),
        migrations.RemoveField(
            model_name='outboundemail',
            name='event',
        ),
    ]
