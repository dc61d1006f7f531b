"""Demo data of the consultation desk (``manage.py seed_demo``): the categories' count
and three sample website cases in different states, made through the services like real
ones. Runs after accounts' demo personas (INSTALLED_APPS order)."""

from __future__ import annotations

from collections.abc import Callable

from accounts.models import User

from . import services
from .models import AnswerKind, Category, Consultation, ProcurementStage


def seed(write: Callable[[str], object], *, calendar: bool, samples: bool) -> None:
    write(f"categories: {Category.objects.active().count()} active")
    if samples:
        made = _sample_cases()
        write(f"consultations: {made} sample cases created" if made else "consultations: samples already there")


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
