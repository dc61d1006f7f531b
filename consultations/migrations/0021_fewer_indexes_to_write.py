"""Indexes a sweep no longer writes: the case's applicant and the event's case are
the first columns of other indexes; an event's actor is indexed only where set (most
events are the system's); the case number unique without the ``LIKE 'prefix%'`` index.
Only the indexes change (``core.schema``)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.schema import drop_field_index, unique_field_to_constraint


class Migration(migrations.Migration):

    dependencies = [
        ('consultations', '0020_answer_templates'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        drop_field_index(
            'consultations', 'consultation', 'applicant',
            models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='consultations', to=settings.AUTH_USER_MODEL, verbose_name='akun pemohon'),
        ),
        drop_field_index(
            'consultations', 'event', 'actor',
            models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='pelaku'),
        ),
        drop_field_index(
            'consultations', 'event', 'consultation',
            models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='events', to='consultations.consultation'),
        ),
        unique_field_to_constraint(
            'consultations', 'consultation', 'number',
            models.CharField(editable=False, max_length=20, verbose_name='nomor'),
            models.UniqueConstraint(fields=('number',), name='consult_number_unique'),
        ),
        migrations.AddIndex(
            model_name='event',
            index=models.Index(condition=models.Q(('actor__isnull', False)), fields=['actor'], name='event_actor_idx'),
        ),
    ]
