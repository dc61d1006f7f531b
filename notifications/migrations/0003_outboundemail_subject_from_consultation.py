"""Every existing e-mail is about its consultation: the generic relation is filled from
the old foreign key. (The event stays named in the dedupe key, ``...:event-<id>:...``.)

Backwards, the foreign keys are filled again from the generic relation and the key."""

import re

from django.db import migrations
from django.db.models import F

CONSULTATION = {'app_label': 'consultations', 'model': 'consultation'}
EVENT_IN_KEY = re.compile(r':event-(\d+):')


def forwards(apps, schema_editor):
    OutboundEmail = apps.get_model('notifications', 'OutboundEmail')
    ContentType = apps.get_model('contenttypes', 'ContentType')
    rows = OutboundEmail.objects.filter(consultation__isnull=False)
    if not rows.exists():
        return
    content_type, _ = ContentType.objects.get_or_create(**CONSULTATION)
    rows.update(subject_type=content_type, subject_id=F('consultation_id'))


def backwards(apps, schema_editor):
    OutboundEmail = apps.get_model('notifications', 'OutboundEmail')
    ContentType = apps.get_model('contenttypes', 'ContentType')
    Event = apps.get_model('consultations', 'Event')
    content_type = ContentType.objects.filter(**CONSULTATION).first()
    if content_type is None:
        return
    rows = OutboundEmail.objects.filter(subject_type=content_type)
    rows.update(consultation_id=F('subject_id'))
    for row in rows.only('pk', 'dedupe_key'):
        match = EVENT_IN_KEY.search(row.dedupe_key)
        if match and Event.objects.filter(pk=int(match.group(1))).exists():
            OutboundEmail.objects.filter(pk=row.pk).update(event_id=int(match.group(1)))


class Migration(migrations.Migration):

    dependencies = [
        ('consultations', '0007_outbox_moves_to_notifications'),
        ('notifications', '0002_outboundemail_subject'),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
