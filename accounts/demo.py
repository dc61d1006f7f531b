"""Demo personas: one account per role, and two applicants (``manage.py seed_demo``).
Every demo account's password is ``DEMO_PASSWORD``; created only with DEBUG on.

Staff must sign in with a second factor (accounts/two_factor.py): every demo staff
account has an authenticator app with the published ``DEMO_TOTP_SECRET``, which seed_demo
prints. Add it to any authenticator app (or run ``oathtool --totp -b <secret>``) to get the
codes. With DEBUG off its codes are refused, and ``check --deploy`` fails while any
account holds it."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from .models import Directorate, InstitutionType, Role, User
from .phones import to_e164
from .services import complete_applicant_signup, create_internal_user, mark_email_verified
from .two_factor import DEMO_TOTP_SECRET, activate_authenticator_app, has_authenticator_app

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


def seed(write: Callable[[str], object], *, calendar: bool, samples: bool) -> None:
    created = _personas()
    write(f"accounts: {created} created, {len(INTERNAL) + len(APPLICANTS) - created} already there")
    write(
        f"accounts: demo staff sign in with a code from an authenticator app set up with the "
        f"demo secret {DEMO_TOTP_SECRET} (development only; applicants need no code)"
    )


@transaction.atomic
def _personas() -> int:
    created = 0
    for email, name, role, code in INTERNAL:
        user = User.objects.filter(email=email).first()
        if user is None:
            directorate = Directorate.objects.get(code=code) if code else None
            user = create_internal_user(
                email=email, full_name=name, role=role, directorate=directorate, password=DEMO_PASSWORD
            )
            created += 1
        if not has_authenticator_app(user):
            activate_authenticator_app(user, DEMO_TOTP_SECRET)
    for email, name, phone, institution, kind in APPLICANTS:
        if User.objects.filter(email=email).exists():
            continue
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=name)
        mark_email_verified(user)
        complete_applicant_signup(
            user=user, full_name=name, phone=to_e164(phone), institution_name=institution,
            institution_type=kind, id_document_type="", id_document_number="",
        )
        created += 1
    return created
