"""The demo seed: accounts, sample cases in three states; idempotent; DEBUG only."""

from django.core.management import call_command

from accounts.models import User
from consultations.models import Consultation, Event, VisitForm
from consultations.workflow import Status


def test_seed_demo_twice(settings, spec_day, holidays):
    settings.DEBUG = True
    call_command("seed_demo", "--skip-calendar")
    assert User.objects.filter(email__endswith="@demo.advokasi.id").count() == 11
    by_status = {c.subject: (c.status, c.directorate.code) for c in Consultation.objects.filter(channel="website")}
    assert sorted(by_status.values()) == [
        (Status.ASSIGNED, "pusat"),
        (Status.DELIVERED, "hukum"),
        (Status.SUBMITTED, "daerah"),
    ]
    letters = Consultation.objects.filter(channel="surat").order_by("number")
    assert [c.status for c in letters] == [Status.REGISTERED, Status.ASSIGNED, Status.ASSIGNED, Status.DELIVERED]
    assert letters[3].answer_letter.pdf.open("rb").read(5) == b"%PDF-"
    assert letters[2].drafts.count() == 1 and letters[0].letter.is_complete and not letters[0].letter.is_received
    visits = Consultation.objects.filter(channel="tatap_muka").order_by("number")
    assert [c.status for c in visits] == [Status.SUBMITTED, Status.ASSIGNED, Status.DELIVERED]
    assert VisitForm.objects.filter(used_at__isnull=True).count() == 1
    invitations = Consultation.objects.filter(channel="daring").order_by("number")
    assert [c.status for c in invitations] == [Status.REGISTERED, Status.ASSIGNED, Status.DELIVERED, Status.DELIVERED]
    assert invitations[3].meeting_report.pdf.open("rb").read(5) == b"%PDF-"
    assert invitations[1].pic_messages.count() == 1
    from surveys.models import SurveyResponse

    assert SurveyResponse.objects.count() == 3  # delivered demo cases answered the survey
    from consultations.models import AnswerTemplate

    in_hand = Consultation.objects.get(subject="Keterlambatan pembayaran termin kedua")
    assert AnswerTemplate.objects.count() == 3
    assert AnswerTemplate.objects.offered_for(in_hand).count() == 2  # pusat's contract passages
    events = Event.objects.count()
    call_command("seed_demo", "--skip-calendar")
    assert SurveyResponse.objects.count() == 3 and AnswerTemplate.objects.count() == 3
    assert Consultation.objects.count() == 14 and Event.objects.count() == events

