"""Work for every staff role's home, made through the real services: letters at each step
of the letter desk, a walk-in guest handed to a staff member, website cases at risk and
late, complaints, and (on its own, since it needs the meeting day) a meeting report
waiting for approval.

Time: Monday 2 November 2026, 09:00 WIB, with the real calendar (the caller freezes it:
:data:`MONDAY`); the website cases are filed on earlier days so that on that Monday
one is due today (at risk) and one was due last Friday (late).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import time_machine

from accounts.models import InstitutionType, User
from complaints import services as complaint_services
from complaints.models import Complaint
from consultations.channels.daring import meeting_reports
from consultations.channels.daring import services as meetings
from consultations.channels.surat import drafting
from consultations.channels.surat import services as letters
from consultations.channels.tatap_muka import services as walk_ins
from consultations.models import Category, Consultation, DutyDay, LetterSource, WalkInAuthorization
from consultations.services import steps
from consultations.tests.factories import set_institution_type, submit
from core.time import WIB
from files.checks import validate_letter_scan
from files.tests.builders import letter_scan

MONDAY = datetime(2026, 11, 2, 9, 0, tzinfo=WIB)
# Ten working days before MONDAY's end: a website case filed then is due on MONDAY.
DUE_TODAY_FILED = datetime(2026, 10, 19, 10, 0, tzinfo=WIB)
# ... and one filed a working day earlier was due last Friday.
DUE_FRIDAY_FILED = datetime(2026, 10, 16, 10, 0, tzinfo=WIB)
LETTER_ITEMS = ["signed", "letterhead", "stamped_or_esigned"]


def register_letter(front_desk: User, n: int, **overrides) -> Consultation:
    """Letter ``n`` (each its own number and subject), to the Director of pusat."""
    fields = dict(
        actor=front_desk, source=LetterSource.PAPER, addressee="direktur_pusat", sender_kind="institution",
        sender_name=f"Pengirim Surat {n}", institution_name="Kementerian Perhubungan",
        letter_number=f"B-{n:03d}/KEMENHUB/X/2026", letter_date=date(2026, 10, 28),
        subject=f"Surat nomor {n} tentang penyesuaian harga", summary="Kontrak terdampak kenaikan harga aspal.",
        contact_email=f"pengirim{n}@dephub.go.id", contact_phone="+62213811308",
        scan=validate_letter_scan(letter_scan()),
    )
    fields.update(overrides)
    return letters.register_letter(**fields)


def on_desk(front_desk: User, n: int) -> Consultation:
    case = register_letter(front_desk, n)
    return letters.check_letter(consultation=case, actor=front_desk, ticked=LETTER_ITEMS)


def disposed_to(front_desk: User, director: User, n: int, lead: User, member: User | None = None) -> Consultation:
    """Received and disposed to ``lead`` (and by the lead on to ``member``)."""
    case = on_desk(front_desk, n)
    letters.receive_letter(consultation=case, actor=director)
    letters.dispose(consultation=case, actor=director, to=lead, ticks=["siapkan_jawaban"], instructions="Siapkan.")
    if member is not None:
        letters.dispose(consultation=case, actor=lead, to=member, ticks=["untuk_ditindaklanjuti"], instructions="Susun.")
    case.refresh_from_db()
    return case


def draft(case: Consultation, author: User, body: str = "Penyesuaian harga dapat dilakukan."):
    return drafting.write_draft(consultation=case, author=author, kinds=["pendapat"], body=body)


@dataclass
class Work:
    unchecked: Consultation  # the secretariat checks it
    waiting: Consultation  # the Director receives it
    disposed: Consultation  # the team lead passes it on
    in_review: Consultation  # the team lead reviews its draft
    to_approve: Consultation  # the Director approves its draft
    returned: Consultation  # the staff member rewrites its draft
    guest: Consultation  # a walk-in guest handed to the staff member
    due_today: Consultation  # the staff member's website case, at risk
    overdue: Consultation  # the staff member's website case, late
    complaint: Complaint  # the complaint handler's, on time
    late_complaint: Complaint  # the complaint handler's, late


def walk_in_category() -> Category:
    return Category.objects.get(code="perencanaan")


def seed(*, front_desk: User, director: User, lead: User, member: User, applicant: User) -> Work:
    """All of it, at :data:`MONDAY` (the caller has frozen time there, ``tick=False``);
    the directorate is ``member``'s (pusat)."""
    set_institution_type(applicant, InstitutionType.KL)  # her questions go to pusat
    with time_machine.travel(DUE_FRIDAY_FILED, tick=False):
        overdue = steps.assign(consultation=submit(applicant, subject="Kasus yang sudah terlambat"),
                               assignee=member, actor=director)
        late_complaint = complaint_services.file_complaint(
            kind="pengaduan", text="Jawaban belum juga kami terima.", directorate=member.directorate,
        ).complaint
    with time_machine.travel(DUE_TODAY_FILED, tick=False):
        due_today = steps.assign(consultation=submit(applicant, subject="Kasus yang jatuh tempo hari ini"),
                                 assignee=member, actor=director)

    unchecked = register_letter(front_desk, 1)
    waiting = on_desk(front_desk, 2)
    disposed = disposed_to(front_desk, director, 3, lead)
    in_review = disposed_to(front_desk, director, 4, lead, member)
    draft(in_review, member)
    to_approve = disposed_to(front_desk, director, 5, lead, member)
    drafting.review_draft(draft=draft(to_approve, member), reviewer=lead, decision="approve")
    returned = disposed_to(front_desk, director, 6, lead, member)
    drafting.review_draft(draft=draft(returned, member), reviewer=lead, decision="return",
                          notes="Lengkapi dasar hukumnya.")

    category = walk_in_category()
    WalkInAuthorization.objects.get_or_create(user=member, category=category)
    DutyDay.objects.get_or_create(user=member, date=MONDAY.date())
    form = walk_ins.submit_visit_form(
        name="Sri Wahyuni", email="sri.wahyuni@contoh.go.id", phone="+6281234567890",
        institution_name="Dinas PUPR Kabupaten Bantul", institution_type="pemda", category=category,
        question="Bagaimana menyusun HPS untuk pekerjaan jalan desa?",
    )
    guest = walk_ins.register_visit(actor=front_desk, form=form, ticked=["email", "identity_document", "phone", "form"],
                                    id_document_type="ktp", id_number_last4="A234")
    walk_ins.hand_off(consultation=guest, actor=front_desk, to=member)
    guest.refresh_from_db()

    complaint = complaint_services.file_complaint(
        kind="keberatan", text="Kami keberatan atas lamanya proses.", directorate=member.directorate,
    ).complaint
    for case in (overdue, due_today):
        case.refresh_from_db()
    return Work(unchecked, waiting, disposed, in_review, to_approve, returned, guest, due_today, overdue,
                complaint, late_complaint)


def meeting_report_waiting(*, front_desk: User, director: User, lead: User, member: User) -> Consultation:
    """An online meeting confirmed now (MONDAY) for Wednesday 4 November, whose report
    ``member`` wrote that afternoon (the clock travels there and back) and nobody
    approved yet."""
    case = meetings.register_invitation(
        actor=front_desk, source=LetterSource.EOFFICE, addressee="direktur_pusat", sender_kind="institution",
        sender_name="Dr. Rina Wulandari", institution_name="Kementerian Perhubungan",
        letter_number="UND-77/KEMENHUB/2026", letter_date=date(2026, 10, 30),
        subject="Rapat pembahasan penyesuaian harga kontrak", scan=validate_letter_scan(letter_scan()),
        pic_name="Dewi Lestari", pic_phone="+6281211112222", pic_email="dewi.pic@kemenhub.go.id",
        proposed_slots=[datetime(2026, 11, 4, 10, 0, tzinfo=WIB)], platform="Zoom", link="https://zoom.us/j/123",
    )
    letters.check_letter(consultation=case, actor=front_desk, ticked=["signed", "letterhead"])
    letters.receive_letter(consultation=case, actor=director)
    letters.dispose(consultation=case, actor=director, to=member, ticks=["hadiri_wakili"], instructions="Hadiri.")
    case.refresh_from_db()
    meetings.confirm_meeting(
        consultation=case, actor=member, starts_at=datetime(2026, 11, 4, 10, 0, tzinfo=WIB),
        ends_at=datetime(2026, 11, 4, 11, 0, tzinfo=WIB), platform="Zoom", link="https://zoom.us/j/123",
        team=[member, lead],
    )
    case.refresh_from_db()
    with time_machine.travel(datetime(2026, 11, 4, 15, 0, tzinfo=WIB), tick=False):
        meeting_reports.write_report(
            consultation=case, author=member, held_on=date(2026, 11, 4), attendees_lkpp="Putri Pegawai",
            attendees_applicant="Dewi Lestari (PIC)", problem="Penyesuaian harga aspal.",
            discussion="Klausul penyesuaian harga.", kinds=["rekomendasi"], advice="Sesuaikan menurut formula.",
        )
    case.refresh_from_db()
    return case
