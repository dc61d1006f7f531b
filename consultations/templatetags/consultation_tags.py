"""Deadlines and times as every consultation page shows them (SPEC.md): the due date in
WIB, the working days left, and on time / at risk / late.

The state comes from the model's single-row methods, which read the cached working-day
calendar: no query per row. Pages pass one ``now`` in their context so that a list
judges every row at the same instant.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime

from django import template
from django.urls import get_script_prefix, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from workdays.deadlines import WIB, DeadlineState

register = template.Library()

# Indonesian writes times with a dot (23.59); English with a colon.
_FORMATS = {
    "id": ("l, j F Y H.i", "l, j F Y"),
    "en": ("l, j F Y, H:i", "l, j F Y"),
}


@register.filter
def wib(value: datetime | None) -> str:
    """``Selasa, 22 April 2025 23.59 WIB``: a moment, always in Asia/Jakarta."""
    if not isinstance(value, datetime):
        return ""
    return _format_wib(value, translation.get_language() or "id", with_time=True)


@register.filter
def wib_date(value: datetime | None) -> str:
    """``Selasa, 22 April 2025``: the WIB date of a moment."""
    if not isinstance(value, datetime):
        return ""
    return _format_wib(value, translation.get_language() or "id", with_time=False)


@functools.lru_cache(maxsize=4096)
def _format_wib(value: datetime, language: str, *, with_time: bool) -> str:
    # Memoised per language: formatting (day and month names through gettext) costs
    # far more than the lookup, and a list repeats deadlines (they end at 23:59:59 of
    # a few days). The result depends only on the arguments.
    with translation.override(language):
        pattern = _FORMATS.get(language[:2], _FORMATS["id"])[0 if with_time else 1]
        text = date_format(timezone.localtime(value, WIB), pattern)
    return f"{text} WIB" if with_time else text


# A case number the ``case`` path converter accepts, to reverse a case URL once per
# URL name and prefix and fill each row's number in (reverse() costs ~75 µs a call).
_NUMBER_PLACEHOLDER = "ADV-0000-000000"


@functools.lru_cache(maxsize=64)
def _case_url_pattern(url_name: str, script_prefix: str) -> str:
    return reverse(url_name, kwargs={"number": _NUMBER_PLACEHOLDER})


@register.filter
def case_url(case, url_name: str) -> str:
    """``{{ case|case_url:"consultations:staff_detail" }}``: a URL that takes only
    the case number, as ``{% url %}`` would give it."""
    return _case_url_pattern(url_name, get_script_prefix()).replace(_NUMBER_PLACEHOLDER, case.number, 1)


@register.filter
def iso(value: datetime | None) -> str:
    """For ``<time datetime=...>``."""
    return value.isoformat() if isinstance(value, datetime) else ""


@dataclass(frozen=True)
class Deadline:
    """What a page says about one case's deadline."""

    state: str | None  # a DeadlineState value, or None when no clock runs yet
    label: str
    css: str
    left: str  # "3 hari kerja lagi", "Lewat 2 hari kerja", "Selesai ..."
    due_at: datetime | None
    completed: bool


_CSS = {
    DeadlineState.ON_TIME: "text-bg-success",
    DeadlineState.AT_RISK: "text-bg-warning",
    DeadlineState.LATE: "text-bg-danger",
}


def deadline_of(case, now: datetime | None = None) -> Deadline:
    now = now or timezone.now()
    days = case.working_days_left(now)  # once per row: the state and the text both need it
    state = case.deadline_state(now, days_left=days)
    completed = case.completed_at is not None
    if state is None:
        return Deadline(None, _("Belum berjalan"), "text-bg-secondary", _("Tenggat dihitung setelah surat diterima Direktur"), None, False)
    if completed:
        label = _("Selesai tepat waktu") if state == DeadlineState.ON_TIME else _("Selesai terlambat")
        left = _("Waktu selesai: %(when)s") % {"when": wib(case.completed_at)}
        return Deadline(str(state), label, _CSS[state], left, case.due_at, True)
    return Deadline(str(state), str(DeadlineState(state).label), _CSS[state], _left(case, now, state, days), case.due_at, False)


def _left(case, now: datetime, state: str, days: int | None) -> str:
    if days is None:  # an hourly deadline (walk-in)
        minutes = int(case.time_left(now).total_seconds() // 60)
        if minutes < 0:
            return ngettext("Lewat %(n)d menit", "Lewat %(n)d menit", -minutes) % {"n": -minutes}
        return ngettext("%(n)d menit lagi", "%(n)d menit lagi", minutes) % {"n": minutes}
    if state == DeadlineState.LATE:
        if days >= 0:
            return _("Lewat batas waktu")
        return ngettext("Lewat %(n)d hari kerja", "Lewat %(n)d hari kerja", -days) % {"n": -days}
    if days == 0:
        return _("Hari ini hari terakhir")
    return ngettext("%(n)d hari kerja lagi", "%(n)d hari kerja lagi", days) % {"n": days}


@register.simple_tag(takes_context=True)
def deadline(context, case) -> Deadline:
    """``{% deadline case as d %}`` then ``d.label``, ``d.left``, ``d.css``."""
    return deadline_of(case, context.get("now"))


@register.inclusion_tag("consultations/partials/deadline_badge.html", takes_context=True)
def deadline_badge(context, case):
    return {"d": deadline_of(case, context.get("now"))}


@register.inclusion_tag("consultations/partials/deadline_summary.html", takes_context=True)
def deadline_summary(context, case):
    """The deadline block of a case page: due date, what is left, the verdict."""
    return {"d": deadline_of(case, context.get("now")), "case": case}
