"""Each channel's requirements and deadline are the channel registry's, not page content.

The pages read them from ``consultations.channels``, which also drives the cases, so the
public promise and the case clock cannot drift apart. The two required columns are made
blank first (no change in the database) so that reversing can restore them, empty, on
rows that exist.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('pages', '0002_seed_standard'),
    ]

    operations = [
        migrations.AlterField(
            model_name='channelstandard',
            name='requirements',
            field=models.TextField(blank=True, help_text='Satu butir per baris.', verbose_name='persyaratan'),
        ),
        migrations.AlterField(
            model_name='channelstandard',
            name='deadline',
            field=models.CharField(blank=True, max_length=300, verbose_name='jangka waktu penyelesaian'),
        ),
        migrations.RemoveField(
            model_name='channelstandard',
            name='deadline',
        ),
        migrations.RemoveField(
            model_name='channelstandard',
            name='deadline_en',
        ),
        migrations.RemoveField(
            model_name='channelstandard',
            name='requirements',
        ),
        migrations.RemoveField(
            model_name='channelstandard',
            name='requirements_en',
        ),
    ]
