"""Suggestions before asking, in a real browser (issue 25, item 3): a guest without an
account types a question on the walk-in form; after a pause the knowledge base's most
similar published articles appear under it (htmx, knowledge:similar), what was typed
stays as typed, the links open in a new tab, the page breaks no Content-Security-Policy,
and the form still sends. Without JavaScript the same form sends as before. On the
website form an applicant's subject and description together are the question."""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from django.urls import NoReverseMatch, reverse

from consultations.models import Category
from knowledge import services

from .helpers import signed_in_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FORM = "/konsultasi/tatap-muka/"
SEND = "Kirim dan dapatkan kode kunjungan"
QUESTION = "Bolehkah PPK merangkap sebagai anggota pokja pemilihan untuk paket yang sama?"


def import_articles() -> Category:
    category = Category.objects.get(code="pemilihan-penyedia")
    rows = [
        ("PPK merangkap anggota pokja pemilihan",
         "Apakah Pejabat Pembuat Komitmen boleh merangkap sebagai anggota kelompok kerja pemilihan?",
         "Tidak boleh untuk paket yang sama: PPK dan Pokja Pemilihan adalah dua peran yang saling mengawasi."),
        ("Dasar penyusunan HPS",
         "Data apa yang dipakai untuk menyusun harga perkiraan sendiri?",
         "HPS disusun berdasarkan harga pasar setempat dan harga kontrak sebelumnya."),
        ("Adendum kontrak karena keadaan kahar",
         "Bagaimana perpanjangan waktu pelaksanaan pekerjaan bila terjadi keadaan kahar?",
         "Perubahan kontrak dapat dilakukan dengan adendum bila terjadi keadaan kahar."),
    ]
    with transaction.atomic():
        for title, question, answer in rows:
            services.import_article(title=title, question=question, answer=answer, category=category,
                                    published_at=None)
    return category


def article_page_exists() -> bool:
    try:
        reverse("knowledge:article", kwargs={"slug": "x"})
    except NoReverseMatch:  # the public article page comes with the knowledge base's views
        return False
    return True


def fill_guest(page, category: Category) -> None:
    page.get_by_label("Nama lengkap").fill("Sri Wahyuni")
    page.get_by_label("Alamat e-mail").fill("sri.wahyuni@contoh.go.id")
    page.get_by_label("Nomor telepon").fill("0812 3456 7890")
    page.get_by_label("Nama instansi/badan usaha").fill("Dinas PUPR Kabupaten Bantul")
    page.get_by_label("Jenis instansi").select_option("pemda")
    page.get_by_label("Kategori permasalahan").select_option(str(category.pk))


def test_a_guest_typing_a_question_sees_similar_articles_and_still_sends(page, artifacts_dir):
    from workdays.services import sync_from_package

    sync_from_package(from_year=2026, to_year=2027)
    category = import_articles()
    refused: list[str] = []
    page.on("console", lambda m: "Content Security Policy" in m.text and refused.append(m.text))
    asked: list[str] = []
    page.on("request", lambda r: "/pengetahuan/mirip/" in r.url and asked.append(r.url))

    page.goto(FORM)
    fill_guest(page, category)
    region = page.locator("#saran-artikel")
    assert region.get_attribute("aria-live") == "polite"
    question = page.get_by_label("Pertanyaan atau permasalahan")
    question.press_sequentially(QUESTION, delay=15)
    region.get_by_role("heading", name="Mungkin pertanyaan Anda sudah terjawab").wait_for()
    assert "PPK merangkap anggota pokja pemilihan" in region.inner_text()
    if article_page_exists():
        link = region.get_by_role("link", name=re.compile("PPK merangkap anggota pokja pemilihan"))
        assert link.get_attribute("target") == "_blank" and link.get_attribute("rel") == "noopener"
    assert "Dasar penyusunan HPS" not in region.inner_text()
    # Debounced: typing 80 characters asked a handful of times, not once per key.
    assert 1 <= len(asked) <= 6, asked
    assert question.input_value() == QUESTION  # the swap never touches what was typed
    page.screenshot(path=str(artifacts_dir / "saran-artikel-tatap-muka.png"), full_page=True)

    # Fewer words again: the suggestions go away.
    question.fill("PPK pokja")
    question.dispatch_event("input")
    region.get_by_role("heading").wait_for(state="detached")

    question.fill(QUESTION)
    page.get_by_role("button", name=SEND).click()
    page.wait_for_url(re.compile(r".*/konsultasi/tatap-muka/[A-Z0-9]{8}/$"))
    assert refused == []


def test_without_javascript_the_form_is_unchanged_and_sends(browser, live_server):
    from workdays.services import sync_from_package

    sync_from_package(from_year=2026, to_year=2027)
    category = import_articles()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        page.goto(FORM)
        fill_guest(page, category)
        page.get_by_label("Pertanyaan atau permasalahan").fill(QUESTION)
        assert page.locator("#saran-artikel").inner_text().strip() == ""
        page.get_by_role("button", name=SEND).click()
        page.wait_for_url(re.compile(r".*/konsultasi/tatap-muka/[A-Z0-9]{8}/$"))
    finally:
        context.close()


def test_an_applicant_writing_on_the_website_form_sees_them_too(browser, live_server):
    from accounts.tests.factories import PASSWORD, ApplicantFactory

    import_articles()
    applicant = ApplicantFactory(email="rina.kartika@contoh.go.id")
    context, page = signed_in_page(browser, live_server, applicant.email, PASSWORD)
    try:
        page.goto(reverse("consultations:submit"))
        region = page.locator("#saran-artikel")
        page.get_by_label("Perihal").press_sequentially("PPK merangkap", delay=15)
        page.wait_for_timeout(900)
        assert region.inner_text().strip() == ""  # two words: nothing yet
        page.get_by_label("Uraian permasalahan").press_sequentially("anggota pokja pemilihan untuk paket yang sama?", delay=15)
        region.get_by_role("heading", name="Mungkin pertanyaan Anda sudah terjawab").wait_for()
        assert "PPK merangkap anggota pokja pemilihan" in region.inner_text()
    finally:
        context.close()


def test_past_the_limit_the_suggestions_say_they_are_paused(page, settings):
    from core.throttle import parse

    # One a day: the windows are fixed (core.throttle), and with one a minute the two
    # requests below fell into two windows whenever they straddled a minute (a flaky run).
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "knowledge_similar_per_address": parse("1/d")}
    category = import_articles()
    page.goto(FORM)
    fill_guest(page, category)
    region = page.locator("#saran-artikel")
    question = page.get_by_label("Pertanyaan atau permasalahan")
    question.fill(QUESTION)
    question.dispatch_event("input")
    region.get_by_role("heading", name="Mungkin pertanyaan Anda sudah terjawab").wait_for()
    question.fill(QUESTION + " Mohon penjelasannya.")
    question.dispatch_event("input")
    # The 429 fragment is shown (the page's htmx-config), and the form is untouched.
    region.get_by_text("Saran artikel dijeda sebentar").wait_for()
    assert question.input_value() == QUESTION + " Mohon penjelasannya."
