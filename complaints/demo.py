"""Demo complaints, through the desk's real services: one of each way in (the web form
anonymously and signed in, a telephone call, SP4N-LAPOR!), one followed up, one waiting
for the complainant's answer and one past its 5 working days (the sweep records the
breach). After accounts' personas and consultations' cases (INSTALLED_APPS order).

The anonymous complaint's tracking code is printed: the code is shown once, and this is
the demo's way back to the tracking page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone

from accounts.models import Directorate, User
from consultations.models import Consultation

from . import services
from .models import Channel, Complaint, Kind, follow_up_due
from .sweep import sweep_complaints


def seed(write: Callable[[str], object], *, calendar: bool, samples: bool) -> None:
    if not samples:
        return
    if Complaint.objects.exists():
        write("complaints: samples already there")
        return
    people = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@demo.advokasi.id")}
    desk, handler, ayu = people["sekretariat"], people["pengaduan.pusat"], people["pemohon"]
    pusat = Directorate.objects.get(code="pusat")
    now = timezone.now()

    anonymous = services.file_complaint(
        kind=Kind.SARAN, directorate=pusat,
        text="Mohon disediakan contoh surat permohonan konsultasi yang dapat diunduh dari halaman standar pelayanan.",
    )
    own_case = Consultation.objects.filter(applicant=ayu).order_by("created_at").first()
    services.file_complaint(
        kind=Kind.PENGADUAN, complainant=ayu, directorate=pusat,
        consultation_number=own_case.number if own_case else "",
        text="Saya belum menerima kabar atas konsultasi saya; mohon informasi perkembangannya.",
    )
    services.log_complaint(
        actor=desk, channel=Channel.PHONE, kind=Kind.PENGADUAN, extension="0308", received_at=now,
        text="Penelepon dari Pemerintah Kabupaten menanyakan mengapa jadwal tatap muka belum dikonfirmasi.",
        name="Rudi (Bagian Pengadaan)", phone="+622745550101",
    )
    lapor = services.log_complaint(
        actor=handler, channel=Channel.LAPOR, kind=Kind.KEBERATAN, lapor_number="1916449", directorate=pusat,
        received_at=now - timedelta(hours=3),
        text="Pelapor keberatan atas jawaban konsultasi yang dinilai belum menjawab pokok pertanyaan.",
    ).complaint
    services.take(complaint=lapor, actor=handler)
    services.close(
        complaint=lapor, actor=handler,
        follow_up="Jawaban telah ditinjau ulang oleh Ketua Tim Kerja; penjelasan tambahan telah dikirimkan kepada "
                  "pelapor melalui LAPOR!.",
    )
    waiting = services.file_complaint(
        kind=Kind.MASUKAN, directorate=pusat, email="warga.demo@example.com",
        text="Formulir konsultasi sebaiknya menyimpan isian sementara.",
    ).complaint
    services.take(complaint=waiting, actor=handler)
    services.ask_complainant(complaint=waiting, actor=handler,
                             text="Pada langkah mana isian Anda hilang? Mohon sebutkan peramban yang digunakan.")
    # Received more than 5 working days ago and never followed up: past its deadline.
    services.log_complaint(
        actor=desk, channel=Channel.EOFFICE, kind=Kind.PENGADUAN, directorate=pusat,
        eoffice_reference="B-123/D.3/11/2025", received_at=_past_due(now),
        text="Surat melalui e-office: permohonan tatap muka daring belum mendapat jawaban.",
    )
    breached = sweep_complaints(now=now).breached
    write(f"complaints: 6 samples ({breached} past its deadline); track the anonymous one with code {anonymous.code}")


def _past_due(now):
    """The latest whole day back whose 5-working-day deadline has passed (well inside the
    31 days staff may backdate, whatever the holidays)."""
    moment = now - timedelta(days=1)
    while follow_up_due(moment) >= now:
        moment -= timedelta(days=1)
    return moment
