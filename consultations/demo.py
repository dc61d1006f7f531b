"""Demo data of the consultation desk (``manage.py seed_demo``): the categories' count,
three sample website cases and four letters in different states, made through the
services like real ones. Runs after accounts' demo personas (INSTALLED_APPS order)."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User

from . import services
from .channels import Channel
from .models import AnswerKind, Category, Consultation, ProcurementStage


def seed(write: Callable[[str], object], *, calendar: bool, samples: bool) -> None:
    write(f"categories: {Category.objects.active().count()} active")
    if samples:
        made = _sample_cases()
        write(f"consultations: {made} sample cases created" if made else "consultations: samples already there")
        made = _sample_letters(write)
        write(f"letters: {made} sample letters created" if made else "letters: samples already there")


def _sample_cases() -> int:
    """Three cases: one waiting, one in hand with a message, one answered. Only when the
    demo applicants have none yet, so that running again adds nothing."""
    ayu = User.objects.get(email="pemohon@demo.advokasi.id")
    bima = User.objects.get(email="penyedia@demo.advokasi.id")
    if Consultation.objects.filter(applicant__in=[ayu, bima]).exists():
        return 0
    staff = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@demo.advokasi.id")}

    def submit(applicant, code, subject, description, stage, package=""):
        return services.submit_website_consultation(
            applicant=applicant,
            category=Category.objects.get(code=code),
            subject=subject,
            description=description,
            institution_name=applicant.profile.institution_name,
            fiscal_year=2025,
            procurement_stage=stage,
            procurement_package=package,
        )

    submit(
        ayu, "perencanaan", "Penyusunan HPS pembangunan jembatan desa",
        "Kami menyusun HPS untuk pembangunan jembatan desa. Harga satuan material di daerah kami "
        "jauh di atas standar harga provinsi. Referensi mana yang dapat kami gunakan?",
        ProcurementStage.PERENCANAAN, "Pembangunan Jembatan Desa Sukamaju",
    )
    in_hand = submit(
        bima, "kontrak", "Keterlambatan pembayaran termin kedua",
        "Pekerjaan termin kedua telah diserahterimakan sebulan lalu, tetapi pembayaran belum "
        "dilakukan. Apa yang dapat kami lakukan sesuai kontrak?",
        ProcurementStage.PELAKSANAAN_KONTRAK, "RUP 41234567",
    )
    services.assign(consultation=in_hand, assignee=staff["pegawai.pusat"], actor=staff["direktur.pusat"])
    services.post_message(
        consultation=in_hand, author=staff["pegawai.pusat"],
        body="Mohon unggah berita acara serah terima dan salinan kontraknya.",
    )
    answered = submit(
        bima, "hukum", "Pemutusan kontrak sepihak oleh PPK",
        "PPK memutus kontrak kami karena keterlambatan yang disebabkan perubahan desain dari "
        "pihak PPK sendiri. Apakah pemutusan ini sah?",
        ProcurementStage.PELAKSANAAN_KONTRAK,
    )
    services.send_answer(
        consultation=answered, author=staff["direktur.hukum"],
        kinds=[AnswerKind.PENDAPAT, AnswerKind.REKOMENDASI],
        text="Keterlambatan akibat perubahan desain oleh PPK bukan kesalahan penyedia. "
        "Kami merekomendasikan penyelesaian melalui musyawarah sesuai syarat-syarat kontrak.",
    )
    return 3


def _scan(name: str) -> SimpleUploadedFile:
    """A one-page PDF standing in for a scanned, signed letter."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


LETTERS = [
    # sender, institution, their number, subject, e-mail
    ("Dr. Rina Wulandari", "Kementerian Perhubungan", "B-123/KEMENHUB/X/2026",
     "Permohonan pendapat atas penyesuaian harga kontrak tahun jamak", "rina.wulandari@contoh.go.id"),
    ("Ir. Bambang Sutrisno", "Pemerintah Provinsi Jawa Tengah", "027/1123/BPBJ/2026",
     "Permohonan rekomendasi atas tender ulang yang gagal dua kali", "bambang.sutrisno@contoh.go.id"),
    ("Siti Aminah, S.H.", "PT Jaya Konstruksi Abadi", "045/JKA-DIR/X/2026",
     "Permohonan pendapat atas pemutusan kontrak oleh PPK", "siti.aminah@contoh.co.id"),
    ("Drs. Agus Salim", "Kementerian Kesehatan", "PR.03.01/2/4521/2026",
     "Permohonan saran atas pengadaan alat kesehatan melalui e-katalog", "agus.salim@contoh.go.id"),
]


def _sample_letters(write: Callable[[str], object]) -> int:
    """Four letters to the Directorate for central government: on the Director's desk
    waiting for receipt, disposed to the team lead, a draft under the team lead's
    review, and answered with its PDF. Only when no letter exists yet."""
    if Consultation.objects.filter(channel=Channel.SURAT).exists():
        return 0
    people = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@demo.advokasi.id")}
    desk, director = people["sekretariat"], people["direktur.pusat"]
    lead, staff = people["ketua.pusat"], people["pegawai.pusat"]
    today = timezone.localdate()
    cases = []
    for index, (name, institution, number, subject, email) in enumerate(LETTERS):
        case = services.register_letter(
            actor=desk, source="eoffice" if index % 2 else "paper", addressee="direktur_pusat",
            sender_kind="institution", sender_name=name, institution_name=institution, letter_number=number,
            letter_date=today - timedelta(days=3 + index), subject=subject, contact_email=email,
            summary="Uraian permasalahan sebagaimana terlampir dalam surat.", scan=_scan(f"surat-{index + 1}.pdf"),
            eoffice_reference=f"EO-2026-{1000 + index}" if index % 2 else "",
        )
        services.check_letter(consultation=case, actor=desk, ticked=["signed", "letterhead", "stamped_or_esigned"])
        cases.append(case)
    waiting, disposed, reviewing, answered = cases
    for case in (disposed, reviewing, answered):
        services.receive_letter(consultation=case, actor=director)
        services.dispose(
            consultation=case, actor=director, to=lead, ticks=["siapkan_jawaban", "koordinasikan"],
            instructions="Mohon disiapkan jawaban dan dikoordinasikan dengan unit terkait.",
        )
    for case in (reviewing, answered):
        services.dispose(consultation=case, actor=lead, to=staff, ticks=["untuk_ditindaklanjuti"],
                         instructions="Susun konsep jawaban.")
    services.write_draft(
        consultation=reviewing, author=staff, kinds=[AnswerKind.REKOMENDASI],
        body="Berdasarkan ketentuan yang berlaku, tender dapat diulang dengan menyederhanakan persyaratan.",
    )
    draft = services.write_draft(
        consultation=answered, author=staff, kinds=[AnswerKind.PENDAPAT, AnswerKind.TINDAKAN_KOREKSI],
        body="Pemutusan kontrak harus didahului pemberian kesempatan dan teguran sesuai syarat-syarat kontrak.\n\n"
        "Kami menyarankan PPK meninjau kembali keputusan tersebut.",
    )
    services.review_draft(draft=draft, reviewer=lead, decision="approve")
    services.review_draft(draft=draft, reviewer=director, decision="approve")
    try:
        services.issue_answer_letter(consultation=answered, actor=director)
    except ValidationError as exc:  # WeasyPrint missing its libraries: the rest still stands
        write(f"letters: the answer letter was not issued ({' '.join(exc.messages)})")
    return len(cases)
