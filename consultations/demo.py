"""Demo data of the consultation desk (``manage.py seed_demo``): the categories' count,
three sample website cases, four letters, four walk-ins and four online meetings in
different states, and three answer templates, made
through the services like real ones. Runs after accounts' demo personas (INSTALLED_APPS order)."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User
from consultations.channels.daring import meeting_reports
from consultations.channels.daring import services as meetings
from consultations.channels.surat import answer_letters, drafting
from consultations.channels.surat import services as letters
from consultations.channels.website import answers
from consultations.channels.website import services as website
from consultations.services import answer_templates, steps
from files.checks import CheckedFile, validate_letter_scan
from workdays.deadlines import add_working_days

from .channels import Channel
from .channels.tatap_muka import services as walk_ins
from .models import (
    AnswerKind,
    AnswerTemplate,
    Category,
    Consultation,
    DutyDay,
    ProcurementStage,
    VisitForm,
    WalkInAuthorization,
)


def seed(write: Callable[[str], object], *, calendar: bool, samples: bool) -> None:
    write(f"categories: {Category.objects.active().count()} active")
    if samples:
        made = _sample_cases()
        write(f"consultations: {made} sample cases created" if made else "consultations: samples already there")
        made = _sample_letters(write)
        write(f"letters: {made} sample letters created" if made else "letters: samples already there")
        made = _sample_walk_ins()
        write(f"walk-ins: {made} sample visits created" if made else "walk-ins: samples already there")
        made = _sample_meetings(write)
        write(f"meetings: {made} sample invitations created" if made else "meetings: samples already there")
        made = _sample_answer_templates()
        write(f"answer templates: {made} created" if made else "answer templates: already there")


def _sample_cases() -> int:
    """Three cases: one waiting, one in hand with a message, one answered. Only when the
    demo applicants have none yet, so that running again adds nothing."""
    ayu = User.objects.get(email="pemohon@demo.advokasi.id")
    bima = User.objects.get(email="penyedia@demo.advokasi.id")
    if Consultation.objects.filter(applicant__in=[ayu, bima]).exists():
        return 0
    staff = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@demo.advokasi.id")}

    def submit(applicant, code, subject, description, stage, package=""):
        return website.submit_website_consultation(
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
    steps.assign(consultation=in_hand, assignee=staff["pegawai.pusat"], actor=staff["direktur.pusat"])
    steps.post_message(
        consultation=in_hand, author=staff["pegawai.pusat"],
        body="Mohon unggah berita acara serah terima dan salinan kontraknya.",
    )
    answered = submit(
        bima, "hukum", "Pemutusan kontrak sepihak oleh PPK",
        "PPK memutus kontrak kami karena keterlambatan yang disebabkan perubahan desain dari "
        "pihak PPK sendiri. Apakah pemutusan ini sah?",
        ProcurementStage.PELAKSANAAN_KONTRAK,
    )
    answers.send_answer(
        consultation=answered, author=staff["direktur.hukum"],
        kinds=[AnswerKind.PENDAPAT, AnswerKind.REKOMENDASI],
        text="Keterlambatan akibat perubahan desain oleh PPK bukan kesalahan penyedia. "
        "Kami merekomendasikan penyelesaian melalui musyawarah sesuai syarat-syarat kontrak.",
    )
    return 3


def _scan(name: str) -> CheckedFile:
    """A one-page PDF standing in for a scanned, signed letter, checked as the
    registration form checks it."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return validate_letter_scan(SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf"))


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
        case = letters.register_letter(
            actor=desk, source="eoffice" if index % 2 else "paper", addressee="direktur_pusat",
            sender_kind="institution", sender_name=name, institution_name=institution, letter_number=number,
            letter_date=today - timedelta(days=3 + index), subject=subject, contact_email=email,
            summary="Uraian permasalahan sebagaimana terlampir dalam surat.", scan=_scan(f"surat-{index + 1}.pdf"),
            eoffice_reference=f"EO-2026-{1000 + index}" if index % 2 else "",
        )
        letters.check_letter(consultation=case, actor=desk, ticked=["signed", "letterhead", "stamped_or_esigned"])
        cases.append(case)
    waiting, disposed, reviewing, answered = cases
    for case in (disposed, reviewing, answered):
        letters.receive_letter(consultation=case, actor=director)
        letters.dispose(
            consultation=case, actor=director, to=lead, ticks=["siapkan_jawaban", "koordinasikan"],
            instructions="Mohon disiapkan jawaban dan dikoordinasikan dengan unit terkait.",
        )
    for case in (reviewing, answered):
        letters.dispose(consultation=case, actor=lead, to=staff, ticks=["untuk_ditindaklanjuti"],
                         instructions="Susun konsep jawaban.")
    drafting.write_draft(
        consultation=reviewing, author=staff, kinds=[AnswerKind.REKOMENDASI],
        body="Berdasarkan ketentuan yang berlaku, tender dapat diulang dengan menyederhanakan persyaratan.",
    )
    draft = drafting.write_draft(
        consultation=answered, author=staff, kinds=[AnswerKind.PENDAPAT, AnswerKind.TINDAKAN_KOREKSI],
        body="Pemutusan kontrak harus didahului pemberian kesempatan dan teguran sesuai syarat-syarat kontrak.\n\n"
        "Kami menyarankan PPK meninjau kembali keputusan tersebut.",
    )
    drafting.review_draft(draft=draft, reviewer=lead, decision="approve")
    drafting.review_draft(draft=draft, reviewer=director, decision="approve")
    try:
        answer_letters.issue_answer_letter(consultation=answered, actor=director)
    except ValidationError as exc:  # WeasyPrint missing its libraries: the rest still stands
        write(f"letters: the answer letter was not issued ({' '.join(exc.messages)})")
    return len(cases)


GUESTS = [
    ("Sri Wahyuni", "sri.wahyuni@contoh.go.id", "+6281234567890", "Dinas PUPR Kabupaten Bantul", "pemda",
     "Bagaimana menyusun HPS untuk pekerjaan jalan desa bila harga aspal naik?"),
    ("Andi Pratama", "andi.pratama@contoh.co.id", "+6281322223333", "CV Maju Bersama", "penyedia",
     "Sanggah kami ditolak tanpa alasan tertulis. Apa langkah berikutnya?"),
    ("Maria Ulfa", "maria.ulfa@contoh.go.id", "+6282144445555", "Sekretariat Daerah Kota Malang", "pemda",
     "Apakah pengadaan langsung boleh dipecah menjadi beberapa paket?"),
    ("Yusuf Hakim", "yusuf.hakim@contoh.go.id", "+6281166667777", "Kementerian Pertanian", "kl",
     "Bagaimana menetapkan metode evaluasi untuk jasa konsultansi?"),
]


def _sample_walk_ins() -> int:
    """Four guests: a form filled beforehand and not used yet, a visit registered and
    waiting for hand-off, one accepted by the staff member on duty, and one with the
    advice recorded. The demo staff are authorized for every category and on duty today."""
    if VisitForm.objects.exists() or Consultation.objects.filter(channel=Channel.TATAP_MUKA).exists():
        return 0
    people = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@demo.advokasi.id")}
    desk, advisor = people["sekretariat"], people["pegawai.pusat"]
    today = timezone.localdate()
    category = Category.objects.get(code="perencanaan")
    for user in (people["pegawai.pusat"], people["pegawai.daerah"], people["ketua.pusat"]):
        WalkInAuthorization.objects.bulk_create(
            [WalkInAuthorization(user=user, category=c) for c in Category.objects.active()], ignore_conflicts=True
        )
        DutyDay.objects.get_or_create(user=user, date=today)
    forms = [
        walk_ins.submit_visit_form(
            name=name, email=email, phone=phone, institution_name=institution, institution_type=kind,
            category=category, question=question,
        )
        for name, email, phone, institution, kind, question in GUESTS
    ]
    reason = "" if walk_ins.desk_is_open(timezone.now()) else "Data demo (seed_demo)"
    cases = [
        walk_ins.register_visit(
            actor=desk, form=form, ticked=["email", "identity_document", "phone", "form"], id_document_type="ktp",
            id_number_last4=f"{1000 + index}", outside_hours_reason=reason,
        )
        for index, form in enumerate(forms[1:])
    ]
    _waiting, accepted, advised = cases
    for case in (accepted, advised):
        walk_ins.hand_off(consultation=case, actor=desk, to=advisor)
        walk_ins.accept_guest(consultation=case, actor=advisor)
    walk_ins.record_advice(
        consultation=advised, author=advisor, kinds=[AnswerKind.SARAN],
        summary="Pemecahan paket untuk menghindari tender tidak diperbolehkan; gabungkan kebutuhan sejenis.",
    )
    return len(forms)


INVITATIONS = [
    ("Pemerintah Kota Surabaya", "UND-11/BPBJ/2026", "Rapat pembahasan konsolidasi pengadaan obat",
     "Rina Kusuma", "+6281270001111", "rina.kusuma@contoh.go.id"),
    ("Kementerian Keuangan", "UND-12/SETJEN/2026", "Rapat koordinasi e-katalog lokal",
     "Bagus Santoso", "+6281270002222", "bagus.santoso@contoh.go.id"),
    ("PT Karya Utama", "045/KU/XI/2026", "Rapat pembahasan sanggah banding",
     "Lina Marlina", "+6281270003333", "lina.marlina@contoh.co.id"),
    ("Pemerintah Provinsi Bali", "UND-14/BPBJ/2026", "Rapat pembahasan tender ulang jasa konstruksi",
     "Made Wirawan", "+6281270004444", "made.wirawan@contoh.go.id"),
]


def _sample_meetings(write: Callable[[str], object]) -> int:
    """Four invitations to the Director of central government advocacy: waiting for
    receipt, disposed and coordinating with the PIC, confirmed (with its calendar
    invitation), and held with the report approved and sent (its PDF)."""
    if Consultation.objects.filter(channel=Channel.DARING).exists():
        return 0
    people = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@demo.advokasi.id")}
    desk, director = people["sekretariat"], people["direktur.pusat"]
    lead, staff = people["ketua.pusat"], people["pegawai.pusat"]
    now = timezone.now()
    # The next working day's 10:00 WIB, for the proposed and confirmed times.
    day = timezone.localtime(add_working_days(now, 1)).replace(hour=10, minute=0, second=0, microsecond=0)
    cases = []
    for index, (institution, number, subject, pic, phone, email) in enumerate(INVITATIONS):
        case = meetings.register_invitation(
            actor=desk, source="eoffice", addressee="direktur_pusat", sender_kind="institution",
            sender_name=pic, institution_name=institution, letter_number=number,
            letter_date=timezone.localdate() - timedelta(days=2), subject=subject, scan=_scan(f"undangan-{index}.pdf"),
            pic_name=pic, pic_phone=phone, pic_email=email, proposed_slots=[day], platform="Zoom",
            link=f"https://zoom.us/j/99{index}0001", eoffice_reference=f"EO-2026-{2000 + index}",
        )
        letters.check_letter(consultation=case, actor=desk, ticked=["signed", "letterhead"])
        cases.append(case)
    _waiting, coordinating, confirmed, reported = cases
    for case in (coordinating, confirmed, reported):
        letters.receive_letter(consultation=case, actor=director)
        letters.dispose(consultation=case, actor=director, to=staff, ticks=["hadiri_wakili", "koordinasikan"],
                         instructions="Hadiri dan koordinasikan jadwal dengan PIC.")
    meetings.message_pic(consultation=coordinating, author=staff,
                         body="Apakah usulan waktu besok pukul 10.00 WIB dapat dikonfirmasi?")
    for case in (confirmed, reported):
        meetings.confirm_meeting(
            consultation=case, actor=staff, starts_at=day, ends_at=day + timedelta(hours=1), platform="Zoom",
            link=case.invitation.link, team=[staff, lead],
        )
    # The held meeting: its report written and approved that afternoon (the services take
    # the time they act at; the demo's meeting is a working day ahead).
    later = day + timedelta(hours=4)
    try:
        meeting_reports.write_report(
            consultation=reported, author=staff, held_on=timezone.localdate(day),
            attendees_lkpp=f"{staff.full_name}\n{lead.full_name}", attendees_applicant="Made Wirawan (PIC)",
            problem="Tender ulang jasa konstruksi gagal dua kali.",
            discussion="Persyaratan kualifikasi yang terlalu ketat.", kinds=[AnswerKind.REKOMENDASI],
            advice="Sederhanakan persyaratan kualifikasi sesuai ketentuan, lalu umumkan ulang.", now=later,
        )
        meeting_reports.approve_report(consultation=reported, actor=lead, now=later)
    except ValidationError as exc:
        write(f"meetings: the report was not approved ({' '.join(exc.messages)})")
    return len(cases)


# Kept by pusat's team lead for the contract category (the demo case "Keterlambatan
# pembayaran termin kedua" offers them to Putri Pegawai), and by daerah's Director for
# planning (Ayu's HPS question).
PERPRES = (
    "Peraturan Presiden Nomor 16 Tahun 2018 tentang Pengadaan Barang/Jasa Pemerintah "
    "sebagaimana telah diubah dengan Peraturan Presiden Nomor 12 Tahun 2021"
)
DEMO_TEMPLATES = [
    ("ketua.pusat", "kontrak", "Pembayaran prestasi pekerjaan",
     "Pembayaran prestasi pekerjaan dilakukan setelah pekerjaan diserahterimakan sesuai ketentuan "
     "dalam kontrak. Bila PPK belum melakukan pembayaran dalam jangka waktu yang diatur kontrak, "
     "penyedia dapat menyampaikan permintaan tertulis kepada PPK dengan melampirkan berita acara "
     "serah terima dan menempuh penyelesaian sesuai syarat-syarat kontrak.",
     f"Pasal 53 {PERPRES}\nSyarat-syarat umum dan khusus kontrak yang bersangkutan"),
    ("ketua.pusat", "kontrak", "Denda keterlambatan",
     "Denda keterlambatan dikenakan kepada penyedia yang terlambat menyelesaikan pekerjaan karena "
     "kesalahannya, sebesar satu permil dari nilai kontrak atau nilai bagian kontrak untuk setiap "
     "hari keterlambatan. Keterlambatan yang disebabkan oleh PPK bukan dasar pengenaan denda.",
     f"Pasal 79 ayat (4) {PERPRES}"),
    ("direktur.daerah", "perencanaan", "Referensi harga dalam penyusunan HPS",
     "HPS disusun berdasarkan harga pasar setempat menjelang pelaksanaan pengadaan, dengan "
     "mempertimbangkan informasi yang dapat dipertanggungjawabkan. Standar harga satuan daerah "
     "dapat menjadi salah satu referensi, tetapi bukan satu-satunya; survei harga setempat yang "
     "terdokumentasi dapat digunakan.",
     f"Pasal 26 {PERPRES}\nPeraturan LKPP Nomor 12 Tahun 2021 tentang Pedoman Pelaksanaan Pengadaan "
     "Barang/Jasa Pemerintah melalui Penyedia"),
]


def _sample_answer_templates() -> int:
    """Three passages, written through the service by the leads who keep them; only when
    there are none yet."""
    if AnswerTemplate.objects.exists():
        return 0
    people = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@demo.advokasi.id")}
    for who, code, title, body, regulations in DEMO_TEMPLATES:
        answer_templates.create_template(
            actor=people[who], category=Category.objects.get(code=code), title=title, body=body, regulations=regulations
        )
    return len(DEMO_TEMPLATES)
