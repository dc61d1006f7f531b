"""Issue #6 (8) in a real browser: the question's live counter, loaded from a static file
(no inline script), counts as the applicant types and stops at the limit."""

from __future__ import annotations

import pytest

from accounts.tests.factories import PASSWORD, ApplicantFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_question_counter_counts_and_the_field_stops_at_the_limit(page):
    applicant = ApplicantFactory(email="penghitung@contoh.go.id")
    page.goto("/akun/login/")
    page.get_by_label("Alamat e-mail").fill(applicant.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/akun/beranda/")

    page.goto("/konsultasi/ajukan/")
    counter = page.locator("#id_description-counter")
    assert counter.inner_text() == "0 dari 20.000 karakter"
    page.get_by_label("Uraian permasalahan").fill("Apakah boleh?")
    assert counter.inner_text() == "13 dari 20.000 karakter"
    page.get_by_label("Uraian permasalahan").fill("x" * 20_050)
    assert len(page.get_by_label("Uraian permasalahan").input_value()) == 20_000
    assert counter.inner_text() == "20.000 dari 20.000 karakter"
    assert counter.get_attribute("aria-live") == "polite"
