"""Named e-mails in the recipient's language, times in WIB; desks add what only they know."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from notifications import rendering
from notifications.rendering import render_email

from .factories import NOTICE, notice_context

DUE = "2025-04-22T16:59:59+00:00"  # the end of Tuesday 22 April 2025 in WIB, as JSON holds it


def test_subject_is_one_line_with_the_site_prefix():
    subject, _, _ = render_email(NOTICE, notice_context(), "id")
    assert subject == "[E-Advokasi LKPP] Terkirim: ADV-2025-000001"


def test_times_are_wib_and_words_are_the_recipient_language():
    _, text, html = render_email(NOTICE, notice_context(due_at=DUE), "id")
    assert text.startswith("Perihal, Selasa 2025-04-22 23:59 WIB")
    assert 'lang="id"' in html
    subject, text, html = render_email(NOTICE, notice_context(due_at=DUE), "en")
    assert subject == "[E-Advokasi LKPP] Sent: ADV-2025-000001"
    assert text.startswith("Subject, Tuesday 2025-04-22 23:59 WIB")
    assert 'lang="en"' in html


def test_an_english_name_falls_back_to_the_indonesian_one():
    _, text, _ = render_email(NOTICE, notice_context(name_en=""), "en")
    assert text.startswith("Perihal,")


def test_the_language_around_the_render_is_left_as_it_was():
    with translation.override("id"):
        render_email(NOTICE, notice_context(), "en")
        assert translation.get_language() == "id"


@pytest.fixture
def reviver(monkeypatch):
    monkeypatch.setattr(rendering, "_revivers", {})
    seen = []

    def revive(context):
        seen.append((translation.get_language(), dict(context)))
        return context | {"label": translation.gettext("Gagal")}

    rendering.register_context([NOTICE], revive)
    return seen


def test_a_desk_adds_to_its_templates_context_in_the_recipient_language(reviver):
    _, text, _ = render_email(NOTICE, notice_context(due_at=DUE), "en")
    assert "Failed" in text
    [(language, context)] = reviver
    assert language == "en"
    assert context["due_at"] == datetime(2025, 4, 22, 23, 59, 59, tzinfo=ZoneInfo("Asia/Jakarta"))
    assert context["name"] == "Subject" and "name_en" not in context


def test_other_templates_are_left_alone(reviver, email_templates):
    for part in ("-subject.txt", "-body.txt", "-body.html"):
        email_templates[f"emails/other{part}"] = email_templates[f"emails/notice{part}"]
    render_email("other", notice_context(), "id")
    assert reviver == []
