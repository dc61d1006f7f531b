"""Moments as people read them: always in Asia/Jakarta, in the page's language."""

from __future__ import annotations

from datetime import UTC, datetime

from django.template import Context, Template
from django.utils import translation

from core.templatetags.core_tags import wib, wib_date
from core.time import WIB, format_iso
from workdays import deadlines


def test_wib_in_indonesian_and_english():
    moment = datetime(2025, 4, 22, 16, 59, 59, tzinfo=UTC)  # 23:59:59 WIB
    with translation.override("id"):
        assert wib(moment) == "Selasa, 22 April 2025 23.59 WIB"
        assert wib_date(moment) == "Selasa, 22 April 2025"
    with translation.override("en"):
        assert wib(moment) == "Tuesday, 22 April 2025, 23:59 WIB"
    assert wib(None) == "" and wib("x") == ""


def test_the_date_is_the_date_in_jakarta_not_utc():
    assert wib(datetime(2025, 4, 21, 18, 30, tzinfo=UTC)) == "Selasa, 22 April 2025 01.30 WIB"


def test_one_time_zone_for_the_whole_project():
    assert WIB is deadlines.WIB
    assert str(WIB) == "Asia/Jakarta"


def test_iso_for_time_elements():
    moment = datetime(2025, 4, 22, 23, 59, 59, tzinfo=WIB)
    assert format_iso(moment) == "2025-04-22T23:59:59+07:00"
    assert format_iso(None) == "" and format_iso("x") == ""
    html = Template("{% load core_tags %}<time datetime=\"{{ t|iso }}\">{{ t|wib_date }}</time>").render(
        Context({"t": moment})
    )
    assert html == '<time datetime="2025-04-22T23:59:59+07:00">Selasa, 22 April 2025</time>'
