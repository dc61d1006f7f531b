"""Indexes a sweep no longer writes: a complaint event's actor indexed only where set
(the sweep's events have none); a complaint's directorate is the first column of
complaint_queue_idx; its tracking digest unique without the ``LIKE 'prefix%'`` index.
Only the indexes change (``core.schema``)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.schema import drop_field_index, unique_field_to_constraint


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0009_two_factor_and_session_stamp'),
        ('complaints', '0004_open_queue_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        drop_field_index(
            'complaints', 'complaintevent', 'actor',
            models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='oleh'),
        ),
        drop_field_index(
            'complaints', 'complaint', 'directorate',
            models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='complaints', to='accounts.directorate', verbose_name='direktorat'),
        ),
        unique_field_to_constraint(
            'complaints', 'complaint', 'tracking_digest',
            models.CharField(max_length=64, verbose_name='sidik kode pelacakan'),
            models.UniqueConstraint(fields=('tracking_digest',), name='complaint_tracking_digest_unique'),
        ),
        migrations.AddIndex(
            model_name='complaintevent',
            index=models.Index(condition=models.Q(('actor__isnull', False)), fields=['actor'], name='complaint_event_actor_idx'),
        ),
    ]
