"""Cases of every channel with their records, made as the desks make them (the services),
for the case page's speed and record tests: ``make_people``, then ``<channel>_case`` and
``grow_<channel>`` (``count`` more of each record the page lists)."""

from __future__ import annotations

from datetime import date, datetime

from accounts.models import Role
from accounts.tests.factories import InternalUserFactory, directorate
from consultations.channels.daring import services as meetings
from consultations.channels.surat import drafting
from consultations.channels.surat import services as letters
from consultations.channels.tatap_muka import services as walk_ins
from consultations.models import Category, DutyDay, LetterSource, WalkInAuthorization
from consultations.services import steps
from core.time import WIB
from files.checks import validate_letter_scan, validate_uploads
from files.tests.builders import letter_scan, pdf

# A Monday morning in WIB with the real calendar: the desks are open.
MONDAY = datetime(2026, 11, 2, 9, 0, tzinfo=WIB)


def make_people(front_desk, director_pusat) -> dict:
    """The front desk, the director, a team lead and two staff members of pusat."""
    pusat = directorate("pusat")
    return {
        "front_desk": front_desk,
        "director": director_pusat,
        "lead": InternalUserFactory(email="ketua.cepat@lkpp.go.id", full_name="Kurnia Ketua", role=Role.TEAM_LEAD,
                                    directorate=pusat),
        "staff": InternalUserFactory(email="staf.cepat@lkpp.go.id", full_name="Putri Pegawai", role=Role.STAFF,
                                     directorate=pusat),
        "colleague": InternalUserFactory(email="rekan.cepat@lkpp.go.id", full_name="Rudi Rekan", role=Role.STAFF,
                                         directorate=pusat),
    }


def letter_case(people):
    case = letters.register_letter(
        actor=people["front_desk"], source=LetterSource.PAPER, addressee="direktur_pusat", sender_kind="institution",
        sender_name="Dr. Rina Wulandari", institution_name="Kementerian Perhubungan", letter_number="B-1/2026",
        letter_date=date(2026, 10, 28), subject="Penyesuaian harga", summary="Kontrak tahun jamak.",
        contact_email="rina@dephub.go.id", contact_phone="+62213811308", scan=validate_letter_scan(letter_scan()),
    )
    case = letters.check_letter(consultation=case, actor=people["front_desk"],
                                ticked=["signed", "letterhead", "stamped_or_esigned"])
    case = letters.receive_letter(consultation=case, actor=people["director"])
    letters.dispose(consultation=case, actor=people["director"], to=people["lead"], ticks=["siapkan_jawaban"])
    return case


def grow_letter(case, people, count: int) -> None:
    """``count`` more dispositions, drafts (each with a file, returned by the lead) and notes."""
    for n in range(count):
        letters.dispose(consultation=case, actor=people["director"], to=people["lead"], instructions=f"Arahan {n}")
        draft = drafting.write_draft(consultation=case, author=people["lead"], kinds=["pendapat"], body=f"Konsep {n}",
                                     files=validate_uploads([pdf(f"lampiran-{n}.pdf")]))
        drafting.review_draft(draft=draft, reviewer=people["director"], decision="return", notes=f"Perbaiki {n}")
        steps.add_internal_note(consultation=case, author=people["staff"], body=f"Catatan {n}")


def meeting_case(people):
    case = meetings.register_invitation(
        actor=people["front_desk"], source=LetterSource.EOFFICE, addressee="direktur_pusat", sender_kind="institution",
        sender_name="Dr. Rina Wulandari", institution_name="Kementerian Perhubungan", letter_number="UND-1/2026",
        letter_date=date(2026, 10, 30), subject="Rapat penyesuaian harga", scan=validate_letter_scan(letter_scan()),
        pic_name="Dewi Lestari", pic_phone="+6281211112222", pic_email="dewi.pic@kemenhub.go.id",
        proposed_slots=[datetime(2026, 11, 4, 10, 0, tzinfo=WIB)], platform="Zoom", link="https://zoom.us/j/1",
    )
    letters.check_letter(consultation=case, actor=people["front_desk"], ticked=["signed", "letterhead"])
    case = letters.receive_letter(consultation=case, actor=people["director"])
    letters.dispose(consultation=case, actor=people["director"], to=people["staff"], ticks=["hadiri_wakili"])
    case.refresh_from_db()
    meetings.confirm_meeting(consultation=case, actor=people["staff"], starts_at=datetime(2026, 11, 4, 10, 0, tzinfo=WIB),
                             ends_at=datetime(2026, 11, 4, 11, 0, tzinfo=WIB), platform="Zoom",
                             link="https://zoom.us/j/1", team=[people["staff"], people["lead"]])
    return case


def grow_meeting(case, people, count: int) -> None:
    """``count`` more messages with the PIC, schedule changes and notes."""
    for n in range(count):
        meetings.message_pic(consultation=case, author=people["staff"], body=f"Pesan {n}")
        meetings.reschedule_meeting(
            consultation=case, actor=people["staff"], starts_at=datetime(2026, 11, 5, 10, n, tzinfo=WIB),
            ends_at=datetime(2026, 11, 5, 11, n, tzinfo=WIB), platform="Zoom", link="https://zoom.us/j/2",
            reason=f"Alasan {n}",
        )
        steps.add_internal_note(consultation=case, author=people["staff"], body=f"Catatan {n}")


def walk_in_case(people, files: int):
    category = Category.objects.get(code="perencanaan")
    for who in ("staff", "colleague"):
        WalkInAuthorization.objects.get_or_create(user=people[who], category=category)
        DutyDay.objects.get_or_create(user=people[who], date=MONDAY.date())
    form = walk_ins.submit_visit_form(
        name="Sri Wahyuni", email="sri.wahyuni@contoh.go.id", phone="+6281234567890",
        institution_name="Dinas PUPR", institution_type="pemda", category=category,
        question="Bagaimana menyusun HPS?", files=validate_uploads([pdf(f"berkas-{n}.pdf") for n in range(files)]),
    )
    case = walk_ins.register_visit(actor=people["front_desk"], form=form, ticked=["email", "identity_document",
                                   "phone", "form"], id_document_type="ktp", id_number_last4="A234")
    walk_ins.hand_off(consultation=case, actor=people["front_desk"], to=people["staff"])
    return case


def grow_walk_in(case, people, count: int) -> None:
    """``count`` more hand-offs between the two staff on duty, and notes."""
    holder, other = people["staff"], people["colleague"]
    for n in range(count):
        case.refresh_from_db()
        if case.assignee_id != holder.pk:
            holder, other = other, holder
        walk_ins.hand_off(consultation=case, actor=holder, to=other, reason=f"Alasan {n}")
        steps.add_internal_note(consultation=case, author=people["staff"], body=f"Catatan {n}")


