"""FormSubmission now belongs to core (``core/models.py``, same table): state only."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('consultations', '0017_meeting_cancellation'),
        ('core', '0001_form_submission_moves_to_core'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name='FormSubmission')]),
    ]
