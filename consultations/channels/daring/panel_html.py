"""The online-meeting panel written in Python, once per page (:func:`meeting_html`): the
meeting section (the cancellation notices, the card of facts with the proposed times,
the team and the cancellations, the messages with the PIC and the forms of the schedule)
and the report section. The same HTML the template ``daring/_meeting.html`` wrote (with a
tag, a filter or an include per line) until issue 26; ``daring/_panel.html`` places it."""

from __future__ import annotations

from django.template.defaultfilters import date as date_filter
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.phones import national
from consultations.views.case_html import body_html, case_url, csrf_html, display, form_errors_html, time_html
from core.field_html import e, field_html, widget_html
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


# The fields of a form not yet sent whose fields do not depend on the case — the PIC
# message, the reschedule, the cancel and the report forms (not the confirm form: its
# team is the directorate's) — by form, prefix, starting values, each field's widget and
# initial value (the closing-only cancel form) and language: the same HTML on every page
# with the same values, written once per process (at most _EMPTY_FIELDS_KEPT kept).
_EMPTY_FIELDS: dict[tuple, str] = {}
_EMPTY_FIELDS_KEPT = 1000


def _fields(form, write) -> str:
    """``write(form)``, the HTML of the form's fields; once per process for a form not
    yet sent, by its starting values too (the report's: the meeting's day and team)."""
    if form.is_bound:
        return write(form)
    key = (type(form), form.prefix, get_language(), tuple(sorted((k, repr(v)) for k, v in form.initial.items())),
           tuple((name, type(field.widget), field.initial) for name, field in form.fields.items()))
    html = _EMPTY_FIELDS.get(key)
    if html is None:
        if len(_EMPTY_FIELDS) >= _EMPTY_FIELDS_KEPT:
            _EMPTY_FIELDS.clear()
        html = _EMPTY_FIELDS[key] = write(form)
    return html


def _form(request, case, form, dropped, url_name: str, form_id: str, fields: str, button: str) -> str:
    """A form's error summary, then the form: its CSRF token, ``fields`` (HTML) and its button."""
    return (
        f'{form_errors_html(form, dropped)}<form method="post" action="{e(case_url(url_name, case.number))}"'
        f' novalidate id="{form_id}">{csrf_html(request)}{fields}{button}</form>'
    )


def _schedule_fields(form, *names: str) -> str:
    """The day and the times side by side, then ``names``, then the out-of-hours box."""
    row = "".join(f'<div class="col-sm-4">{field_html(form[name])}</div>' for name in ("day", "starts", "ends"))
    rest = "".join(field_html(form[name]) for name in ("platform", "link", *names, "outside_hours_ok"))
    return f'<div class="row">{row}</div>{rest}'


def _alerts(case, meeting) -> str:
    """A cancelled schedule: the case closed as cancelled, or (still open) a new schedule
    or the case closed is what is left."""
    if meeting is None or not meeting.is_cancelled:
        return ""
    who = display(meeting, "cancelled_by") if meeting.cancelled_by else ""
    if case.status == "cancelled":
        by = (_("Rapat dibatalkan oleh %(who)s.") % {"who": e(who)} + " ") if who else ""
        reason = f"{e(_('Alasan'))}: {e(meeting.cancel_reason)}. " if meeting.cancel_reason else ""
        return (
            '<div class="alert alert-secondary" role="status" id="rapat-ditutup"><p class="mb-1"><strong>'
            + _("Konsultasi ditutup sebagai dibatalkan pada %(when)s.") % {"when": e(format_wib(case.completed_at))}
            + f'</strong></p><p class="mb-0">{by}{reason}'
            + e(_("Tidak ada laporan rapat dan tidak ada survei kepuasan; batas waktu tidak dinilai tepat waktu "
                  "maupun terlambat."))
            + "</p></div>"
        )
    if case.is_open:
        by = (" " + _("Dibatalkan oleh %(who)s.") % {"who": e(who)}) if who else ""
        reason = f" {e(_('Alasan'))}: {e(meeting.cancel_reason)}." if meeting.cancel_reason else ""
        return (
            '<div class="alert alert-warning" role="status" id="rapat-dibatalkan"><p class="mb-1"><strong>'
            + _("Jadwal rapat dibatalkan pada %(when)s.") % {"when": e(format_wib(meeting.cancelled_at))}
            + f'</strong>{by}{reason}</p><p class="mb-0">'
            + _("Tetapkan jadwal baru dengan PIC paling lambat %(due)s, atau tutup konsultasi sebagai dibatalkan.")
            % {"due": e(format_wib(case.due_at))}
            + "</p></div>"
        )
    return ""


def _schedule_forms(request, case, meeting, forms: dict, dropped) -> str:
    """The forms of the schedule: confirm (a first or a new one), reschedule, cancel — or,
    the schedule cancelled before, close the case."""
    html = []
    confirm, reschedule, cancel = forms.get("confirm"), forms.get("reschedule"), forms.get("cancel")
    if confirm is not None:
        title = _("Konfirmasi jadwal baru") if meeting else _("Konfirmasi jadwal")
        html.append(
            f'<div class="card border-primary mt-3"><div class="card-body"><h3 class="h5">{e(title)}</h3>'
            f'<p class="small text-body-secondary">{e(_("Mengonfirmasi jadwal menghentikan batas waktu layanan; PIC dan tim menerima undangan kalender (.ics)."))}</p>'  # noqa: E501
            + _form(request, case, confirm, dropped, "consultations:meeting_confirm", "form-konfirmasi-rapat",
                    _schedule_fields(confirm, "team"),
                    f'<button type="submit" class="btn btn-primary">{e(_("Konfirmasi jadwal"))}</button>')
            + "</div></div>"
        )
    if cancel is not None and meeting is not None and meeting.is_cancelled:
        html.append(
            f'<details class="mt-3"{" open" if cancel.is_bound else ""}><summary>'
            f'{e(_("Tutup konsultasi sebagai dibatalkan"))}</summary><div class="mt-2"><p class="small text-body-secondary">'
            + e(_("Bila tidak akan ada jadwal baru (misalnya PIC tidak menanggapi lagi): konsultasi ditutup tanpa laporan "
                  "rapat dan tanpa survei, dan batas waktunya tidak dinilai tepat waktu maupun terlambat."))
            + "</p>"
            + _form(request, case, cancel, dropped, "consultations:meeting_cancel", "form-tutup-rapat",
                    _fields(cancel, lambda form: f'{field_html(form["cancelled_by"])}{field_html(form["reason"])}'
                                                 f'{widget_html(form["then"])}'),
                    f'<button type="submit" class="btn btn-outline-danger">{e(_("Tutup sebagai dibatalkan"))}</button>')
            + "</div></details>"
        )
    elif reschedule is not None or cancel is not None:
        opened = (reschedule is not None and reschedule.is_bound) or (cancel is not None and cancel.is_bound)
        summary = _("Ubah jadwal atau batalkan rapat") if cancel is not None else _("Ubah jadwal")
        html.append(f'<details class="mt-3"{" open" if opened else ""}><summary>{e(summary)}</summary><div class="mt-2">')
        if reschedule is not None:
            html.append(_form(
                request, case, reschedule, dropped, "consultations:meeting_reschedule", "form-ubah-jadwal",
                _fields(reschedule, lambda form: _schedule_fields(form, "reason")),
                f'<button type="submit" class="btn btn-outline-primary">{e(_("Ubah jadwal"))}</button>',
            ))
        if cancel is not None:
            html.append(
                f'<h3 class="h6 mt-3">{e(_("Batalkan rapat"))}</h3><p class="small text-body-secondary">'
                + e(_("PIC dan tim menerima pembatalan undangan kalender. Bila dijadwalkan ulang, batas waktu 2 hari "
                      "kerja untuk jadwal baru dihitung sejak pembatalan."))
                + "</p>"
                + _form(request, case, cancel, dropped, "consultations:meeting_cancel", "form-batal-rapat",
                        _fields(cancel, lambda form: "".join(field_html(form[name]) for name in ("cancelled_by", "reason",
                                                                                                  "then"))),
                        f'<button type="submit" class="btn btn-outline-danger">{e(_("Batalkan rapat"))}</button>')
            )
        html.append("</div></details>")
    return "".join(html)


def meeting_html(request, case, meeting: dict, dropped=()) -> SafeString:
    """The meeting section and the report section of ``meeting`` (what
    ``meeting_panel.meeting_panel`` returns), each form with its error summary after a
    refused post (``dropped``: the page's files to choose again)."""
    m, report, forms = meeting["meeting"], meeting["report"], meeting["forms"]
    html = [
        f'<section class="mb-4" id="rapat" aria-labelledby="judul-rapat"><h2 class="h4" id="judul-rapat">'
        f'{e(_("Rapat daring"))}</h2>'
    ]
    if meeting["report_pending"]:
        html.append(f'<div class="alert alert-warning" role="status" id="laporan-tertunda">'
                    f'{e(_("Laporan rapat tertunda: belum disetujui 5 hari kerja setelah rapat."))}</div>')
    html.append(_alerts(case, m))
    html.append(f'{meeting["facts_html"]}<h3 class="h5">{e(_("Komunikasi dengan PIC"))}</h3>')
    if meeting["messages"]:
        html.append(str(meeting["messages_html"]))
    else:
        html.append(f'<p class="text-body-secondary">{e(_("Belum ada komunikasi."))}</p>')
    pic = forms.get("pic")
    if pic is not None:
        html.append(
            f'<details{" open" if pic.is_bound else ""}><summary>{e(_("Kirim pesan kepada PIC atau catat balasannya"))}'
            '</summary><div class="mt-2">'
            + _form(request, case, pic, dropped, "consultations:meeting_pic_message", "form-pesan-pic",
                    _fields(pic, lambda form: f'{field_html(form["body"])}{field_html(form["from_pic"])}'),
                    f'<button type="submit" class="btn btn-outline-primary">{e(_("Simpan pesan"))}</button>')
            + "</div></details>"
        )
    html.append(_schedule_forms(request, case, m, forms, dropped))
    html.append(
        f'</section><section class="mb-4" id="laporan" aria-labelledby="judul-laporan">'
        f'<h2 class="h4" id="judul-laporan">{e(_("Laporan rapat"))}</h2>'
    )
    write = forms.get("report")
    if report:
        html.append(str(meeting["report_html"]))
    elif not write:
        html.append(f'<p class="text-body-secondary">{e(_("Laporan ditulis setelah rapat berlangsung."))}</p>')
    if forms.get("approve"):
        html.append(
            f'<form method="post" action="{e(case_url("consultations:meeting_report_approve", case.number))}" '
            f'class="mb-3" id="form-setujui-laporan">{csrf_html(request)}'
            f'<button type="submit" class="btn btn-success">{e(_("Setujui dan kirim laporan"))}</button></form>'
        )
    if write is not None:
        summary = _("Perbaiki laporan") if report else _("Tulis laporan rapat")
        html.append(
            f'<details{" open" if write.is_bound or not report else ""}><summary>{e(summary)}</summary><div class="mt-2">'
            + _form(request, case, write, dropped, "consultations:meeting_report_write", "form-laporan",
                    _fields(write, lambda form: "".join(field_html(field) for field in form)),
                    f'<button type="submit" class="btn btn-primary">{e(_("Simpan laporan"))}</button>')
            + "</div></details>"
        )
    html.append("</section>")
    return mark_safe("".join(html))  # noqa: S308 - every value escaped
