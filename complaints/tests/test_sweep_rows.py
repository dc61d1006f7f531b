"""The complaints sweep writes what ``notices._tell_staff`` would: its batch helpers
(the staff path reversed once, the context without a reverse per complaint) give the
same values as ``complaints.notices`` for the same complaint."""

from __future__ import annotations

from django.test import override_settings
from django.urls import set_script_prefix

from accounts.tests.factories import directorate
from complaints import notices, services, sweep
from complaints.models import Kind


def _complaint():
    return services.file_complaint(
        kind=Kind.PENGADUAN, text="Jawaban atas konsultasi saya belum datang.", directorate=directorate("pusat")
    ).complaint


def test_the_batch_lookup_url_and_path_are_the_notices_own(monday):
    complaint = _complaint()
    lookup_url = f"https://advokasi.example{notices.reverse('complaints:lookup')}"
    with override_settings(SITE_URL="https://advokasi.example"):
        assert notices._context(complaint, lookup_url) == notices._context(complaint)
        assert sweep._staff_paths()(complaint) == notices.staff_path(complaint)


def test_the_batch_path_follows_the_script_prefix(monday):
    complaint = _complaint()
    set_script_prefix("/advokasi/")
    try:
        path = sweep._staff_paths()(complaint)
        assert path == notices.staff_path(complaint)
        assert path.startswith("/advokasi/") and str(complaint.pk) in path
    finally:
        set_script_prefix("/")
