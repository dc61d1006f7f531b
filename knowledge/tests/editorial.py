"""What the editorial tests share: a delivered website case whose answer names its
applicant, institution and e-mail (what the redaction step must flag)."""

from __future__ import annotations

from accounts.models import InstitutionType
from consultations.channels.website import answers
from consultations.tests.factories import set_institution_type, submit

QUESTION = (
    "Kami dari Kementerian Kesehatan menanyakan: bagaimana menyusun HPS bila hanya ada satu "
    "penyedia di pasar untuk paket alat kesehatan?"
)
ANSWER = (
    "Yth. Ibu Ayu Lestari,\n\n"
    "Sesuai Peraturan Presiden Nomor 16 Tahun 2018 sebagaimana telah diubah dengan Peraturan "
    "Presiden Nomor 12 Tahun 2021, HPS disusun berdasarkan keahlian dan data yang dapat "
    "dipertanggungjawabkan, termasuk harga pasar setempat dan kontrak sebelumnya.\n\n"
    "Bila ada pertanyaan lanjutan, silakan balas ke ayu.lestari@kemkes.go.id."
)


def delivered_case(applicant, author, *, answer: str = ANSWER):
    """A website case of ``applicant`` (a ministry: routed to pusat) answered by ``author``."""
    set_institution_type(applicant, InstitutionType.KL)
    case = submit(applicant, description=QUESTION, subject="HPS dengan satu penyedia")
    answers.send_answer(consultation=case, author=author, kinds=["pendapat", "saran"], text=answer)
    case.refresh_from_db()
    return case
