"""Fixtures of the outbox tests: a named e-mail of our own, frozen time.

The outbox knows no desk, so its tests use no desk either: their e-mail, ``notice``, is
a set of in-memory templates."""

from __future__ import annotations

import copy
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2025, 3, 27, 10, 0, tzinfo=WIB)

EMAIL_TEMPLATES = {
    "emails/notice-subject.txt": '{% load i18n %}{% translate "Terkirim" %}:\n  {{ number }}\n',
    "emails/notice-body.txt": '{{ name }}, {{ due_at|date:"l Y-m-d H:i T" }} {{ label }} {{ office_name }}',
    "emails/notice-body.html": '{% load i18n %}{% get_current_language as lang %}<p lang="{{ lang }}">{{ name }}</p>',
}


@pytest.fixture(autouse=True)
def email_templates(settings):
    """The project's template engine, with the ``notice`` e-mail in memory in front."""
    templates = dict(EMAIL_TEMPLATES)  # a test may add its own
    engine = copy.deepcopy(settings.TEMPLATES[0])
    engine["OPTIONS"]["loaders"] = [
        ("django.template.loaders.locmem.Loader", templates),
        "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader",
        "consultations.channels.loader.Loader",
    ]
    settings.TEMPLATES = [engine]
    return templates


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller
