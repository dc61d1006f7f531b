"""One validation path (issue 22): the forms check every field and hand the services
typed values; the services check state, permission and cross-row rules only. These are
the field rules of the website question, the answer, messages and rerouting, checked
where they now live."""

from __future__ import annotations

import pytest
from django.utils.datastructures import MultiValueDict

from consultations.channels.website.forms import AnswerForm, ConsultationForm
from consultations.forms import MessageForm, RerouteForm
from consultations.limits import DESCRIPTION_MAX_LENGTH, MESSAGE_MAX_LENGTH
from consultations.models import AnswerKind, ProcurementStage
from consultations.tests.factories import category, directorate
from files.checks import CheckedFile
from files.tests.builders import hostile, pdf

pytestmark = pytest.mark.django_db


def question(**overrides) -> dict:
    data = {
        "category": category("perencanaan").pk,
        "subject": "Penyusunan HPS untuk pengadaan alat kesehatan",
        "description": "Bagaimana menyusun HPS bila hanya ada satu penyedia di pasar?",
        "institution_name": "Kementerian Kesehatan",
        "fiscal_year": "2025",
        "procurement_stage": ProcurementStage.PERENCANAAN,
        "procurement_package": "",
    }
    data.update(overrides)
    return data


def uploads(*files) -> MultiValueDict:
    return MultiValueDict({"files": list(files)})


def test_the_question_form_hands_the_service_typed_values():
    form = ConsultationForm(question(subject="  Penyusunan HPS  ", fiscal_year=" 2025 "), uploads(pdf("rab.pdf")))
    assert form.is_valid(), form.errors
    data = form.cleaned_data
    assert data["subject"] == "Penyusunan HPS"
    assert data["fiscal_year"] == 2025
    assert data["category"] == category("perencanaan")
    [checked] = data["files"]
    assert isinstance(checked, CheckedFile) and checked.content_type == "application/pdf"


def test_every_bad_field_of_a_question_is_named_at_once():
    form = ConsultationForm(
        question(subject="  ", description="", fiscal_year="25", procurement_stage="bogus"), uploads(hostile("exe"))
    )
    assert not form.is_valid()
    assert set(form.errors) == {"subject", "description", "fiscal_year", "procurement_stage", "files"}


@pytest.mark.parametrize("kind", ["html_as_pdf", "svg", "exe", "too_large"])
def test_a_hostile_file_is_refused_by_name(kind):
    form = ConsultationForm(question(), uploads(pdf("baik.pdf"), hostile(kind)))
    assert not form.is_valid()
    assert list(form.errors) == ["files"]
    assert form.fields["files"].refused  # the page names the file to choose again


def test_an_inactive_category_is_refused():
    old = category("lainnya")
    old.is_active = False
    old.save()
    form = ConsultationForm(question(category=old.pk))
    assert not form.is_valid()
    assert form.errors["category"] == ["Pilih kategori permasalahan yang tersedia."]


def test_an_over_long_question_is_refused():
    form = ConsultationForm(question(description="x" * (DESCRIPTION_MAX_LENGTH + 1)))
    assert not form.is_valid() and list(form.errors) == ["description"]


@pytest.mark.parametrize("kinds", [[], ["nasihat"], None])
def test_an_answer_needs_known_kinds(kinds):
    data = {"text": "Jawaban."} if kinds is None else {"text": "Jawaban.", "kinds": kinds}
    form = AnswerForm(data)
    assert not form.is_valid() and list(form.errors) == ["kinds"]


def test_an_answer_needs_text_and_its_kinds_come_in_the_standards_order():
    form = AnswerForm({"text": "   ", "kinds": [AnswerKind.REKOMENDASI, AnswerKind.SARAN]})
    assert not form.is_valid() and list(form.errors) == ["text"]
    form = AnswerForm({"text": " Jawaban. ", "kinds": [AnswerKind.REKOMENDASI, AnswerKind.SARAN]})
    assert form.is_valid()
    assert form.cleaned_data["kinds"] == ["saran", "rekomendasi"] and form.cleaned_data["text"] == "Jawaban."


def test_a_message_needs_a_body_within_the_limit_and_clean_files():
    form = MessageForm({"body": " "}, uploads(hostile("svg")))
    assert not form.is_valid() and set(form.errors) == {"body", "files"}
    form = MessageForm({"body": "x" * (MESSAGE_MAX_LENGTH + 1)})
    assert not form.is_valid() and list(form.errors) == ["body"]


def test_a_reroute_needs_a_reason():
    choices = [directorate("hukum"), directorate("pusat")]
    form = RerouteForm({"directorate": directorate("hukum").pk, "reason": "  "}, directorates=choices)
    assert not form.is_valid() and list(form.errors) == ["reason"]
    form = RerouteForm({"directorate": directorate("hukum").pk, "reason": " Salah arah. "}, directorates=choices)
    assert form.is_valid()
    assert form.cleaned_data == {"directorate": directorate("hukum"), "reason": "Salah arah."}
