"""The lists of a case page written in Python, once per page, instead of a template loop
with a filter and an include per row: the history, the internal notes, the messages and
the file lists. The same HTML as the partials they replace
(``consultations/partials/timeline.html``, ``messages.html``, ``file_list.html``); the
page's templates place each list where the partial stood.

Every value goes through :func:`core.field_html.e` (Django's escaping); bodies through
Django's own ``linebreaks``; times through ``core.time`` (memoised); URLs are reversed
once per process and filled in.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from django.core.exceptions import ObjectDoesNotExist
from django.middleware.csrf import get_token
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core.field_html import e, field_html, widget_html
from core.time import format_iso, format_wib

# A primary key no row has: reversed once, then replaced by each row's.
_PK = 987654321


@functools.lru_cache(maxsize=32)
def _pattern(name: str, prefix: str) -> str:
    return reverse(name, kwargs={"pk": _PK})


def pk_url(name: str, pk: int) -> str:
    """``{% url name pk=pk %}`` for a URL whose only argument is an integer ``pk``."""
    return _pattern(name, get_script_prefix()).replace(str(_PK), str(pk), 1)


def time_html(moment) -> str:
    """``<time datetime="{{ at|iso }}">{{ at|wib }}</time>``."""
    return f'<time datetime="{e(format_iso(moment))}">{e(format_wib(moment))}</time>'


def body_html(text: str) -> str:
    """``{{ text|linebreaks }}``."""
    return linebreaks(text, autoescape=True)


def files_html(files: Iterable) -> SafeString:
    """``consultations/partials/file_list.html``: each file a download link and its size."""
    items = "".join(
        f'<li><a href="{e(pk_url("consultations:attachment", file.pk))}" download>{e(file.original_name)}</a> '
        f'<span class="small text-body-secondary">({e(filesizeformat(file.size))})</span></li>'
        for file in files
    )
    return mark_safe(f'<ul class="list-unstyled file-list mb-0">{items}</ul>' if items else "")  # noqa: S308 - escaped


def timeline_html(entries: Iterable) -> SafeString:
    """``consultations/partials/timeline.html``: the history in words (``views.common.timeline``)."""
    staff_only = e(_("hanya pegawai"))
    items = []
    for entry in entries:
        internal = f' <span class="badge text-bg-secondary">{staff_only}</span>' if entry.internal else ""
        detail = f'<div class="small">{e(entry.detail)}</div>' if entry.detail else ""
        items.append(
            f'<li class="timeline-entry mb-2{" internal" if entry.internal else ""}">'
            f'<time datetime="{e(format_iso(entry.at))}" class="small text-body-secondary d-block">{e(format_wib(entry.at))}</time>'
            f'<span class="fw-semibold">{e(entry.label)}</span>{internal} <span class="small">— {e(entry.actor)}</span>'
            f"{detail}</li>"
        )
    return mark_safe(f'<ol class="timeline list-unstyled mb-0">{"".join(items)}</ol>')  # noqa: S308 - escaped


def notes_html(notes: Iterable) -> SafeString:
    """The internal notes of the staff case page, oldest first."""
    items = "".join(
        f'<li class="card mb-2"><div class="card-body py-2"><p class="small mb-1"><strong>{e(note.author.full_name)}</strong>'
        f" · {time_html(note.created_at)}</p>{body_html(note.body)}</div></li>"
        for note in notes
    )
    if not items:
        return mark_safe(f'<p class="text-body-secondary">{e(_("Belum ada catatan."))}</p>')  # noqa: S308 - escaped
    return mark_safe(f'<ol class="list-unstyled">{items}</ol>')  # noqa: S308 - escaped


def messages_html(messages: Iterable, *, staff: bool) -> SafeString:
    """``consultations/partials/messages.html``: the clarification thread, oldest first;
    ``staff``: a staff page (the authors' names shown)."""
    applicant, you, officer = e(_("Pemohon")), e(_("Anda")), e(_("Petugas LKPP"))
    items = []
    for message in messages:
        if message.from_applicant:
            who = f"{applicant} · {e(message.author.full_name)}" if staff else you
        else:
            who = f"{officer} · {e(message.author.full_name)}" if staff else officer
        side = "from-applicant" if message.from_applicant else "from-staff"
        items.append(
            f'<li class="message card mb-2 {side}" id="pesan-{message.pk}"><div class="card-body py-2">'
            f"<p class=\"small mb-1\"><strong>{who}</strong> · {time_html(message.created_at)}</p>"
            f'<div class="message-body">{body_html(message.body)}</div>{files_html(message.shown_files)}</div></li>'
        )
    if not items:
        return mark_safe(f'<p class="text-body-secondary">{e(_("Belum ada pesan."))}</p>')  # noqa: S308 - escaped
    return mark_safe(f'<ol class="list-unstyled message-thread mb-3">{"".join(items)}</ol>')  # noqa: S308 - escaped


# --- shared by the case pages' sections --------------------------------------------


def display(instance, name: str) -> str:
    """``instance.get_<name>_display()`` without hashing every label of the choices
    (``get_FOO_display`` translates them all on each call)."""
    field = instance._meta.get_field(name)
    value = getattr(instance, field.attname)
    for choice, label in field.flatchoices:
        if choice == value:
            return str(label)
    return str(value)


_NUMBER = "ADV-0000-000000"


@functools.lru_cache(maxsize=64)
def _case_pattern(name: str, prefix: str) -> str:
    return reverse(name, kwargs={"number": _NUMBER})


def case_url(name: str, number: str) -> str:
    """``{% url name number=number %}`` for a URL whose only argument is a case number."""
    return _case_pattern(name, get_script_prefix()).replace(_NUMBER, number, 1)


def csrf_html(request) -> str:
    """``{% csrf_token %}``: one masked token per request for every form of the page, as
    the template's tag gives (masking a token anew costs 64 random draws)."""
    html = getattr(request, "_csrf_input_html", None)
    if html is None:
        html = request._csrf_input_html = f'<input type="hidden" name="csrfmiddlewaretoken" value="{e(get_token(request))}">'
    return html


def form_errors_html(form, dropped) -> str:
    """``{% include "partials/form_errors.html" %}`` when the form has errors (a form
    shown again after a refused post; the template is the site's one partial)."""
    if not form.errors:
        return ""
    return render_to_string("partials/form_errors.html", {"form": form, "dropped": dropped})


def dropped_html(form, dropped) -> str:
    """``{% include "consultations/partials/dropped_files.html" %}``: the files to choose again."""
    if not dropped:
        return ""
    return render_to_string("consultations/partials/dropped_files.html", {"form": form, "dropped": dropped})


def _one(instance, name: str):
    """A reverse one-to-one as a template reads it: None when there is no row."""
    try:
        return getattr(instance, name)
    except ObjectDoesNotExist:
        return None


def case_facts_html(case) -> SafeString:
    """``consultations/partials/case_facts.html``: the case's facts as a description list."""
    none = "—"
    rows = [
        (_("Nomor"), e(case.number)),
        (_("Kategori"), e(case.category.localized_name) if case.category_id else ""),
        (_("Saluran"), e(case.channel_label)),
        (_("Diajukan"), time_html(case.submitted_at)),
        (_("Instansi"), e(case.institution_name)),
        (_("Paket / kode RUP"), e(case.procurement_package or none)),
        (_("Tahun anggaran"), e(case.fiscal_year or none)),
        (_("Tahap pengadaan"), e(display(case, "procurement_stage") or none)),
        (_("Direktorat"), e(case.directorate.localized_name)),
    ]
    html = [f'<dt class="col-sm-5">{e(term)}</dt><dd class="col-sm-7">{value}</dd>' for term, value in rows]
    if case.is_priority:
        credit = _one(case, "used_credit")
        source = ""
        if credit:
            source = ' <span class="d-block small">' + _("atas keterlambatan konsultasi %(number)s") % {
                "number": e(credit.granted_for.number)} + "</span>"
        html.append(
            f'<dt class="col-sm-5">{e(_("Prioritas"))}</dt><dd class="col-sm-7"><span class="badge text-bg-primary">'
            f'{e(_("Prioritas (kompensasi)"))}</span>{source}</dd>'
        )
    if case.breached_at:
        credit = _one(case, "granted_credit")
        told = ""
        if credit:
            if credit.used_by_id:
                told = "; " + _("kredit prioritas dipakai oleh %(number)s") % {"number": e(credit.used_by.number)}
            else:
                told = "; " + e(_("kredit prioritas diberikan, belum dipakai"))
        html.append(
            f'<dt class="col-sm-5">{e(_("Keterlambatan"))}</dt><dd class="col-sm-7"><span class="badge text-bg-danger">'
            f'{e(_("Batas waktu terlampaui"))}</span> <span class="d-block small">{e(_("tercatat"))} '
            f"{time_html(case.breached_at)}{told}</span></dd>"
        )
    return mark_safe(f'<dl class="row case-facts mb-0">{"".join(html)}</dl>')  # noqa: S308 - escaped


def answers_html(request, case, answers, *, staff: bool, dropped=()) -> SafeString:
    """``consultations/partials/answers.html``: the answers, oldest first, a correction
    saying which answer it corrects; on a staff page who answered, and a correction form
    under each answer that may be corrected (``answer.correction_form``)."""
    if not answers:
        return mark_safe(f'<p class="text-body-secondary">{e(_("Belum ada jawaban."))}</p>')  # noqa: S308 - escaped
    words = {
        "correction": e(_("Koreksi jawaban")), "answer": e(_("Jawaban")), "original": e(_("Lihat jawaban semula")),
        "corrected": e(_("Jawaban ini telah dikoreksi; baca juga koreksinya:")), "files": e(_("Lampiran jawaban")),
        "author": e(_("Penjawab")), "send": e(_("Kirim koreksi atas jawaban ini")), "button": e(_("Kirim koreksi")),
        "note": e(_("Jawaban yang sudah dikirim tidak dapat diubah. Koreksi dikirim sebagai jawaban baru dan "
                    "diberitahukan kepada pemohon melalui e-mail.")),
    }
    items = []
    for answer in answers:
        pk = answer.pk
        kinds = "".join(f'<span class="badge text-bg-info me-1">{e(label)}</span>' for label in answer.kind_labels)
        parts = [
            f'<article class="card answer mb-3{" border-warning" if answer.is_correction else ""}" id="jawaban-{pk}" '
            f'aria-labelledby="judul-jawaban-{pk}"><div class="card-body"><h3 class="h6 card-title" id="judul-jawaban-{pk}">'
            f'{words["correction"] if answer.is_correction else words["answer"]} · {time_html(answer.sent_at)}</h3>'
            f'<p class="mb-2">{kinds}</p>'
        ]
        if answer.corrected_answer:
            when = e(format_wib(answer.corrected_answer.sent_at))
            parts.append(
                '<p class="small mb-2">' + _("Mengoreksi jawaban yang dikirim %(when)s.") % {"when": when}
                + f' <a href="#jawaban-{answer.corrected_answer.pk}">{words["original"]}</a></p>'
            )
        if answer.corrected_by:
            links = ", ".join(f'<a href="#jawaban-{c.pk}">{e(format_wib(c.sent_at))}</a>' for c in answer.corrected_by)
            parts.append(f'<p class="small mb-2 text-danger-emphasis">{words["corrected"]} {links}</p>')
        parts.append(f'<div class="answer-text">{body_html(answer.text)}</div>')
        if answer.shown_files:
            parts.append(f'<h4 class="h6 mt-3">{words["files"]}</h4>{files_html(answer.shown_files)}')
        if staff:
            parts.append(f'<p class="small text-body-secondary mt-2 mb-0">{words["author"]}: {e(answer.author.full_name)}</p>')
        form = getattr(answer, "correction_form", None) if staff else None
        if form:
            action = e(reverse("consultations:correct_answer", kwargs={"number": case.number, "answer": pk}))
            parts.append(
                f'<details class="mt-3"{" open" if form.is_bound else ""}><summary>{words["send"]}</summary>'
                f'<p class="small text-body-secondary mt-2">{words["note"]}</p>{form_errors_html(form, dropped)}'
                f'<form method="post" action="{action}" enctype="multipart/form-data" novalidate>{csrf_html(request)}'
                f'{widget_html(form["form_token"])}{field_html(form["kinds"])}{field_html(form["text"])}'
                f'{dropped_html(form, dropped)}{field_html(form["files"])}'
                f'<button type="submit" class="btn btn-warning">{words["button"]}</button></form></details>'
            )
        parts.append("</div></article>")
        items.append("".join(parts))
    return mark_safe("".join(items))  # noqa: S308 - every value escaped
