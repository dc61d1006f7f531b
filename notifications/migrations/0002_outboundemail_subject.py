"""What an e-mail is about becomes a generic relation (filled in 0003)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('notifications', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='outboundemail',
            name='subject_type',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype', verbose_name='jenis perihal'),
        ),
        migrations.AddField(
            model_name='outboundemail',
            name='subject_id',
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name='id perihal'),
        ),
        migrations.AddIndex(
            model_name='outboundemail',
            index=models.Index(fields=['subject_type', 'subject_id'], name='outbox_subject_idx'),
        ),
    ]
