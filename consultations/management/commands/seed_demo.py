"""Demo data for trying E-Advokasi: one account per role, categories, the calendar, and a
few consultations in different states (made through the services, like real ones).

Only with DEBUG on (never in production). Safe to run again: it creates what is missing
and leaves everything else alone.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import Directorate, InstitutionType, Role, User
from accounts.services import complete_applicant_signup, create_internal_user, mark_email_verified
from accounts.validators import normalize_phone
from consultations import services
from consultations.models import AnswerKind, Category, Consultation, ProcurementStage
from workdays.services import sync_from_package

DEMO_PASSWORD = "advokasi-demo"

# email, full name, role, directorate code
INTERNAL = [
    ("admin@demo.advokasi.id", "Admin Sistem", Role.ADMIN, None),
    ("sekretariat@demo.advokasi.id", "Sari Sekretariat", Role.FRONT_DESK, None),
    ("direktur.pusat@demo.advokasi.id", "Dr. Pusaka Wibowo", Role.DIRECTOR, "pusat"),
    ("direktur.daerah@demo.advokasi.id", "Dewi Daerahwati", Role.DIRECTOR, "daerah"),
    ("direktur.hukum@demo.advokasi.id", "Hendra Hukumsyah, S.H.", Role.DIRECTOR, "hukum"),
    ("ketua.pusat@demo.advokasi.id", "Kurnia Ketua", Role.TEAM_LEAD, "pusat"),
    ("pegawai.pusat@demo.advokasi.id", "Putri Pegawai", Role.STAFF, "pusat"),
    ("pegawai.daerah@demo.advokasi.id", "Dimas Pegawai", Role.STAFF, "daerah"),
    ("pengaduan.pusat@demo.advokasi.id", "Pandu Pengaduan", Role.COMPLAINT_HANDLER, "pusat"),
]

# email, full name, phone, institution, institution type
APPLICANTS = [
    ("pemohon@demo.advokasi.id", "Ayu Pemohon", "081234567890",
     "Dinas Pekerjaan Umum Kota Bandung", InstitutionType.PEMDA),
    ("penyedia@demo.advokasi.id", "Bima Penyedia", "+62 811 2233 4455",
     "PT Contoh Konstruksi Nusantara", InstitutionType.PENYEDIA),
]


class Command(BaseCommand):
    help = "Create demo accounts (password 'advokasi-demo'), categories, the holiday calendar and sample cases."

    def add_arguments(self, parser):
        parser.add_argument("--skip-calendar", action="store_true", help="do not sync holidays")
        parser.add_argument("--skip-cases", action="store_true", help="do not create sample consultations")

    def handle(self, *args, skip_calendar: bool = False, skip_cases: bool = False, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo only runs with DEBUG on; it creates accounts with a public password.")
        created = self._accounts()
        self.stdout.write(f"accounts: {created} created, {len(INTERNAL) + len(APPLICANTS) - created} already there")
        self.stdout.write(f"categories: {Category.objects.active().count()} active")
        if not skip_calendar:
            result = sync_from_package()
            self.stdout.write(f"calendar: {result}")
        if not skip_cases:
            made = self._cases()
            self.stdout.write(f"consultations: {made} sample cases created" if made else "consultations: samples already there")
        self.stdout.write(self.style.SUCCESS(f"demo data ready; every demo account's password is '{DEMO_PASSWORD}'"))

    @transaction.atomic
    def _accounts(self) -> int:
        created = 0
        for email, name, role, code in INTERNAL:
            if User.objects.filter(email=email).exists():
                continue
            directorate = Directorate.objects.get(code=code) if code else None
            create_internal_user(
                email=email, full_name=name, role=role, directorate=directorate, password=DEMO_PASSWORD
            )
            created += 1
        for email, name, phone, institution, kind in APPLICANTS:
            if User.objects.filter(email=email).exists():
                continue
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=name)
            mark_email_verified(user)
            complete_applicant_signup(
                user=user, full_name=name, phone=normalize_phone(phone), institution_name=institution,
                institution_type=kind, id_document_type="", id_document_number="",
            )
            created += 1
        return created

    def _cases(self) -> int:
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
