"""Issue 25 (4) in a real browser: a team lead writes an answer template for a category;
the staff member answering a case of that category inserts it into the answer they are
typing (js/answer-templates.js: at the end, what was typed kept); the Director does the
same with JavaScript off (the form posts and comes back with the passage appended).
Each insertion counts one use."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import InternalUserFactory, directorate
from consultations.models import CITATIONS_HEADING, AnswerTemplate
from consultations.tests.factories import ConsultationFactory
from consultations.workflow import Status

from .helpers import from_menu, sign_in, signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Templat-Jawaban-2026"
BODY = "HPS disusun berdasarkan harga pasar setempat menjelang pemilihan penyedia."
CITATION = "Pasal 26 Perpres 16/2018 jo. Perpres 12/2021"
TYPED = "Yth. Bapak Budi,"


def test_a_lead_writes_a_template_and_staff_insert_it(browser, live_server, artifacts_dir):
    pusat = directorate("pusat")
    InternalUserFactory(email="ketua.templat@lkpp.go.id", role=Role.TEAM_LEAD, directorate=pusat, password=PASSWORD)
    staff = InternalUserFactory(email="staf.templat@lkpp.go.id", role=Role.STAFF, directorate=pusat, password=PASSWORD)
    InternalUserFactory(email="direktur.templat@lkpp.go.id", role=Role.DIRECTOR, directorate=pusat, password=PASSWORD)
    case = ConsultationFactory(status=Status.ASSIGNED, assignee=staff, directorate=pusat)

    # --- the team lead writes the passage ----------------------------------------------
    context, page = signed_in_page(browser, live_server, "ketua.templat@lkpp.go.id", PASSWORD)
    from_menu(page, "Antrean Konsultasi")
    page.get_by_role("link", name="Templat jawaban direktorat").click()
    page.get_by_role("link", name="Tambah templat").click()
    page.get_by_label("Kategori permasalahan").select_option(label=case.category.name)
    page.get_by_label("Judul").fill("Referensi harga HPS")
    page.get_by_label("Isi templat").fill(BODY)
    page.get_by_label("Dasar hukum").fill(CITATION)
    page.get_by_role("button", name="Simpan templat").click()
    page.get_by_role("link", name="Ubah Referensi harga HPS").wait_for()
    context.close()
    template = AnswerTemplate.objects.get()
    assert template.use_count == 0

    # --- the staff member inserts it into the answer they are writing --------------------
    context, page = signed_in_page(browser, live_server, staff.email, PASSWORD)
    page.goto(reverse("consultations:staff_detail", kwargs={"number": case.number}))
    answer = page.get_by_label("Isi jawaban")
    answer.fill(TYPED)
    page.get_by_label("Templat jawaban").select_option(label="Referensi harga HPS")
    page.get_by_role("button", name="Sisipkan").click()
    expected = f"{TYPED}\n\n{BODY}\n\n{CITATIONS_HEADING}\n{CITATION}"
    page.wait_for_function("([id, text]) => document.getElementById(id).value === text", arg=["id_jawab-text", expected])
    assert page.url.endswith(reverse("consultations:staff_detail", kwargs={"number": case.number}))  # no reload
    page.screenshot(path=str(artifacts_dir / "answer-template-inserted.png"), full_page=False)
    context.close()
    assert AnswerTemplate.objects.get().use_count == 1

    # --- without JavaScript, the form posts and comes back with the passage appended -------
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in(page, "direktur.templat@lkpp.go.id", PASSWORD)
    page.goto(reverse("consultations:staff_detail", kwargs={"number": case.number}))
    page.get_by_label("Isi jawaban").fill(TYPED)
    page.get_by_label("Pendapat").check()
    page.get_by_label("Templat jawaban").select_option(label="Referensi harga HPS")
    page.get_by_role("button", name="Sisipkan").click()
    page.wait_for_url("**/sisipkan-templat/**")
    assert page.get_by_label("Isi jawaban").input_value() == expected
    assert page.get_by_label("Pendapat").is_checked()
    context.close()
    assert AnswerTemplate.objects.get().use_count == 2
