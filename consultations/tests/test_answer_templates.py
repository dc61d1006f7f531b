"""Answer templates' services: who keeps them (a directorate's Director and team leads,
their own directorate only), their states, and counting a use (whoever may write the
case's answer now, on a case of the template's directorate and category)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Role
from accounts.tests.factories import InternalUserFactory, directorate
from consultations.errors import InvalidTransition, NotAllowed
from consultations.models import CITATIONS_HEADING, AnswerTemplate, Category
from consultations.services import answer_templates as templates
from consultations.services import steps

from .factories import category

pytestmark = pytest.mark.django_db  # also orders the fixture-by-name tests before transactional ones

BODY = "HPS disusun berdasarkan harga pasar setempat menjelang pemilihan."
CITATION = "Pasal 26 Perpres 16/2018 jo. Perpres 12/2021"


def make(actor, **overrides) -> AnswerTemplate:
    data = {"category": category(), "title": "HPS satu penyedia", "body": BODY, "regulations": CITATION}
    data.update(overrides)
    return templates.create_template(actor=actor, **data)


@pytest.fixture
def lead_daerah(db):
    return InternalUserFactory(role=Role.TEAM_LEAD, directorate=directorate("daerah"))


# --- keeping ------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["lead", "director_pusat"])
def test_a_lead_keeps_templates_of_their_own_directorate(who, request):
    actor = request.getfixturevalue(who)
    template = make(actor)
    assert template.directorate_id == actor.directorate_id == directorate("pusat").pk
    assert (template.created_by, template.updated_by, template.is_active, template.use_count) == (actor, actor, True, 0)
    assert template.insertion == f"{BODY}\n\n{CITATIONS_HEADING}\n{CITATION}"


@pytest.mark.parametrize("who", ["member", "front_desk", "admin_user", "complaint_handler", "applicant_a"])
def test_nobody_else_writes_templates(who, request):
    with pytest.raises(NotAllowed):
        make(request.getfixturevalue(who))
    assert not AnswerTemplate.objects.exists()


def test_a_lead_of_another_directorate_may_not_change_one(lead, lead_daerah):
    template = make(lead)
    with pytest.raises(NotAllowed):
        templates.update_template(template=template, actor=lead_daerah, category=category(), title="X", body="Y")
    with pytest.raises(NotAllowed):
        templates.deactivate_template(template=template, actor=lead_daerah)
    template.refresh_from_db()
    assert (template.title, template.is_active) == ("HPS satu penyedia", True)


def test_another_lead_of_the_directorate_edits_and_is_recorded(lead, director_pusat):
    template = make(lead)
    templates.update_template(
        template=template, actor=director_pusat, category=category("pemilihan-penyedia"), title="  Baru ", body="Isi baru",
        regulations="",
    )
    template.refresh_from_db()
    assert (template.title, template.body, template.regulations) == ("Baru", "Isi baru", "")
    assert (template.created_by, template.updated_by) == (lead, director_pusat)
    assert template.category.code == "pemilihan-penyedia"
    assert template.insertion == "Isi baru"  # no citations, no heading


def test_empty_text_and_a_retired_category_are_refused(lead):
    with pytest.raises(ValidationError) as refused:
        make(lead, title=" ", body="")
    assert set(refused.value.message_dict) == {"title", "body"}
    retired = category("pemilihan-penyedia")
    Category.objects.filter(pk=retired.pk).update(is_active=False)
    retired.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        make(lead, category=retired)
    assert set(refused.value.message_dict) == {"category"}


def test_a_template_whose_category_was_retired_stays_editable(lead):
    template = make(lead)
    Category.objects.filter(pk=template.category_id).update(is_active=False)
    template.category.refresh_from_db()
    templates.update_template(template=template, actor=lead, category=template.category, title="Tetap", body=BODY)
    assert AnswerTemplate.objects.get().title == "Tetap"


def test_deactivate_and_reactivate_check_the_state(lead):
    template = make(lead)
    templates.deactivate_template(template=template, actor=lead)
    assert template.is_active is False
    with pytest.raises(InvalidTransition):
        templates.deactivate_template(template=template, actor=lead)
    with pytest.raises(InvalidTransition):  # a retired passage is restored before it is edited
        templates.update_template(template=template, actor=lead, category=category(), title="X", body="Y")
    templates.reactivate_template(template=template, actor=lead)
    assert AnswerTemplate.objects.get().is_active is True
    with pytest.raises(InvalidTransition):
        templates.reactivate_template(template=template, actor=lead)


# --- using ----------------------------------------------------------------------------


def test_the_assignee_inserts_and_each_insertion_counts(case, lead, member):
    steps.assign(consultation=case, assignee=member, actor=lead)
    template = make(lead)
    text = templates.use_template(actor=member, template=template, consultation=case)
    assert text == template.insertion
    templates.use_template(actor=member, template=template, consultation=case)
    template.refresh_from_db()
    assert template.use_count == 2 and template.last_used_at is not None


def test_a_lead_of_the_directorate_inserts_into_an_unassigned_case(case, lead):
    template = make(lead)
    templates.use_template(actor=lead, template=template, consultation=case)
    assert AnswerTemplate.objects.get().use_count == 1


@pytest.mark.parametrize("who", ["member", "front_desk", "admin_user", "applicant_a", "director_daerah"])
def test_who_may_not_write_the_answer_may_not_use_a_template(case, lead, who, request):
    # ``member`` is of the directorate but not the assignee: the answer is not theirs to write.
    template = make(lead)
    with pytest.raises(NotAllowed):
        templates.use_template(actor=request.getfixturevalue(who), template=template, consultation=case)
    assert AnswerTemplate.objects.get().use_count == 0


def test_a_template_of_another_category_or_directorate_is_not_for_this_case(case, lead, lead_daerah):
    other_category = make(lead, category=category("pemilihan-penyedia"))
    other_directorate = make(lead_daerah)
    for template in (other_category, other_directorate):
        with pytest.raises(NotAllowed):
            templates.use_template(actor=lead, template=template, consultation=case)
    assert list(AnswerTemplate.objects.offered_for(case)) == []
    assert sum(AnswerTemplate.objects.values_list("use_count", flat=True)) == 0


def test_a_retired_template_is_neither_offered_nor_counted(case, lead):
    template = make(lead)
    assert list(AnswerTemplate.objects.offered_for(case)) == [template]
    templates.deactivate_template(template=template, actor=lead)
    assert list(AnswerTemplate.objects.offered_for(case)) == []
    with pytest.raises(InvalidTransition):
        templates.use_template(actor=lead, template=template, consultation=case)
    assert AnswerTemplate.objects.get().use_count == 0


def test_a_delivered_case_takes_no_more_insertions(case, lead):
    from consultations.channels.website import answers

    template = make(lead)
    answers.send_answer(consultation=case, author=lead, kinds=["saran"], text="Sudah dijawab.")
    with pytest.raises(NotAllowed):
        templates.use_template(actor=lead, template=template, consultation=case)


def test_a_stale_object_still_counts_from_the_database(case, lead):
    """The count is an F() update: two holders of the same row, each using it once,
    leave two — not the one a read-modify-write of either object would leave."""
    template = make(lead)
    first, second = AnswerTemplate.objects.get(), AnswerTemplate.objects.get()
    templates.use_template(actor=lead, template=first, consultation=case)
    templates.use_template(actor=lead, template=second, consultation=case)
    assert (first.use_count, second.use_count) == (1, 2)
    assert AnswerTemplate.objects.get(pk=template.pk).use_count == 2


def test_appended_keeps_what_was_typed():
    assert templates.appended("Yth. Bapak,\n\n", "Paragraf.") == "Yth. Bapak,\n\nParagraf."
    assert templates.appended("   ", "Paragraf.") == "Paragraf."
