"""Answer templates through the pages: a lead keeps their directorate's (another's is a
404), and "Sisipkan" on the case page puts one into the draft — as JSON for the script,
or, without JavaScript, as the case page again with everything typed kept and the
passage appended. Each insertion is one use."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import InternalUserFactory, directorate
from consultations.models import CITATIONS_HEADING, AnswerDraft, AnswerTemplate, Category
from consultations.services import answer_templates as templates
from consultations.services import steps

from .factories import category
from .test_letters import in_hand

pytestmark = pytest.mark.django_db

BODY = "HPS disusun berdasarkan harga pasar setempat menjelang pemilihan."
CITATION = "Pasal 26 Perpres 16/2018"
INDEX = reverse("consultations:answer_templates")
NEW = reverse("consultations:answer_template_new")


def make(actor, **overrides) -> AnswerTemplate:
    data = {"category": category(), "title": "HPS satu penyedia", "body": BODY, "regulations": CITATION}
    return templates.create_template(actor=actor, **{**data, **overrides})


def edit_url(template) -> str:
    return reverse("consultations:answer_template_edit", kwargs={"pk": template.pk})


def insert_url(case) -> str:
    return reverse("consultations:answer_template_insert", kwargs={"number": case.number})


@pytest.fixture
def lead_daerah(db):
    return InternalUserFactory(email="ketua.daerah@lkpp.go.id", role=Role.TEAM_LEAD, directorate=directorate("daerah"))


# --- keeping ----------------------------------------------------------------------------


def test_a_lead_writes_a_template_on_the_page(login, lead):
    client = login(lead)
    assert client.get(NEW).status_code == 200
    response = client.post(NEW, {
        "category": category().pk, "title": "HPS satu penyedia", "body": BODY, "regulations": CITATION,
    }, follow=True)
    assert response.redirect_chain[-1][0] == INDEX
    template = AnswerTemplate.objects.get()
    assert (template.directorate, template.created_by, template.regulations) == (directorate("pusat"), lead, CITATION)
    assert "HPS satu penyedia" in response.content.decode()


def test_a_refused_template_comes_back_with_what_was_typed(login, lead):
    response = login(lead).post(NEW, {"category": "", "title": "Judul saja", "body": ""})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"category", "body"} and form["title"].value() == "Judul saja"
    assert not AnswerTemplate.objects.exists()


def test_the_list_is_the_directorates_own(login, lead, lead_daerah):
    mine, theirs = make(lead, title="Milik pusat"), make(lead_daerah, title="Milik daerah")
    html = login(lead).get(INDEX).content.decode()
    assert mine.title in html and theirs.title not in html


def test_a_lead_of_another_directorate_gets_404_for_a_template(login, lead, lead_daerah):
    template = make(lead)
    client = login(lead_daerah)
    assert client.get(edit_url(template)).status_code == 404
    assert client.post(edit_url(template), {"category": category().pk, "title": "X", "body": "Y"}).status_code == 404
    for name in ("answer_template_deactivate", "answer_template_reactivate"):
        assert client.post(reverse(f"consultations:{name}", kwargs={"pk": template.pk})).status_code == 404
    template.refresh_from_db()
    assert (template.title, template.is_active) == ("HPS satu penyedia", True)


def test_edit_retire_and_restore(login, lead, director_pusat):
    template = make(lead)
    client = login(director_pusat)
    assert client.get(edit_url(template)).context["form"]["body"].value() == BODY
    client.post(edit_url(template), {"category": category().pk, "title": "HPS baru", "body": "Isi baru", "regulations": ""})
    template.refresh_from_db()
    assert (template.title, template.updated_by) == ("HPS baru", director_pusat)
    client.post(reverse("consultations:answer_template_deactivate", kwargs={"pk": template.pk}))
    template.refresh_from_db()
    assert template.is_active is False
    assert "Nonaktif" in client.get(INDEX).content.decode()
    client.post(reverse("consultations:answer_template_reactivate", kwargs={"pk": template.pk}))
    template.refresh_from_db()
    assert template.is_active is True


def test_a_template_keeps_its_retired_category_in_the_form(login, lead):
    template = make(lead)
    Category.objects.filter(pk=template.category_id).update(is_active=False)
    form = login(lead).get(edit_url(template)).context["form"]
    assert template.category in form.fields["category"].queryset
    assert template.category not in login(lead).get(NEW).context["form"].fields["category"].queryset


def test_the_queue_links_leads_to_their_templates(login, lead, member):
    assert INDEX in login(lead).get(reverse("consultations:queue")).content.decode()
    assert INDEX not in login(member).get(reverse("consultations:queue")).content.decode()


# --- inserting into the website answer ---------------------------------------------------------


def test_the_answer_form_offers_the_templates_of_the_cases_category(login, case, lead, lead_daerah):
    offered = make(lead)
    make(lead, title="Kategori lain", category=category("pemilihan-penyedia"))
    make(lead_daerah, title="Direktorat lain")
    retired = make(lead, title="Sudah pensiun")
    templates.deactivate_template(template=retired, actor=lead)
    response = login(lead).get(reverse("consultations:staff_detail", kwargs={"number": case.number}))
    assert response.context["answer_templates"] == [offered]
    html = response.content.decode()
    assert 'name="templat"' in html and "answer-templates.js" in html and insert_url(case) in html


def test_no_templates_offered_to_who_may_not_write_the_answer(login, case, lead, member):
    make(lead)
    page = login(member).get(reverse("consultations:staff_detail", kwargs={"number": case.number}))  # not the assignee
    assert "answer_templates" not in page.context and "answer-templates.js" not in page.content.decode()


def test_without_javascript_the_passage_is_appended_and_nothing_typed_is_lost(login, case, lead, member):
    steps.assign(consultation=case, assignee=member, actor=lead)
    template = make(lead)
    typed = "Yth. Ibu Ayu,\n\nTerima kasih atas pertanyaan Anda."
    response = login(member).post(insert_url(case), {
        "sasaran": "jawab", "templat": str(template.pk),
        "jawab-kinds": ["pendapat", "saran"], "jawab-text": typed,
        "jawab-form_token": "1b4e28ba-2fa1-41d2-883f-0016d3cca427",
    })
    assert response.status_code == 200
    form = response.context["answer_form"]
    assert form["text"].value() == f"{typed}\n\n{BODY}\n\n{CITATIONS_HEADING}\n{CITATION}"
    assert form["kinds"].value() == ["pendapat", "saran"]
    assert str(form["form_token"].value()) == "1b4e28ba-2fa1-41d2-883f-0016d3cca427"
    assert not form.is_bound  # no "required" errors for what is still to be written
    assert AnswerTemplate.objects.get().use_count == 1
    assert case.answers.count() == 0  # inserting sends nothing


def test_with_javascript_the_passage_comes_as_json_and_counts(login, case, lead):
    template = make(lead)
    client = login(lead)
    for _ in range(2):
        response = client.post(insert_url(case), {"sasaran": "jawab", "templat": template.pk}, HTTP_ACCEPT="application/json")
        assert response.status_code == 200
    assert json.loads(response.content) == {"text": template.insertion, "title": template.title}
    assert AnswerTemplate.objects.get().use_count == 2


def test_no_template_chosen_keeps_the_text_and_says_so(login, case, lead):
    make(lead)
    client = login(lead)
    response = client.post(insert_url(case), {"sasaran": "jawab", "templat": "", "jawab-text": "Sudah saya tulis."})
    assert response.status_code == 200
    assert response.context["answer_form"]["text"].value() == "Sudah saya tulis."
    assert "Pilih templat jawaban lebih dahulu." in response.content.decode()
    response = client.post(insert_url(case), {"sasaran": "jawab", "templat": ""}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert AnswerTemplate.objects.get().use_count == 0


def test_a_template_not_offered_for_the_case_is_404_and_uncounted(login, case, lead, lead_daerah):
    other_directorate = make(lead_daerah)
    other_category = make(lead, category=category("pemilihan-penyedia"))
    client = login(lead)
    for template in (other_directorate, other_category):
        assert client.post(insert_url(case), {"sasaran": "jawab", "templat": template.pk}).status_code == 404
    assert client.post(insert_url(case), {"sasaran": "lain", "templat": other_category.pk}).status_code == 400
    assert sum(AnswerTemplate.objects.values_list("use_count", flat=True)) == 0


def test_who_may_not_write_the_answer_is_refused(login, case, lead, member, director_daerah):
    template = make(lead)
    assert login(member).post(insert_url(case), {"sasaran": "jawab", "templat": template.pk}).status_code == 403
    assert login(director_daerah).post(insert_url(case), {"sasaran": "jawab", "templat": template.pk}).status_code == 404
    assert AnswerTemplate.objects.get().use_count == 0


# --- inserting into a letter's draft ---------------------------------------------------------


@pytest.fixture
def letter_case(holidays, front_desk, director_pusat, lead, member):
    import time_machine

    from .test_letters import MONDAY

    with time_machine.travel(MONDAY, tick=False):
        yield in_hand(front_desk, director_pusat, lead, member)


def test_a_letter_has_no_category_so_every_category_of_the_directorate_is_offered(login, letter_case, lead, member):
    assert letter_case.category_id is None
    first, second = make(lead), make(lead, title="Penyedia tunggal", category=category("pemilihan-penyedia"))
    client = login(member)
    page = client.get(reverse("consultations:staff_detail", kwargs={"number": letter_case.number}))
    assert set(page.context["answer_templates"]) == {first, second}
    assert "<optgroup" in page.content.decode()
    response = client.post(insert_url(letter_case), {
        "sasaran": "konsep", "templat": second.pk, "konsep-kinds": ["pendapat"], "konsep-body": "Menanggapi surat Saudara,",
    })
    form = response.context["letter"]["forms"]["draft"]
    assert form["body"].value() == f"Menanggapi surat Saudara,\n\n{BODY}\n\n{CITATIONS_HEADING}\n{CITATION}"
    assert 'id="form-konsep"' in response.content.decode()
    assert AnswerTemplate.objects.get(pk=second.pk).use_count == 1
    assert not AnswerDraft.objects.exists()  # inserting saves no draft
