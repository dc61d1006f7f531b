"""The lists of the online-meeting panel written in Python, once per page: the proposed
times, the team, the cancellations and the messages with the PIC. The same HTML
``daring/_meeting.html`` wrote in its loops; the template places each where its loop stood."""

from __future__ import annotations

from django.template.defaultfilters import date as date_filter
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _

from accounts.phones import national
from consultations.views.case_html import body_html, case_url, time_html
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


def facts_html(invitation, meeting, *, slots, team, cancellations) -> SafeString:
    """The meeting's card: the PIC, the proposed times, platform and link, the schedule
    (or the cancelled one) with the team, and the schedules called off before."""
    term = '<dt class="col-sm-4">{}</dt><dd class="col-sm-8{}">{}</dd>'
    rows = [
        term.format(e(_("PIC")), "", f"{e(invitation.pic_name)} · {e(national(invitation.pic_phone))} · "
                                     f"{e(invitation.pic_email)}"),
        term.format(e(_("Usulan waktu")), "", slots_html(slots)),
    ]
    if invitation.platform or invitation.link:
        rows.append(term.format(e(_("Platform dan tautan usulan")), " text-break",
                                f"{e(invitation.platform)} {e(invitation.link)}"))
    if meeting is not None:
        if meeting.is_cancelled:
            when = (f"<s>{e(format_wib(meeting.starts_at))}</s> <span class=\"badge text-bg-danger\">"
                    f"{e(_('Dibatalkan'))}</span>")
        else:
            when = f"<strong>{e(format_wib(meeting.starts_at))}</strong> – {e(date_filter(template_localtime(meeting.ends_at), 'H.i'))}"
        rows.append(
            f'<dt class="col-sm-4">{e(_("Jadwal"))}</dt><dd class="col-sm-8">{when}<br>{e(meeting.platform)} · '
            f'<span class="text-break">{e(meeting.link)}</span><br><span class="small">{e(_("Tim LKPP"))}: '
            f'{team_html(team)} · {e(_("perubahan ke"))} {e(meeting.sequence)}</span></dd>'
        )
    if cancellations:
        rows.append(term.format(e(_("Riwayat pembatalan")), "", cancellations_html(cancellations)))
    return mark_safe(  # noqa: S308 - every value escaped
        f'<div class="card mb-3"><div class="card-body"><dl class="row mb-0">{"".join(rows)}</dl></div></div>'
    )


def report_html(case, report) -> SafeString:
    """The report: the day, its author, approved (by whom) or waiting, the kinds, the
    advice, and once approved its PDF and hash."""
    if report.is_approved:
        state = (f'<span class="badge text-bg-success">{e(_("disetujui"))}</span> '
                 f"{e(report.approved_by.full_name if report.approved_by_id else '')}")
        pdf = (f'<a href="{e(case_url("consultations:meeting_report", case.number))}" id="unduh-laporan">'
               f'{e(_("Unduh laporan (PDF)"))}</a> <span class="small">SHA-256 <code>{e(report.sha256)}</code></span>')
    else:
        state = f'<span class="badge text-bg-info">{e(_("menunggu persetujuan"))}</span>'
        pdf = ""
    return mark_safe(  # noqa: S308 - every value escaped
        f'<div class="card mb-2"><div class="card-body"><p class="small mb-1">{e(date_filter(report.held_on, "j F Y"))} · '
        f"{e(report.author.full_name)} · {state}</p><p class=\"mb-1\">{e(', '.join(report.kind_labels))}</p>"
        f'<div class="case-description">{body_html(report.advice)}</div>{pdf}</div></div>'
    )
