"""Issue 25 (2) in a real browser: a staff member proposes a delivered answer for the
knowledge base from the case page; the editor shows the redaction findings (the
applicant's name, institution and e-mail); the e-mail and the name are replaced, the
institution kept on purpose; a team lead approves from "Usulan artikel"; the article is
public at knowledge:article without the applicant."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import ApplicantFactory, InternalUserFactory, directorate
from knowledge.models import Article, Status
from knowledge.tests.editorial import delivered_case

from .helpers import signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Redaksi-Artikel-2026"


def test_propose_redact_approve_publish(browser, live_server, artifacts_dir):
    pusat = directorate("pusat")
    staff = InternalUserFactory(email="staf.redaksi@lkpp.go.id", role=Role.STAFF, directorate=pusat, password=PASSWORD)
    lead = InternalUserFactory(email="ketua.redaksi@lkpp.go.id", role=Role.TEAM_LEAD, directorate=pusat, password=PASSWORD)
    applicant = ApplicantFactory(email="ayu@contoh.go.id", full_name="Ayu Lestari")
    case = delivered_case(applicant, lead)

    # --- the staff member proposes and edits ---------------------------------------------
    context, page = signed_in_page(browser, live_server, staff.email, PASSWORD)
    page.goto(reverse("consultations:staff_detail", kwargs={"number": case.number}))
    page.get_by_role("button", name="Usulkan untuk basis pengetahuan").click()
    page.wait_for_url("**/pengetahuan/redaksi/*/")
    assert page.locator("mark.redaction-flag[data-kind=email]").count() == 1
    assert "belum dapat disetujui" in page.locator("#temuan-terbuka").inner_text()
    # the e-mail and the name keep their proposed replacements; the institution is kept
    assert page.get_by_label("Ganti dengan: ayu.lestari@kemkes.go.id").input_value() == "[alamat e-mail]"
    page.get_by_label("Biarkan (bukan data yang perlu disamarkan): Kementerian Kesehatan").check()
    page.screenshot(path=str(artifacts_dir / "knowledge-editor.png"), full_page=True)
    page.get_by_role("button", name="Simpan perubahan").click()
    page.get_by_text("Tidak ada temuan penyamaran yang terbuka.").wait_for()
    assert page.get_by_role("button", name="Setujui dan terbitkan").count() == 0  # staff do not approve
    context.close()
    article = Article.objects.get()
    assert "ayu.lestari@kemkes.go.id" not in article.answer and "Ayu Lestari" not in article.answer
    assert article.status == Status.PROPOSED

    # --- the team lead approves from the queue -------------------------------------------
    context, page = signed_in_page(browser, live_server, lead.email, PASSWORD)
    page.goto(reverse("knowledge:proposals"))
    page.get_by_role("button", name=f"Setujui {article.title}").click()
    page.get_by_text("Artikel diterbitkan di basis pengetahuan.").wait_for()
    context.close()
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.published_at is not None
    assert article.approved_by == lead

    # --- a visitor reads it ----------------------------------------------------------------
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.goto(reverse("knowledge:article", kwargs={"slug": article.slug}))
    body = page.locator("main").inner_text()
    assert "HPS disusun berdasarkan keahlian" in body
    assert "Ayu Lestari" not in body and "kemkes.go.id" not in body and "ayu@contoh.go.id" not in body
    context.close()
