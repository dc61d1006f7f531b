"""Suggestions before asking (knowledge:similar): the fragment under the website and
walk-in question forms. Runs on SQLite and PostgreSQL alike."""

from __future__ import annotations

import re

import pytest
from django.urls import NoReverseMatch, reverse

from consultations.tests.factories import category
from knowledge.models import Status

from .conftest import make_article

pytestmark = pytest.mark.django_db

SIMILAR = reverse("knowledge:similar")
HEADING = "Mungkin pertanyaan Anda sudah terjawab"
QUESTION = "Bolehkah pejabat pembuat komitmen merangkap anggota pokja pemilihan?"


@pytest.fixture
def corpus(db):
    return {
        "ppk": make_article(
            "PPK merangkap pokja pemilihan",
            "Apakah Pejabat Pembuat Komitmen boleh merangkap sebagai anggota kelompok kerja pemilihan?",
            "Tidak boleh untuk paket yang sama, sesuai Perpres 16/2018 pasal 11.",
            code="pemilihan-penyedia",
        ),
        "hps": make_article(
            "Dasar penyusunan harga perkiraan sendiri",
            "Data apa yang dipakai untuk menyusun HPS?",
            "HPS disusun berdasarkan harga pasar setempat, informasi biaya dan harga kontrak sebelumnya.",
            code="perencanaan",
        ),
        "adendum": make_article(
            "Addendum kontrak karena keadaan kahar",
            "Bagaimana perpanjangan waktu pelaksanaan pekerjaan?",
            "Perubahan kontrak dapat diadakan dengan adendum bila terjadi keadaan kahar.",
        ),
        "draft": make_article(
            "Konsep PPK merangkap pokja",
            "Pejabat pembuat komitmen merangkap pokja pemilihan?",
            "Belum terbit.",
            code="pemilihan-penyedia",
            status=Status.DRAFT,
        ),
    }


def titles(response) -> list[str]:
    return re.findall(r'<(?:a|span) [^>]*class="fw-semibold">([^<]+)', response.content.decode())


def article_path(article) -> str | None:
    try:
        return reverse("knowledge:article", kwargs={"slug": article.slug})
    except NoReverseMatch:  # the public article page comes with the knowledge base's views
        return None


# --- the fragment ------------------------------------------------------------------------


def test_a_question_like_an_article_gets_it_suggested_in_a_new_tab(client, corpus):
    response = client.get(SIMILAR, {"q": QUESTION})
    assert response.status_code == 200
    html = response.content.decode()
    assert HEADING in html
    assert titles(response)[0] == "PPK merangkap pokja pemilihan"
    assert "Konsep PPK" not in html  # a draft is never suggested
    assert "<mark>" in html  # the snippet shows what matched
    assert "silakan tetap mengirimkannya" in html
    if (path := article_path(corpus["ppk"])) is not None:
        assert f'href="{path}" target="_blank" rel="noopener"' in html
    assert response["Cache-Control"] == "private, max-age=60"
    assert "Cookie" in response["Vary"]  # the language is the cookie's


def test_the_forms_own_field_names_are_read(client, corpus):
    walk_in = client.get(SIMILAR, {"question": QUESTION, "category": ""})
    website = client.get(SIMILAR, {"subject": "PPK merangkap", "description": "anggota pokja pemilihan?"})
    assert titles(walk_in)[0] == titles(website)[0] == "PPK merangkap pokja pemilihan"


@pytest.mark.parametrize("text", ["", "   ", "a", "PPK", "PPK pokja", "apakah yang dan atau di PPK pokja"])
def test_fewer_than_three_words_empty_the_region(client, corpus, text):
    response = client.get(SIMILAR, {"q": text})
    # 200 with nothing: htmx swaps it in (a 204 would leave old suggestions standing).
    assert response.status_code == 200 and response.content == b""
    assert response["Cache-Control"] == "private, max-age=60"


def test_no_match_is_an_empty_fragment(client, corpus):
    response = client.get(SIMILAR, {"q": "zebra jerapah kuda nil berenang"})
    assert response.status_code == 200 and HEADING not in response.content.decode()


def test_at_most_five(client, db):
    for n in range(8):
        make_article(f"Jaminan pelaksanaan pekerjaan konstruksi {n}", "Berapa nilai jaminan pelaksanaan konstruksi?",
                     f"Jaminan pelaksanaan konstruksi nomor {n}.")
    response = client.get(SIMILAR, {"q": "nilai jaminan pelaksanaan pekerjaan konstruksi"})
    assert len(titles(response)) == 5


def test_the_chosen_category_comes_first_and_the_others_fill_up(client, corpus):
    kontrak = make_article(
        "PPK merangkap pokja pada kontrak",
        "Apakah pejabat pembuat komitmen merangkap pokja?",
        "Jawaban dalam kategori kontrak.",
        code="kontrak",
    )
    found = titles(client.get(SIMILAR, {"q": QUESTION, "category": str(category("kontrak").pk)}))
    assert found[0] == kontrak.title and "PPK merangkap pokja pemilihan" in found[1:]


HOSTILE = [
    "pengadaan barang jasa " * 200,  # 4,000+ characters
    "PPK & pokja | !HPS <-> kontrak:* 'adendum' \"tender\"",
    "PPK pokja'); DROP TABLE knowledge_article; --",
    "<script>alert(1)</script> PPK merangkap <b>pokja</b>",
    "PPK 🙂 merangkap 🚀 pokja ✨ pemilihan",
    "PPK merangkap pokja 采购 закупки شراء",
    "PPK\x00merangkap\x01pokja\u200b pemilihan",
    "* * * ( ) : : AND OR NOT NEAR pokja",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_never_fails_and_is_never_markup(client, corpus, text):
    response = client.get(SIMILAR, {"q": text})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script" not in html and "<b>" not in html


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "99999999999999999999", "1 OR 1=1", "0"])
def test_a_bad_category_is_ignored(client, corpus, value):
    response = client.get(SIMILAR, {"q": QUESTION, "category": value})
    assert response.status_code == 200
    assert titles(response)[0] == "PPK merangkap pokja pemilihan"


def test_only_get(client, corpus):
    assert client.post(SIMILAR, {"q": QUESTION}).status_code == 405


def test_in_english_for_a_visitor_who_chose_it(client, corpus, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(SIMILAR, {"q": QUESTION}).content.decode()
    assert "PPK merangkap pokja pemilihan" in html  # the text stays the article's; the frame follows the language


# --- the limit per client ------------------------------------------------------------------


@pytest.fixture
def two_a_minute(settings):
    from core.throttle import parse

    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "knowledge_similar_per_address": parse("2/m")}


def test_past_the_limit_suggestions_pause_politely(client, corpus, two_a_minute):
    for _ in range(2):
        assert client.get(SIMILAR, {"q": QUESTION}, REMOTE_ADDR="203.0.113.9").status_code == 200
    # Too short to search: answered, not counted, never refused.
    assert client.get(SIMILAR, {"q": "PPK"}, REMOTE_ADDR="203.0.113.9").status_code == 200
    refused = client.get(SIMILAR, {"q": QUESTION}, REMOTE_ADDR="203.0.113.9")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused["Cache-Control"] == "private, no-store"
    html = refused.content.decode()
    assert "Saran artikel dijeda" in html and "tetap dapat mengirim pertanyaan" in html
    assert "<html" not in html  # a fragment, not the 429 page
    # Another client is not affected; the same client's /64 is.
    assert client.get(SIMILAR, {"q": QUESTION}, REMOTE_ADDR="203.0.113.10").status_code == 200


def test_an_ipv6_client_counts_by_its_64(client, corpus, two_a_minute):
    for n in range(2):
        assert client.get(SIMILAR, {"q": QUESTION}, REMOTE_ADDR=f"2001:db8:1:2::{n + 1}").status_code == 200
    assert client.get(SIMILAR, {"q": QUESTION}, REMOTE_ADDR="2001:db8:1:2::99").status_code == 429


def test_the_default_limit_is_set_and_documented():
    from pathlib import Path

    from django.conf import settings

    from core.throttle import parse

    assert settings.THROTTLE_RATES["knowledge_similar_per_address"] == parse("60/m,600/h")
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    assert "| `THROTTLE_KNOWLEDGE_SIMILAR_PER_ADDRESS` | `60/m,600/h` |" in readme


# --- the forms --------------------------------------------------------------------------


def region(html: str) -> str:
    match = re.search(r'<div id="saran-artikel"[^>]*>', html)
    assert match, "no suggestions region"
    return match.group(0)


def test_the_walk_in_form_has_the_region_under_the_question(client, db):
    html = client.get(reverse("consultations:visit_form")).content.decode()
    tag = region(html)
    assert f'hx-get="{SIMILAR}"' in tag and 'aria-live="polite"' in tag
    assert "delay:600ms from:(#id_question)" in tag and 'hx-include="#id_question, #id_category"' in tag
    assert html.index('id="id_question"') < html.index('id="saran-artikel"') < html.index("Kirim dan dapatkan kode kunjungan")
    assert "vendor/htmx/htmx.min.js" in html and 'name="htmx-config"' in html


def test_the_website_form_has_the_region_under_the_question(login, applicant_a):
    html = login(applicant_a).get(reverse("consultations:submit")).content.decode()
    tag = region(html)
    assert f'hx-get="{SIMILAR}"' in tag and 'aria-live="polite"' in tag
    assert 'hx-include="#id_subject, #id_description, #id_category"' in tag
    assert html.index('id="id_description"') < html.index('id="saran-artikel"')
    assert "vendor/htmx/htmx.min.js" in html
