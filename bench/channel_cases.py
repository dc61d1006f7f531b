"""One case of each channel besides the website, in directorate pusat, for the case page's
benchmark (issue 26: the case page of a letter, an online meeting and a walk-in measured).

    DJANGO_SETTINGS_MODULE=bench.settings .venv/bin/python bench/channel_cases.py

Idempotent: each case is made once, through the project's real services (as the desks
make them), with enough records that its panels are full: the letter registered,
checked, received, disposed twice, a draft returned and a second approved, the answer
letter issued; the invitation received and disposed, messages with the PIC, the meeting
confirmed and its report written (awaiting the Director's approval); the walk-in guest
registered from a form with a file, handed on once, accepted, more time asked. Each has
a few internal notes. The cases are found again by their subjects (:func:`channel_cases`,
which bench/targets.py reads).
"""

from __future__ import annotations

import os
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from accounts.models import Directorate, Role, User  # noqa: E402
from consultations.channels.daring import meeting_reports  # noqa: E402
from consultations.channels.daring import services as meetings  # noqa: E402
from consultations.channels.surat import answer_letters, drafting  # noqa: E402
from consultations.channels.surat import services as letters  # noqa: E402
from consultations.channels.tatap_muka import services as walk_ins  # noqa: E402
from consultations.models import (  # noqa: E402
    Category,
    Consultation,
    DutyDay,
    LetterSource,
    WalkInAuthorization,
)
from consultations.services import steps  # noqa: E402
from core.time import WIB  # noqa: E402
from files.checks import validate_letter_scan, validate_uploads  # noqa: E402
from files.tests.builders import letter_scan, pdf  # noqa: E402

# A Monday morning (WIB) in the past with the calendar loaded: the desks were open.
MONDAY = datetime(2026, 11, 2, 9, 0, tzinfo=WIB)
SUBJECTS = {
    "letter": "Bench: permohonan pendapat atas penyesuaian harga kontrak tahun jamak",
    "meeting": "Bench: rapat pembahasan penyesuaian harga kontrak",
    "walk_in": "Bench: bagaimana menyusun HPS untuk pekerjaan jalan desa dengan harga satuan setempat?",
}
FRONT_DESK_EMAIL = "bench.sekretariat@lkpp.go.id"


def channel_cases() -> dict[str, Consultation | None]:
    """The bench's letter, meeting and walk-in case (None for one not made yet)."""
    return {key: Consultation.objects.filter(subject=subject).order_by("pk").first() for key, subject in SUBJECTS.items()}


def _people() -> dict[str, User]:
    front_desk, _ = User.objects.get_or_create(
        email=FRONT_DESK_EMAIL,
        defaults={"full_name": "Sekretariat Bench", "role": Role.FRONT_DESK, "directorate": None},
    )
    return {
        "front_desk": front_desk,
        "director": User.objects.get(email="bench.pusat.0@lkpp.go.id"),
        "lead": User.objects.get(email="bench.pusat.1@lkpp.go.id"),
        "staff": User.objects.get(email="bench.pusat.2@lkpp.go.id"),
        "colleague": User.objects.get(email="bench.pusat.3@lkpp.go.id"),
    }


def _notes(case: Consultation, people: dict[str, User], at: datetime) -> None:
    for i, (who, body) in enumerate([
        ("director", "Mohon diprioritaskan; pemohon sudah menghubungi melalui telepon."),
        ("lead", "Periksa juga jawaban atas pertanyaan serupa tahun lalu."),
        ("staff", "Sudah dikoordinasikan dengan tim hukum."),
    ]):
        steps.add_internal_note(consultation=case, author=people[who], body=body, now=at + timedelta(minutes=i))


def make_letter(people: dict[str, User]) -> Consultation:
    t = MONDAY
    case = letters.register_letter(
        actor=people["front_desk"], source=LetterSource.PAPER, addressee="direktur_pusat", sender_kind="institution",
        sender_name="Dr. Rina Wulandari", institution_name="Kementerian Perhubungan",
        letter_number="B-123/KEMENHUB/X/2026", letter_date=date(2026, 10, 28), subject=SUBJECTS["letter"],
        summary="Kontrak tahun jamak terdampak kenaikan harga aspal; mohon pendapat atas penyesuaian harga.",
        contact_email="rina@dephub.go.id", contact_phone="+62213811308",
        scan=validate_letter_scan(letter_scan()), now=t,
    )
    case = letters.check_letter(consultation=case, actor=people["front_desk"],
                                ticked=["signed", "letterhead", "stamped_or_esigned"], now=t + timedelta(minutes=20))
    case = letters.receive_letter(consultation=case, actor=people["director"], now=t + timedelta(hours=1))
    letters.dispose(consultation=case, actor=people["director"], to=people["lead"], ticks=["siapkan_jawaban"],
                    instructions="Siapkan jawaban.", now=t + timedelta(hours=2))
    letters.dispose(consultation=case, actor=people["lead"], to=people["staff"], ticks=["untuk_ditindaklanjuti"],
                    instructions="Mohon disusun.", now=t + timedelta(hours=3))
    first = drafting.write_draft(
        consultation=case, author=people["staff"], kinds=["pendapat"], now=t + timedelta(days=1),
        body="Penyesuaian harga dapat dilakukan bila kontrak mengaturnya.",
        files=validate_uploads([pdf("lampiran-1.pdf")]),
    )
    drafting.review_draft(draft=first, reviewer=people["lead"], decision="return",
                          notes="Sebutkan pasal kontraknya.", now=t + timedelta(days=1, hours=2))
    second = drafting.write_draft(
        consultation=case, author=people["staff"], kinds=["pendapat", "saran"], now=t + timedelta(days=2),
        body="Penyesuaian harga dapat dilakukan sesuai pasal 12 kontrak; gunakan indeks harga BPS.",
        files=validate_uploads([pdf("lampiran-1.pdf"), pdf("lampiran-2.pdf")]),
    )
    drafting.review_draft(draft=second, reviewer=people["lead"], decision="approve", now=t + timedelta(days=2, hours=1))
    drafting.review_draft(draft=second, reviewer=people["director"], decision="approve",
                          now=t + timedelta(days=2, hours=2))
    answer_letters.issue_answer_letter(consultation=case, actor=people["director"], now=t + timedelta(days=2, hours=3))
    _notes(case, people, t + timedelta(days=1, hours=4))
    return case


def make_meeting(people: dict[str, User]) -> Consultation:
    t = MONDAY
    case = meetings.register_invitation(
        actor=people["front_desk"], source=LetterSource.EOFFICE, addressee="direktur_pusat",
        sender_kind="institution", sender_name="Dr. Rina Wulandari", institution_name="Kementerian Perhubungan",
        letter_number="UND-77/KEMENHUB/2026", letter_date=date(2026, 10, 30), subject=SUBJECTS["meeting"],
        scan=validate_letter_scan(letter_scan()), pic_name="Dewi Lestari", pic_phone="+6281211112222",
        pic_email="dewi.pic@kemenhub.go.id",
        proposed_slots=[datetime(2026, 11, 4, 10, 0, tzinfo=WIB), datetime(2026, 11, 5, 13, 0, tzinfo=WIB)],
        platform="Zoom", link="https://zoom.us/j/123", now=t,
    )
    letters.check_letter(consultation=case, actor=people["front_desk"], ticked=["signed", "letterhead"],
                         now=t + timedelta(minutes=20))
    case = letters.receive_letter(consultation=case, actor=people["director"], now=t + timedelta(hours=1))
    letters.dispose(consultation=case, actor=people["director"], to=people["staff"], ticks=["hadiri_wakili"],
                    instructions="Koordinasikan.", now=t + timedelta(hours=2))
    case.refresh_from_db()
    meetings.message_pic(consultation=case, author=people["staff"], now=t + timedelta(hours=3),
                         body="Apakah Rabu 4 November pukul 10.00 WIB sesuai?")
    meetings.log_pic_reply(consultation=case, author=people["staff"], now=t + timedelta(hours=4),
                           body="Sesuai, terima kasih (telepon).")
    meetings.message_pic(consultation=case, author=people["staff"], now=t + timedelta(hours=5),
                         body="Tautan rapat dikirim melalui undangan kalender.")
    meetings.confirm_meeting(
        consultation=case, actor=people["staff"], starts_at=datetime(2026, 11, 4, 10, 0, tzinfo=WIB),
        ends_at=datetime(2026, 11, 4, 11, 0, tzinfo=WIB), platform="Zoom", link="https://zoom.us/j/123",
        team=[people["staff"], people["lead"]], now=t + timedelta(hours=6),
    )
    meeting_reports.write_report(
        consultation=case, author=people["staff"], held_on=date(2026, 11, 4),
        attendees_lkpp="Pegawai pusat 2\nPegawai pusat 1", attendees_applicant="Dewi Lestari",
        problem="Penyesuaian harga kontrak tahun jamak.", discussion="Pasal penyesuaian harga dibahas.",
        kinds=["saran"], advice="Gunakan indeks harga BPS sesuai pasal 12 kontrak.",
        now=datetime(2026, 11, 4, 13, 0, tzinfo=WIB),
    )
    _notes(case, people, t + timedelta(hours=7))
    return case


def make_walk_in(people: dict[str, User]) -> Consultation:
    t = MONDAY + timedelta(hours=1)
    category = Category.objects.get(code="perencanaan")
    for who in ("staff", "colleague"):
        WalkInAuthorization.objects.get_or_create(user=people[who], category=category)
        DutyDay.objects.get_or_create(user=people[who], date=t.date())
    form = walk_ins.submit_visit_form(
        name="Sri Wahyuni", email="sri.wahyuni@contoh.go.id", phone="+6281234567890",
        institution_name="Dinas PUPR Kabupaten Bantul", institution_type="pemda", category=category,
        question=SUBJECTS["walk_in"], files=validate_uploads([pdf("denah.pdf"), pdf("rab.pdf")]),
        now=t - timedelta(days=1),
    )
    case = walk_ins.register_visit(actor=people["front_desk"], form=form,
                                   ticked=["email", "identity_document", "phone", "form"],
                                   id_document_type="ktp", id_number_last4="A234", now=t)
    walk_ins.hand_off(consultation=case, actor=people["front_desk"], to=people["staff"], now=t + timedelta(minutes=5))
    walk_ins.hand_off(consultation=case, actor=people["staff"], to=people["colleague"],
                      reason="Kasus jasa konstruksi, keahlian rekan.", now=t + timedelta(minutes=10))
    walk_ins.accept_guest(consultation=case, actor=people["colleague"], now=t + timedelta(minutes=12))
    walk_ins.need_more_time(consultation=case, actor=people["colleague"], now=t + timedelta(minutes=30),
                            reason="Perlu membaca dokumen kontrak lengkap.")
    _notes(case, people, t + timedelta(minutes=15))
    return case


MAKERS = {"letter": make_letter, "meeting": make_meeting, "walk_in": make_walk_in}


def main() -> None:
    if not Directorate.objects.filter(code="pusat").exists():
        raise SystemExit("no directorate pusat: migrate and seed first")
    people = _people()
    for key, case in channel_cases().items():
        if case is None:
            with transaction.atomic():
                case = MAKERS[key](people)
            print(f"{key}: {case.number} made")
        else:
            print(f"{key}: {case.number} exists")


if __name__ == "__main__":
    main()
