"""The page search:cases and the case page's similar answered cases: access is the
case rule for every persona, bad input never fails, filters, snippets, bounded queries."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import directorate
from complaints import services as complaint_services
from complaints.models import Kind as ComplaintKind
from conftest import PERSONAS
from consultations.channels import Channel
from consultations.tests.factories import ConsultationFactory
from consultations.workflow import Status

URL = reverse("search:cases")
WORD = "wanprestasi"
SEARCHERS = ("front_desk", "director_pusat", "director_daerah", "director_hukum", "team_lead", "staff",
             "complaint_handler", "admin_user")


@pytest.fixture
def world(db, applicant_a, applicant_b, staff, holidays):
    """One matching case in each directorate, one with another word, and a complaint in
    two directorates: who may open which is the case rule's business."""
    cases = {
        code: ConsultationFactory(
            applicant=applicant_a if code != "hukum" else applicant_b, directorate=directorate(code),
            subject=f"Penyedia {WORD} di {code}", description="Pemutusan kontrak karena penyedia lalai",
        )
        for code in ("pusat", "daerah", "hukum")
    }
    cases["other"] = ConsultationFactory(subject="Sesuatu yang lain", description="Tidak memuat kata itu")
    complaints = {
        code: complaint_services.file_complaint(
            kind=ComplaintKind.PENGADUAN, text=f"Pengaduan: penyedia {WORD} tidak ditindak", directorate=directorate(code)
        ).complaint
        for code in ("pusat", "daerah")
    }
    return cases, complaints


def _links(html: str) -> list[str]:
    block = html.split('id="hasil-pencarian"', 1)[1] if 'id="hasil-pencarian"' in html else ""
    return re.findall(r'<a class="fw-semibold" href="([^"]+)"', block)


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_every_result_opens_and_nothing_outside_the_scope_shows(request, world, persona, login, client):
    cases, complaints = world
    if persona is None:
        assert client.get(URL, {"q": WORD}).status_code == 302
        return
    browser = login(persona)
    response = browser.get(URL, {"q": WORD})
    if persona.role == "applicant":
        assert response.status_code == 403
        return
    assert response.status_code == 200
    links = _links(response.content.decode())
    for link in links:
        assert browser.get(link).status_code == 200, link
    # Everything this persona may open and that has the word is listed, nothing else.
    from complaints.policies import visible_complaints
    from consultations.selectors import visible_cases

    openable = {reverse("consultations:staff_detail", kwargs={"number": c.number})
                for k, c in cases.items() if k != "other" and visible_cases(persona).filter(pk=c.pk).exists()}
    openable |= {reverse("complaints:detail", kwargs={"pk": c.pk})
                 for c in complaints.values() if visible_complaints(persona).filter(pk=c.pk).exists()}
    assert set(links) == openable
    shown = response.content.decode()
    for case in cases.values():
        if reverse("consultations:staff_detail", kwargs={"number": case.number}) not in openable:
            assert case.number not in shown


def test_the_persona_matrix_is_what_the_rule_says(world, login, director_pusat, front_desk, complaint_handler):
    cases, complaints = world
    assert len(_links(login(director_pusat).get(URL, {"q": WORD}).content.decode())) == 2  # a case, a complaint
    assert len(_links(login(front_desk).get(URL, {"q": WORD}).content.decode())) == 3  # every case, no complaint
    # The complaint handler of pusat: the complaints of pusat, no case.
    links = _links(login(complaint_handler).get(URL, {"q": WORD}).content.decode())
    assert links == [reverse("complaints:detail", kwargs={"pk": complaints["pusat"].pk})]


BAD = [
    "", " ", "a", "x" * 2000, "pengadaan " * 300, "& | ! <-> :*", "'; DROP TABLE search_entry; --",
    "<script>alert(1)</script> wanprestasi", "\"unclosed", "NEAR(a b)", "a* OR b*", "😀 wanprestasi 🎉",
    "пенyedia 供应商 wanprestasi", "\\", "%", "_", "(((", "wanprestasi:*", "!wanprestasi", "col:wanprestasi",
    "\x00wanprestasi",
]


@pytest.mark.parametrize("typed", BAD)
def test_bad_input_answers_200(world, login, admin_user, typed):
    response = login(admin_user).get(URL, {"q": typed, "year": "abc", "channel": "nope", "directorate": "999999"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    if typed.strip() in ("", "a"):
        assert 'id="pesan-pencarian"' in html


def test_a_one_letter_query_says_what_to_type(world, login, admin_user):
    html = login(admin_user).get(URL, {"q": "a"}).content.decode()
    assert "Ketik sedikitnya satu kata dari dua huruf atau lebih." in html


def test_snippets_highlight_the_words(world, login, admin_user):
    html = login(admin_user).get(URL, {"q": "pemutusan kontrak"}).content.decode()
    assert re.search(r"<mark>[Pp]emutusan</mark>", html)
    assert re.search(r"<mark>kontrak</mark>", html)


def test_synonyms_and_word_forms_match(db, login, admin_user, holidays):
    case = ConsultationFactory(subject="Pertanyaan", description="Tugas pejabat pembuat komitmen dalam pelelangan")
    for typed in ("PPK", "tender", "lelang", "pejabat pembuat komitmen"):
        links = _links(login(admin_user).get(URL, {"q": typed}).content.decode())
        assert links == [reverse("consultations:staff_detail", kwargs={"number": case.number})], typed


def test_some_words_when_none_has_them_all(world, login, admin_user):
    html = login(admin_user).get(URL, {"q": f"{WORD} zzzkatayangtakada"}).content.decode()
    assert "berikut kasus yang memuat sebagian kata" in html
    assert len(_links(html)) == 5


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"channel": Channel.WEBSITE}, {"pusat", "daerah", "hukum"}),
        ({"channel": Channel.SURAT}, set()),
        ({"channel": "complaint"}, {"k-pusat", "k-daerah"}),
        ({"directorate": "daerah"}, {"daerah", "k-daerah"}),
        ({"status": Status.SUBMITTED}, {"pusat", "daerah", "hukum"}),
        ({"status": "received"}, {"k-pusat", "k-daerah"}),
        ({"year": "2001"}, set()),
        ({"category": "perencanaan"}, {"pusat", "daerah", "hukum"}),
    ],
)
def test_filters(world, login, admin_user, params, expected):
    cases, complaints = world
    names = {reverse("consultations:staff_detail", kwargs={"number": c.number}): k for k, c in cases.items()}
    names |= {reverse("complaints:detail", kwargs={"pk": c.pk}): f"k-{k}" for k, c in complaints.items()}
    if "directorate" in params:
        params = {**params, "directorate": directorate(params["directorate"]).pk}
    if "category" in params:
        params = {**params, "category": cases["pusat"].category_id}
    html = login(admin_user).get(URL, {"q": WORD, **params}).content.decode()
    assert {names[link] for link in _links(html)} == expected


def test_this_year_finds_them(world, login, admin_user):
    year = timezone.localdate().year
    assert len(_links(login(admin_user).get(URL, {"q": WORD, "year": year}).content.decode())) == 5


def test_the_results_page_costs_a_fixed_number_of_queries(db, login, admin_user, holidays, django_assert_max_num_queries):
    for i in range(30):
        ConsultationFactory(subject=f"Kasus {WORD} nomor {i}")
    for i in range(5):
        complaint_services.file_complaint(kind=ComplaintKind.SARAN, text=f"{WORD} {i}", directorate=directorate("pusat"))
    browser = login(admin_user)
    browser.get(URL, {"q": WORD})  # warm the session and the caches
    with django_assert_max_num_queries(12) as captured:
        response = browser.get(URL, {"q": WORD})
    assert response.status_code == 200
    assert len(response.context["results"]) == 20
    before = len(captured)
    ConsultationFactory.create_batch(20, subject=f"Lagi {WORD}")
    with django_assert_max_num_queries(before):
        browser.get(URL, {"q": WORD, "halaman": 2})


# --- the case page: similar answered cases --------------------------------------------------


@pytest.fixture
def answered(db, applicant_a, holidays):
    mine = ConsultationFactory(subject="Perpanjangan kontrak konstruksi jembatan",
                               description="Apakah kontrak konstruksi jembatan dapat diperpanjang karena banjir?")
    same = ConsultationFactory(subject="Kontrak jembatan diperpanjang", status=Status.DELIVERED,
                               description="Perpanjangan waktu kontrak konstruksi karena keadaan kahar banjir",
                               assignee=None)
    open_one = ConsultationFactory(subject="Kontrak konstruksi jembatan", description="Banjir dan kontrak")
    elsewhere = ConsultationFactory(subject="Kontrak konstruksi jembatan banjir", status=Status.DELIVERED,
                                    description="Perpanjangan kontrak jembatan", directorate=directorate("hukum"))
    return mine, same, open_one, elsewhere


def _similar_panel(browser, case) -> str:
    """The case page's frame, then the list it loads (``search:similar_cases``)."""
    page = browser.get(reverse("consultations:staff_detail", kwargs={"number": case.number})).content.decode()
    frame = page.split('id="kasus-serupa"', 1)[1].split("</section>", 1)[0]
    url = reverse("search:similar_cases", kwargs={"number": case.number})
    assert f'hx-get="{url}"' in frame and f'href="{url}"' in frame  # htmx loads it; without JS a link
    html = browser.get(url).content.decode()
    return html.split('id="kasus-serupa"', 1)[1].split("</section>", 1)[0]


def test_the_case_page_shows_similar_answered_cases_the_person_may_open(answered, login, director_pusat, admin_user):
    mine, same, open_one, elsewhere = answered
    panel = _similar_panel(login(director_pusat), mine)
    assert same.number in panel
    assert open_one.number not in panel  # not answered
    assert elsewhere.number not in panel  # another directorate's: the director may not open it
    assert mine.number not in panel
    panel = _similar_panel(login(admin_user), mine)
    assert same.number in panel and elsewhere.number in panel
    for link in re.findall(r'href="([^"]+)"', panel):
        assert login(admin_user).get(link).status_code == 200


def test_similar_cases_of_a_case_the_person_may_not_open_are_a_404(answered, login, director_daerah, admin_user):
    mine = answered[0]  # a case of pusat
    url = reverse("search:similar_cases", kwargs={"number": mine.number})
    assert login(director_daerah).get(url).status_code == 404
    assert login(admin_user).get(reverse("search:similar_cases", kwargs={"number": "ADV-2099-999999"})).status_code == 404


def test_a_case_rerouted_away_leaves_the_cached_similar_list(answered, login, director_pusat):
    mine, same, _open_one, _elsewhere = answered
    assert same.number in _similar_panel(login(director_pusat), mine)
    same.directorate = directorate("hukum")
    same.save(update_fields=["directorate"])
    # The list of ids is kept for the case; the cases are opened through the scope again.
    assert same.number not in _similar_panel(login(director_pusat), mine)


def test_past_the_window_the_page_says_more_than(world, login, admin_user, monkeypatch):
    from search import selectors

    monkeypatch.setattr(selectors, "RANK_WINDOW", 3)
    html = login(admin_user).get(URL, {"q": WORD}).content.decode()
    assert "Lebih dari 3 hasil" in html
    assert len(_links(html)) == 3  # the newest three matches, ranked


def test_a_search_again_within_the_cache_time_shows_only_what_may_still_be_opened(world, login, director_pusat):
    cases, _complaints = world
    browser = login(director_pusat)
    assert any(cases["pusat"].number in link for link in _links(browser.get(URL, {"q": WORD}).content.decode()))
    cases["pusat"].directorate = directorate("hukum")
    cases["pusat"].save(update_fields=["directorate"])
    html = browser.get(URL, {"q": WORD}).content.decode()  # the ranked ids come from the cache
    assert not any(cases["pusat"].number in link for link in _links(html))


def test_without_the_cache_a_change_shows_at_once(world, login, director_pusat, settings):
    settings.SEARCH_CACHE_SECONDS = 0
    browser = login(director_pusat)
    assert _links(browser.get(URL, {"q": "kapal patroli"}).content.decode()) == []
    case = ConsultationFactory(directorate=directorate("pusat"), subject="Pengadaan kapal patroli")
    assert any(case.number in link for link in _links(browser.get(URL, {"q": "kapal patroli"}).content.decode()))
