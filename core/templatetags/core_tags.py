"""Times and deadlines as every page shows them (SPEC.md): moments in WIB, the due
date, the working days left, and on time / at risk / late.

``{% load core_tags %}`` gives the filters ``wib``, ``wib_date`` and ``iso``
(``core.time``) and the deadline tags, which work on any ``core.deadlines.DeadlineModel``
row. The state comes from the model's single-row methods, which read the cached
working-day calendar: no query per row. Pages pass one ``now`` in their context so that
a list judges every row at the same instant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.deadlines import DeadlineModel
from core.time import format_iso, format_wib, format_wib_date
from workdays.deadlines import DeadlineState

register = template.Library()


@register.filter
def wib(value: datetime | None) -> str:
    """``Selasa, 22 April 2025 23.59 WIB``: a moment, always in Asia/Jakarta."""
    return format_wib(value)


@register.filter
def wib_date(value: datetime | None) -> str:
    """``Selasa, 22 April 2025``: the WIB date of a moment."""
    return format_wib_date(value)


@register.filter
def iso(value: datetime | None) -> str:
    """For ``<time datetime=...>``."""
    return format_iso(value)


@dataclass(frozen=True)
class Deadline:
    """What a page says about one row's deadline."""

    state: str | None  # a DeadlineState value; None when no clock runs yet, or none was judged
    label: str
    css: str
    left: str  # "3 hari kerja lagi", "Lewat 2 hari kerja", "Selesai ..."
    due_at: datetime | None
    completed: bool
    # Closed without output and so without a verdict (``close_clock_without_verdict``):
    # neither on time nor late, and not "not started" either.
    unjudged: bool = False


_CSS = {
    DeadlineState.ON_TIME: "text-bg-success",
    DeadlineState.AT_RISK: "text-bg-warning",
    DeadlineState.LATE: "text-bg-danger",
}


def deadline_of(case: DeadlineModel, now: datetime | None = None) -> Deadline:
    now = now or timezone.now()
    days = case.working_days_left(now)  # once per row: the state and the text both need it
    state = case.deadline_state(now, days_left=days)
    completed = case.completed_at is not None
    if completed and state is None:
        left = _("Ditutup pada %(when)s") % {"when": format_wib(case.completed_at)}
        return Deadline(None, _("Ditutup tanpa keluaran"), "text-bg-secondary", left, case.due_at, True, unjudged=True)
    if state is None:
        return Deadline(None, _("Belum berjalan"), "text-bg-secondary", case.deadline_pending_note, None, False)
    if completed:
        label = _("Selesai tepat waktu") if state == DeadlineState.ON_TIME else _("Selesai terlambat")
        left = _("Waktu selesai: %(when)s") % {"when": format_wib(case.completed_at)}
        return Deadline(str(state), label, _CSS[state], left, case.due_at, True)
    return Deadline(str(state), str(DeadlineState(state).label), _CSS[state], _left(case, now, state, days), case.due_at, False)


def _left(case: DeadlineModel, now: datetime, state: str, days: int | None) -> str:
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
def deadline(context, case: DeadlineModel) -> Deadline:
    """``{% deadline case as d %}`` then ``d.label``, ``d.left``, ``d.css``."""
    return deadline_of(case, context.get("now"))


@register.inclusion_tag("core/partials/deadline_badge.html", takes_context=True)
def deadline_badge(context, case: DeadlineModel):
    return {"d": deadline_of(case, context.get("now"))}


@register.inclusion_tag("core/partials/deadline_summary.html", takes_context=True)
def deadline_summary(context, case: DeadlineModel):
    """The deadline block of a case page: due date, what is left, the verdict, the rule."""
    return {"d": deadline_of(case, context.get("now")), "rule": case.deadline_rule_label}
