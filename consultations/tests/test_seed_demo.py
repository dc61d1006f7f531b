"""The demo seed: accounts, sample cases in three states; idempotent; DEBUG only."""

from django.core.management import call_command

from accounts.models import User
from consultations.models import Consultation, Event
from consultations.workflow import Status


def test_seed_demo_twice(settings, spec_day, holidays):
    settings.DEBUG = True
    call_command("seed_demo", "--skip-calendar")
    assert User.objects.filter(email__endswith="@demo.advokasi.id").count() == 11
    by_status = {c.subject: (c.status, c.directorate.code) for c in Consultation.objects.all()}
    assert sorted(by_status.values()) == [
        (Status.ASSIGNED, "pusat"),
        (Status.DELIVERED, "hukum"),
        (Status.SUBMITTED, "daerah"),
    ]
    events = Event.objects.count()
    call_command("seed_demo", "--skip-calendar")
    assert Consultation.objects.count() == 3 and Event.objects.count() == events

