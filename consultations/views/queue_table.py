"""The staff queue's rows and filter bar, written in Python once per page (issue 26).

Through the template engine a page of 25 rows cost more than half the signed-in ceiling
before the database was asked anything: every ``{{ }}``, ``{% translate %}`` and filter
is a node resolved per row. Here everything a row does not own is worked out once per
page — the column labels, the "Prioritas" badge, the URL pattern of a case, the
category and directorate names (``lookups``) — and each row is a few escaped strings
joined. The HTML is the template's (``tests`` read the same cells, ``data-label`` and
``<time datetime>`` included); the template only prints :func:`rows` and
:func:`filter_fields`.

Every value from the database or a translation is escaped (``html.escape``, as the
template's autoescape does); nothing else reaches the markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from html import escape

from django.forms import Form
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from accounts import lookups as account_lookups
from consultations import lookups
from consultations.models import Consultation
from consultations.templatetags.consultation_tags import case_url_parts
from core.deadline_rows import DeadlineMemo
from core.time import format_iso, format_wib

STAFF_DETAIL = "consultations:staff_detail"


def rows(cases: Iterable[Consultation], *, now: datetime, all_directorates: bool) -> SafeString:
    """The ``<tr>`` of each case of a queue page: number (and priority), subject with
    the applicant, category, directorate (``all_directorates``), status, assignee, due
    time and what is left. The cases as ``selectors.filtered_queue`` reads them: with
    ``applicant_full_name`` and ``assignee_full_name``, and no related row."""
    categories = {c.pk: escape(c.localized_name) for c in lookups.categories()}
    directorates = {d.pk: escape(d.localized_name) for d in account_lookups.directorates()}
    url_head, url_tail = (escape(part) for part in case_url_parts(STAFF_DETAIL))
    subject_label, category_label = escape(_("Perihal")), escape(_("Kategori"))
    directorate_label, status_label = escape(_("Direktorat")), escape(_("Status"))
    assignee_label, due_label, left_label = escape(_("Petugas")), escape(_("Batas waktu")), escape(_("Sisa waktu"))
    priority = f'<span class="badge text-bg-primary d-block mt-1">{escape(_("Prioritas"))}</span>'
    nobody = f'<span class="text-body-secondary">{escape(_("Belum ada"))}</span>'
    deadline = DeadlineMemo(now)
    statuses: dict[tuple[str, str], str] = {}  # (channel, status): the words, once per page
    badges: dict[tuple[str, str, str], str] = {}  # (css, label, left): the cell, once per page
    out = []
    for case in cases:
        d = deadline(case)
        who = escape(case.applicant_full_name if case.applicant_id is not None else case.contact_name)
        if case.institution_name:
            who = f"{who} · {escape(case.institution_name)}"
        status = statuses.get((case.channel, case.status))
        if status is None:
            status = statuses[(case.channel, case.status)] = escape(case.status_label)
        badge_key = (d.css, d.label, d.left)
        badge = badges.get(badge_key)
        if badge is None:
            badge = badges[badge_key] = (
                f'<span class="badge {escape(d.css)}">{escape(str(d.label))}</span>'
                f'<div class="small">{escape(str(d.left))}</div>'
            )
        directorate = (
            f'<td data-label="{directorate_label}">{directorates.get(case.directorate_id, "")}</td>'
            if all_directorates else ""
        )
        due = (
            f'<time datetime="{escape(format_iso(d.due_at))}">{escape(format_wib(d.due_at))}</time>'
            if d.due_at else "—"
        )
        number = escape(case.number)
        out.append(
            f'<tr><th scope="row" class="text-nowrap"><a href="{url_head}{number}{url_tail}">{number}</a>'
            f'{priority if case.is_priority else ""}</th>'
            f'<td data-label="{subject_label}">{escape(case.subject)}'
            f'<div class="small text-body-secondary">{who}</div></td>'
            f'<td data-label="{category_label}">{categories.get(case.category_id, "")}</td>{directorate}'
            f'<td data-label="{status_label}">{status}</td>'
            f'<td data-label="{assignee_label}">'
            f'{escape(case.assignee_full_name) if case.assignee_id is not None else nobody}</td>'
            f'<td data-label="{due_label}">{due}</td>'
            f'<td data-label="{left_label}">{badge}</td></tr>'
        )
    return mark_safe("\n".join(out))  # noqa: S308 - every value escaped above


def filter_fields(form: Form) -> SafeString:
    """Each field of the queue's filter form as a labelled ``<select>`` (its error under
    it), as the template wrote them: the current value selected, ``is-invalid`` and
    ``aria-describedby`` on an invalid one."""
    out = []
    for field in form:
        fid = escape(field.id_for_label)
        errors = field.errors
        current = str(field.value())
        options = "".join(
            f'<option value="{escape(str(value))}"{" selected" if current == str(value) else ""}>{escape(str(text))}</option>'
            for value, text in field.field.choices
        )
        invalid = f' is-invalid" aria-describedby="{fid}-galat' if errors else ""
        feedback = "".join(f'<div class="invalid-feedback" id="{fid}-galat">{escape(str(e))}</div>' for e in errors)
        out.append(
            f'<div class="col-sm-6 col-lg-3"><label class="form-label" for="{fid}">{escape(str(field.label))}</label>'
            f'<select name="{escape(field.html_name)}" id="{fid}" class="form-select{invalid}">{options}</select>'
            f"{feedback}</div>"
        )
    return mark_safe("\n".join(out))  # noqa: S308 - every value escaped above
