"""The lists of the online-meeting panel written in Python, once per page: the proposed
times, the team, the cancellations and the messages with the PIC. The same HTML
``daring/_meeting.html`` wrote in its loops; the template places each where its loop stood."""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from consultations.views.case_html import body_html, time_html
from core.field_html import e
from core.time import format_wib


def slots_html(slots) -> SafeString:
    """The proposed times, one a line, or a dash."""
    return mark_safe("<br>".join(e(format_wib(slot)) for slot in slots) or "—")  # noqa: S308 - escaped


def team_html(team) -> SafeString:
    return mark_safe(", ".join(e(person.full_name) for person in team))  # noqa: S308 - escaped


def cancellations_html(cancellations: list[dict]) -> SafeString:
    """``meeting_panel.cancellations``: when, which schedule, by whom, whether it closed the
    case, why and who recorded it."""
    items = []
    reason_word = e(_("Alasan"))
    for n, c in enumerate(cancellations, 1):
        parts = [time_html(c["at"])]
        if c["starts_at"]:
            parts.append(" · " + _("jadwal %(when)s") % {"when": e(format_wib(c["starts_at"]))})
        if c["cancelled_by"]:
            parts.append(" · " + _("dibatalkan oleh %(who)s") % {"who": e(c["cancelled_by"])})
        if c["closed"]:
            parts.append(f" · <strong>{e(_('konsultasi ditutup'))}</strong>")
        parts.append(f"<br>{reason_word}: {e(c['reason'] or '—')}")
        if c["recorded_by"]:
            parts.append(" (" + _("dicatat oleh %(name)s") % {"name": e(c["recorded_by"])} + ")")
        spacing = " mb-1" if n < len(cancellations) else ""
        items.append(f'<li class="small{spacing}">{"".join(parts)}</li>')
    return mark_safe(f'<ol class="list-unstyled mb-0" id="riwayat-pembatalan">{"".join(items)}</ol>')  # noqa: S308


def pic_messages_html(messages) -> SafeString:
    """The messages with the PIC, oldest first: to or from the PIC, who recorded it, when."""
    from_pic, to_pic = e(_("Dari PIC")), e(_("Kepada PIC"))
    items = "".join(
        f'<li class="card mb-2"><div class="card-body py-2"><p class="small mb-1"><strong>'
        f"{from_pic if msg.from_pic else to_pic}</strong> · {e(msg.author.full_name)} · {time_html(msg.at)}</p>"
        f"{body_html(msg.body)}</div></li>"
        for msg in messages
    )
    return mark_safe(f'<ol class="list-unstyled">{items}</ol>')  # noqa: S308 - escaped
