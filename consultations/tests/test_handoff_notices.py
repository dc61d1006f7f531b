"""Every hand-off announced (issue 23, ADR 0010): a letter carried from registration to
issue, a walk-in guest handed on, a meeting's report, a complaint filed and re-routed —
the real services, and after each step exactly one notice and one e-mail for each person
the step hands the case to, nothing for the actor or anybody else, nothing more when the
announcement runs again."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core import mail

from accounts.models import Role
from accounts.tests.factories import InternalUserFactory, directorate
from complaints import notices as complaint_notices
from complaints import services as complaints
from complaints.models import Complaint, ComplaintEvent, Kind
from consultations import handoffs, notices
from consultations.channels.daring import meeting_reports
from consultations.channels.daring import services as meetings
from consultations.channels.surat import answer_letters, drafting
from consultations.channels.surat import services as letters
from consultations.channels.tatap_muka import services as walk_ins
from consultations.emails import case_path
from consultations.models import Category, Consultation, DutyDay, Event, EventType, LetterSource, WalkInAuthorization
from core.time import WIB
from files.checks import validate_letter_scan
from files.tests.builders import letter_scan
from notifications.delivery import deliver
from notifications.models import Notice, OutboundEmail

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 11, 2, 10, 0, tzinfo=WIB)  # the walk-in desk is open
HANDOFF = "case-handoff"
STAFF_MAIL = "complaint-staff"


@pytest.fixture
def monday(holidays):
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def people(db, front_desk, director_pusat):
    pusat = directorate("pusat")
    category = Category.objects.get(code="perencanaan")
    people = {
        "front_desk": front_desk,
        "director": director_pusat,
        "lead": InternalUserFactory(email="ketua.pusat@lkpp.go.id", role=Role.TEAM_LEAD, directorate=pusat),
        "staff": InternalUserFactory(email="staf.pusat@lkpp.go.id", role=Role.STAFF, directorate=pusat),
        "advisor": InternalUserFactory(email="piket@lkpp.go.id", role=Role.STAFF, directorate=pusat),
        "colleague": InternalUserFactory(email="rekan@lkpp.go.id", role=Role.STAFF, directorate=pusat),
        "handler": InternalUserFactory(
            email="pengaduan.pusat@lkpp.go.id", role=Role.COMPLAINT_HANDLER, directorate=pusat
        ),
        "handler_daerah": InternalUserFactory(
            email="pengaduan.daerah@lkpp.go.id", role=Role.COMPLAINT_HANDLER, directorate=directorate("daerah")
        ),
        # Of the directorate, but told of nothing here: a hand-off goes to its people only.
        "bystander": InternalUserFactory(email="lain@lkpp.go.id", role=Role.STAFF, directorate=pusat),
    }
    for user in (people["advisor"], people["colleague"]):
        WalkInAuthorization.objects.create(user=user, category=category)
        DutyDay.objects.create(user=user, date=MONDAY.date())
    return people


def latest(case: Consultation, type: EventType) -> Event:
    return Event.objects.filter(consultation=case, type=type).latest("id")


# --- the journeys: each returns {step: (case or complaint, event, actor)} -----------------


def letter_journey(p, *, until: str | None = None) -> dict:
    steps: dict = {}
    case = letters.register_letter(
        actor=p["front_desk"],
        source=LetterSource.PAPER,
        addressee="direktur_pusat",
        sender_kind="institution",
        sender_name="Dr. Rina Wulandari",
        institution_name="Kementerian Perhubungan",
        letter_number="B-123/KEMENHUB/X/2026",
        letter_date=date(2026, 10, 28),
        subject="Permohonan pendapat atas penyesuaian harga kontrak",
        contact_email="rina@dephub.go.id",
        scan=validate_letter_scan(letter_scan()),
    )
    steps["registered"] = (case, latest(case, EventType.LETTER_REGISTERED), p["front_desk"])
    letters.check_letter(
        consultation=case, actor=p["front_desk"], ticked=["signed", "letterhead", "stamped_or_esigned"]
    )
    letters.receive_letter(consultation=case, actor=p["director"])
    steps["received"] = (case, latest(case, EventType.LETTER_RECEIVED), p["director"])
    letters.dispose(consultation=case, actor=p["director"], to=p["lead"], ticks=["siapkan_jawaban"])
    steps["disposed_to_lead"] = (case, latest(case, EventType.DISPOSED), p["director"])
    letters.dispose(consultation=case, actor=p["lead"], to=p["staff"], ticks=["untuk_ditindaklanjuti"])
    steps["disposed_to_staff"] = (case, latest(case, EventType.DISPOSED), p["lead"])
    first = drafting.write_draft(consultation=case, author=p["staff"], kinds=["pendapat"], body="Versi pertama.")
    steps["draft_written"] = (case, latest(case, EventType.DRAFT_WRITTEN), p["staff"])
    drafting.review_draft(draft=first, reviewer=p["lead"], decision="return", notes="Rujuk pasal kontrak.")
    steps["draft_returned"] = (case, latest(case, EventType.DRAFT_REVIEWED), p["lead"])
    second = drafting.write_draft(consultation=case, author=p["staff"], kinds=["pendapat"], body="Versi kedua.")
    steps["draft_rewritten"] = (case, latest(case, EventType.DRAFT_WRITTEN), p["staff"])
    drafting.review_draft(draft=second, reviewer=p["lead"], decision="approve")
    steps["draft_passed"] = (case, latest(case, EventType.DRAFT_REVIEWED), p["lead"])
    if until == "draft_passed":
        return steps
    drafting.review_draft(draft=second, reviewer=p["director"], decision="approve")
    steps["draft_approved"] = (case, latest(case, EventType.DRAFT_REVIEWED), p["director"])
    answer_letters.issue_answer_letter(consultation=case, actor=p["director"])
    steps["letter_issued"] = (case, latest(case, EventType.ANSWER_LETTER_ISSUED), p["director"])
    return steps


def walk_in_journey(p) -> dict:
    form = walk_ins.submit_visit_form(
        name="Sri Wahyuni",
        email="sri.wahyuni@contoh.go.id",
        phone="+6281234567890",
        institution_name="Dinas PUPR Kabupaten Bantul",
        institution_type="pemda",
        category=Category.objects.get(code="perencanaan"),
        question="Bagaimana menyusun HPS untuk jalan desa?",
    )
    case = walk_ins.register_visit(
        actor=p["front_desk"],
        form=form,
        ticked=["email", "identity_document", "phone", "form"],
        id_document_type="ktp",
        id_number_last4="A234",
    )
    walk_ins.hand_off(consultation=case, actor=p["front_desk"], to=p["advisor"])
    steps = {"guest_handed": (case, latest(case, EventType.GUEST_HANDED_OFF), p["front_desk"])}
    walk_ins.hand_off(consultation=case, actor=p["advisor"], to=p["colleague"], reason="Keahlian rekan.")
    steps["guest_passed_on"] = (case, latest(case, EventType.GUEST_HANDED_OFF), p["advisor"])
    return steps


def meeting_journey(p, traveller) -> dict:
    case = meetings.register_invitation(
        actor=p["front_desk"],
        source=LetterSource.EOFFICE,
        addressee="direktur_pusat",
        sender_kind="institution",
        sender_name="Dr. Rina Wulandari",
        institution_name="Kementerian Perhubungan",
        letter_number="UND-77/KEMENHUB/2026",
        letter_date=date(2026, 10, 30),
        subject="Rapat pembahasan penyesuaian harga kontrak",
        scan=validate_letter_scan(letter_scan()),
        pic_name="Dewi Lestari",
        pic_phone="+6281211112222",
        pic_email="dewi.pic@kemenhub.go.id",
        proposed_slots=[datetime(2026, 11, 4, 10, 0, tzinfo=WIB)],
        platform="Zoom",
        link="https://zoom.us/j/123",
    )
    letters.check_letter(consultation=case, actor=p["front_desk"], ticked=["signed", "letterhead"])
    letters.receive_letter(consultation=case, actor=p["director"])
    letters.dispose(consultation=case, actor=p["director"], to=p["staff"], ticks=["hadiri_wakili"])
    steps = {"invitation_disposed": (case, latest(case, EventType.DISPOSED), p["director"])}
    meetings.confirm_meeting(
        consultation=case,
        actor=p["staff"],
        starts_at=datetime(2026, 11, 4, 10, 0, tzinfo=WIB),
        ends_at=datetime(2026, 11, 4, 11, 0, tzinfo=WIB),
        platform="Zoom",
        link="https://zoom.us/j/123",
        team=[p["staff"], p["lead"]],
    )
    traveller.move_to(datetime(2026, 11, 4, 15, 0, tzinfo=WIB))
    meeting_reports.write_report(
        consultation=case,
        author=p["staff"],
        held_on=date(2026, 11, 4),
        attendees_lkpp="Staf Pusat",
        attendees_applicant="Dewi Lestari (PIC)",
        problem="Penyesuaian harga aspal.",
        discussion="Klausul kontrak.",
        kinds=["rekomendasi"],
        advice="Lakukan penyesuaian sesuai formula kontrak.",
    )
    steps["report_written"] = (case, latest(case, EventType.REPORT_WRITTEN), p["staff"])
    meeting_reports.approve_report(consultation=case, actor=p["lead"])
    steps["report_approved"] = (case, latest(case, EventType.REPORT_APPROVED), p["lead"])
    return steps


def complaint_journey(p) -> dict:
    complaint = complaints.file_complaint(
        kind=Kind.PENGADUAN, text="Petugas tidak membalas.", directorate=directorate("pusat")
    ).complaint
    steps = {"complaint_filed": (complaint, complaint.events.get(type="filed"), None)}
    complaints.reroute(
        complaint=complaint, directorate=directorate("daerah"), reason="Tentang pemda.", actor=p["handler"]
    )
    steps["complaint_rerouted"] = (complaint, complaint.events.get(type="rerouted"), p["handler"])
    return steps


def run(journey: str, people, traveller) -> dict:
    return {
        "letter": lambda: letter_journey(people),
        "walk_in": lambda: walk_in_journey(people),
        "meeting": lambda: meeting_journey(people, traveller),
        "complaint": lambda: complaint_journey(people),
    }[journey]()


# --- the table: hand-off x recipient -----------------------------------------------------------

TABLE = [
    # journey, step, who is told, notice kind, e-mail template
    ("letter", "disposed_to_lead", "lead", notices.KIND_ASSIGNED, HANDOFF),
    ("letter", "disposed_to_staff", "staff", notices.KIND_ASSIGNED, HANDOFF),
    ("letter", "draft_written", "lead", notices.KIND_DRAFT_REVIEW, HANDOFF),
    ("letter", "draft_returned", "staff", notices.KIND_DRAFT_RETURNED, HANDOFF),
    ("letter", "draft_rewritten", "lead", notices.KIND_DRAFT_REVIEW, HANDOFF),
    ("letter", "draft_passed", "director", notices.KIND_DRAFT_APPROVAL, HANDOFF),
    ("letter", "letter_issued", "staff", notices.KIND_LETTER_ISSUED, HANDOFF),
    ("letter", "letter_issued", "lead", notices.KIND_LETTER_ISSUED, HANDOFF),
    ("walk_in", "guest_handed", "advisor", notices.KIND_ASSIGNED, HANDOFF),
    ("walk_in", "guest_passed_on", "colleague", notices.KIND_ASSIGNED, HANDOFF),
    ("meeting", "invitation_disposed", "staff", notices.KIND_ASSIGNED, HANDOFF),
    ("meeting", "report_written", "lead", notices.KIND_REPORT_APPROVAL, HANDOFF),
    ("meeting", "report_approved", "staff", notices.KIND_REPORT_APPROVED, HANDOFF),
    ("complaint", "complaint_filed", "handler", complaint_notices.KIND_NEW, STAFF_MAIL),
    ("complaint", "complaint_rerouted", "handler_daerah", complaint_notices.KIND_REROUTED, STAFF_MAIL),
]
# Steps that hand the case to nobody: the sender is told by the channel's own e-mails,
# and the Director's approval leaves the next step (issuing) to the Director.
SILENT = [("letter", "registered"), ("letter", "received"), ("letter", "draft_approved")]


def told_by(subject, event) -> tuple[list[Notice], list[OutboundEmail]]:
    """The staff notices and e-mails ``event`` caused (keyed by it)."""
    cause = f":complaint-event-{event.pk}:" if isinstance(subject, Complaint) else f":event-{event.pk}:"
    staff_mails = OutboundEmail.objects.filter(
        dedupe_key__contains=cause, template__in=[HANDOFF, STAFF_MAIL, "case-assigned"]
    )
    return list(Notice.objects.filter(dedupe_key__contains=cause)), list(staff_mails)


def replay(subject, event) -> None:
    """The announcement again, as a retried task or a second call would make it."""
    if isinstance(subject, Complaint):
        if event.type == "rerouted":
            complaint_notices.arrived(subject, event)
        else:
            complaint_notices.filed(subject, event, code="X")
        return
    assert handoffs.announce(subject, event) == 0


@pytest.mark.parametrize(
    ("journey", "step", "who", "kind", "template"), TABLE, ids=[f"{row[1]}->{row[2]}" for row in TABLE]
)
def test_each_handoff_tells_its_people_once(monday, people, journey, step, who, kind, template):
    subject, event, actor = run(journey, people, monday)[step]
    user = people[who]
    notices_, mails = told_by(subject, event)

    mine = [n for n in notices_ if n.recipient_id == user.pk]
    assert [n.kind for n in mine] == [kind]
    url = (
        case_path(subject, for_staff=True)
        if isinstance(subject, Consultation)
        else complaint_notices.staff_path(subject)
    )
    assert mine[0].url == url and subject.number in mine[0].text
    assert [m.template for m in mails if m.recipient == user.email] == [template]
    # The step's people, and nobody else: not the actor, not the bystander.
    expected = {people[row[2]].pk for row in TABLE if row[:2] == (journey, step)}
    assert {n.recipient_id for n in notices_} == expected
    assert {m.recipient for m in mails} == {u.email for u in people.values() if u.pk in expected}
    assert actor is None or actor.pk not in expected

    replay(subject, event)
    assert told_by(subject, event) == (notices_, mails)


@pytest.mark.parametrize(("journey", "step"), SILENT, ids=[row[1] for row in SILENT])
def test_steps_that_hand_nothing_tell_no_staff(monday, people, journey, step):
    subject, event, _actor = run(journey, people, monday)[step]
    assert told_by(subject, event) == ([], [])


def test_a_letter_carried_to_issue_tells_each_person_what_to_do_next(
    monday, people, django_capture_on_commit_callbacks
):
    """The notices alone carry the letter: each says whose move it is and what the move is."""
    steps = letter_journey(people)
    texts = {
        step: Notice.objects.get(dedupe_key__contains=f":event-{event.pk}:", recipient=people[who]).text
        for step, who in [
            ("disposed_to_lead", "lead"),
            ("draft_written", "lead"),
            ("draft_returned", "staff"),
            ("draft_passed", "director"),
            ("letter_issued", "staff"),
        ]
        for event in [steps[step][1]]
    }
    assert "lembar disposisi" in texts["disposed_to_lead"]
    assert "menunggu telaah Anda" in texts["draft_written"] and "versi 1" in texts["draft_written"]
    assert "susun versi perbaikan" in texts["draft_returned"]
    assert "menunggu persetujuan Anda" in texts["draft_passed"] and "versi 2" in texts["draft_passed"]
    issued = steps["letter_issued"][0].answer_letter
    assert issued.number in texts["letter_issued"]


def test_the_handoff_mail_says_the_notice_and_links_the_staff_page(monday, people):
    case, event, _actor = letter_journey(people, until="draft_passed")["draft_passed"]
    row = OutboundEmail.objects.get(dedupe_key__contains=f":event-{event.pk}:", recipient=people["director"].email)
    deliver(row.pk)
    sent = mail.outbox[-1]
    assert sent.to == [people["director"].email]
    assert case.number in sent.subject and "menunggu persetujuan Anda" in sent.subject
    assert "versi 2" in sent.body and case_path(case, for_staff=True) in sent.body
    assert "&#x27;" not in sent.subject


def test_a_digest_reader_gets_the_notice_now_and_the_handoff_in_the_digest(monday, people):
    director = people["director"]
    director.notification_digest = True
    director.save(update_fields=["notification_digest"])
    case, event, _actor = letter_journey(people, until="draft_passed")["draft_passed"]
    notices_, mails = told_by(case, event)
    assert [(n.recipient_id, n.kind) for n in notices_] == [(director.pk, notices.KIND_DRAFT_APPROVAL)]
    assert mails == []  # folded into the digest

    evening = MONDAY + timedelta(hours=7)
    assert notices.send_daily_digests(now=evening) == 1
    digest = OutboundEmail.objects.get(template="deadline-digest", recipient=director.email)
    assert [item["text"] for item in digest.context["handoffs"]] == [notices_[0].text]
    deliver(digest.pk)
    assert "1 menunggu Anda" in mail.outbox[-1].subject and case.number in mail.outbox[-1].body

    # Read in the app: the next day's digest has nothing left to say.
    Notice.objects.filter(recipient=director).update(read_at=evening)
    assert notices.send_daily_digests(now=evening + timedelta(days=1)) == 0


def test_an_inactive_or_moved_person_is_not_told(monday, people):
    """Recipients are read from the case at the step: a team lead who left the
    directorate is not the reviewer any more; its other team leads are."""
    other_lead = InternalUserFactory(
        email="ketua.lain@lkpp.go.id", role=Role.TEAM_LEAD, directorate=directorate("pusat")
    )
    case = letter_journey(people, until="draft_passed")["draft_passed"][0]
    people["lead"].directorate = directorate("daerah")
    people["lead"].save(update_fields=["directorate"])
    drafting.review_draft(
        draft=drafting.latest_draft(case), reviewer=people["director"], decision="return", notes="Perbaiki."
    )
    third = drafting.write_draft(consultation=case, author=people["staff"], kinds=["pendapat"], body="Versi ketiga.")
    event = latest(case, EventType.DRAFT_WRITTEN)
    assert event.data["version"] == third.version
    assert {n.recipient_id for n in told_by(case, event)[0]} == {other_lead.pk}


def test_a_complaint_logged_by_a_handler_does_not_tell_them(monday, people):
    filed = complaints.log_complaint(
        actor=people["handler"],
        channel="telepon",
        kind=Kind.SARAN,
        text="Mohon jam layanan diperpanjang.",
        directorate=directorate("pusat"),
    )
    event = ComplaintEvent.objects.get(complaint=filed.complaint, type="filed")
    assert told_by(filed.complaint, event) == ([], [])
