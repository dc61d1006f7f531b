"""Complaint breaches on the service dashboard: no priority credit, but counted beside the
consultations, for the director's own directorate only."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.urls import reverse

from accounts.tests.factories import directorate
from complaints import services
from complaints.models import Kind
from complaints.sweep import sweep_complaints

from .conftest import MONDAY, MONDAY_DUE


def test_a_breached_complaint_shows_on_its_directors_dashboard_only(monday, client, complaint_handler,
                                                                    director_pusat, director_daerah, login):
    late = services.file_complaint(kind=Kind.PENGADUAN, text="Belum dijawab.", directorate=directorate("pusat"))
    on_time = services.file_complaint(kind=Kind.SARAN, text="Saran.", directorate=directorate("pusat"))
    services.file_complaint(kind=Kind.MASUKAN, text="Untuk Daerah.", directorate=directorate("daerah"))
    services.take(complaint=on_time.complaint, actor=complaint_handler)
    services.close(complaint=on_time.complaint, follow_up="Terima kasih, kami tindak lanjuti.", actor=complaint_handler)
    with time_machine.travel(MONDAY_DUE + timedelta(seconds=1), tick=False):
        assert sweep_complaints().breached == 2  # Pusat's open one, and Daerah's
        url = reverse("consultations:dashboard") + "?dari=2025-11&sampai=2025-11"
        html = login(director_pusat).get(url).content.decode()
        assert 'id="panel-pengaduan"' in html
        assert 'id="pengaduan-diterima">2<' in html
        assert 'id="pengaduan-selesai">1 (100,0% tepat waktu)<' in html
        assert 'id="pengaduan-terlambat">1<' in html and 'id="pengaduan-terlambat-kini">1<' in html
        assert "?status=late" in html
        # Another period: nothing received, closed or breached then; still late now.
        earlier = login(director_pusat).get(reverse("consultations:dashboard") + "?dari=2025-09&sampai=2025-10")
        assert 'id="pengaduan-diterima">0<' in earlier.content.decode()
    assert late.complaint.received_at == MONDAY


def test_the_panel_is_reused_for_a_minute_and_never_across_directorates(monday, client, director_pusat,
                                                                        director_daerah, login):
    url = reverse("consultations:dashboard") + "?dari=2025-11&sampai=2025-11"
    services.file_complaint(kind=Kind.SARAN, text="Saran.", directorate=directorate("pusat"))
    assert 'id="pengaduan-diterima">1<' in login(director_pusat).get(url).content.decode()
    assert 'id="pengaduan-diterima">0<' in login(director_daerah).get(url).content.decode()
    services.file_complaint(kind=Kind.SARAN, text="Saran lagi.", directorate=directorate("pusat"))
    assert 'id="pengaduan-diterima">1<' in login(director_pusat).get(url).content.decode()  # within the minute
    with time_machine.travel(MONDAY + timedelta(seconds=61), tick=False):
        assert 'id="pengaduan-diterima">2<' in login(director_pusat).get(url).content.decode()
