"""Meeting-report PDFs (``reports/``) are swept like every other stored file (issue
24.5): an approved report's PDF stays, a PDF no report names goes after the grace period."""

from __future__ import annotations

import os
import time
from datetime import date, datetime

from django.core.files.base import ContentFile

from consultations.channels.daring import meeting_reports
from consultations.housekeeping import remove_orphan_uploads
from consultations.models import MeetingReport
from core.time import WIB

from .test_meetings import confirm, in_hand, monday  # noqa: F401


def _age(storage, name: str, *, days: float) -> None:
    then = time.time() - days * 86400
    os.utime(storage.path(name), (then, then))


def test_an_orphan_report_pdf_goes_and_an_approved_reports_stays(monday, front_desk, director_pusat, lead, member):  # noqa: F811
    case = in_hand(front_desk, director_pusat, member)
    confirm(case, member, lead)
    monday.move_to(datetime(2026, 11, 4, 15, 0, tzinfo=WIB))
    meeting_reports.write_report(
        consultation=case, author=member, held_on=date(2026, 11, 4), attendees_lkpp="Putri Pegawai",
        attendees_applicant="Dewi Lestari (PIC)", problem="Penyesuaian harga.", discussion="Klausul kontrak.",
        kinds=["rekomendasi"], advice="Sesuai formula kontrak.",
    )
    report = meeting_reports.approve_report(consultation=case, actor=lead)
    storage = MeetingReport._meta.get_field("pdf").storage
    kept = report.pdf.name
    assert kept.startswith("reports/")
    # An approval whose transaction died after the PDF was stored leaves one like this.
    orphan = storage.save("reports/7f/" + "f" * 32, ContentFile(b"%PDF-1.7 orphan"))
    young = storage.save("reports/7e/" + "e" * 32, ContentFile(b"%PDF-1.7 young"))
    for name in (kept, orphan):
        _age(storage, name, days=2)
    _age(storage, young, days=0.5)

    assert remove_orphan_uploads() == 1

    assert not storage.exists(orphan)
    assert storage.exists(kept) and storage.exists(young)
    assert MeetingReport.objects.get(pk=case.pk).pdf.open("rb").read().startswith(b"%PDF")
