"""Each channel's requirements and deadline are the channel registry's, not page content.

The pages read them from ``consultations.channels``, which also drives the cases, so the
public promise and the case clock cannot drift apart. Reversing restores empty columns.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('pages', '0002_seed_standard'),
    ]

    operations = [
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
