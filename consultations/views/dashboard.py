"""The SLA dashboard and its CSV and Excel exports (``reports.dashboard_report``; the
files are written by ``core.exports``).

Directors see their own directorate, the admin all three (``accounts.roles.DASHBOARD_ROLES``,
``reports.directorates_for``). The filters live in the URL; the exports take the same
query string and carry the same numbers as the page. Invalid filters are shown next to
their fields (the page) or answered 400 with the page (an export), never a 500.
"""

from __future__ import annotations

import itertools

from django.conf import settings
from django.core.cache import cache
from django.forms import ChoiceField
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from accounts.access import roles
from accounts.lookups import directorates
from accounts.roles import DASHBOARD_ROLES
from consultations import reports
from consultations.channels import Channel
from consultations.channels.daring import selectors as meeting_selectors
from consultations.forms import DashboardFilterForm
from consultations.policies import Scope, case_scope
from consultations.rollup import refresh_rollup
from core import exports, panels
from core.forms import QuickSelect
from core.time import format_wib
from workdays.deadlines import wib_date


def _filters(request: HttpRequest) -> tuple[DashboardFilterForm, reports.Filters | None]:
    # The three directorates are kept per process (``accounts.lookups``): no query.
    choices = list(directorates()) if case_scope(request.user) is Scope.ALL else None
    form = DashboardFilterForm(request.GET, directorates=choices, today=wib_date(timezone.now()))
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    return form, reports.Filters(
        start=data["dari"], end=data["sampai"], channel=data["saluran"], directorate=data.get("direktorat")
    )


def _report(request: HttpRequest, filters: reports.Filters) -> reports.Report:
    report = reports.dashboard_report(request.user, filters)
    if report.refreshed_at is None:  # a fresh installation: build the rollup once, now
        refresh_rollup()
        report = reports.dashboard_report(request.user, filters)
    return report


def _query(filters: reports.Filters) -> str:
    """The filters as a canonical query string (the exports' links)."""
    params = {"dari": f"{filters.start:%Y-%m}", "sampai": f"{filters.end:%Y-%m}"}
    if filters.channel:
        params["saluran"] = filters.channel
    if filters.directorate is not None:
        params["direktorat"] = filters.directorate.code
    return urlencode(params)


def _chart(kind: str, labels: list[str], *datasets: tuple[str, list]) -> dict:
    return {"type": kind, "labels": labels, "datasets": [{"label": label, "data": data} for label, data in datasets]}


def _charts(report: reports.Report) -> tuple[list[dict], dict]:
    """The per-month charts (one per measure, each with its rows for the hidden table)
    and the data of every chart for ``static/js/dashboard-charts.js``."""
    months = [row.label for row in report.months]
    per_month = [
        ("received", _("Diterima"), "bar", [r.measures.received for r in report.months]),
        ("completed", _("Selesai"), "bar", [r.measures.completed for r in report.months]),
        ("on-time", _("Tingkat tepat waktu (%)"), "line", [r.measures.on_time_rate for r in report.months]),
        ("breached", _("Terlambat"), "bar", [r.measures.breached for r in report.months]),
        ("median", _("Median hari kerja penyelesaian"), "line", [r.measures.median_days for r in report.months]),
    ]
    figures = [
        {"id": key, "title": title, "rows": list(zip(months, values, strict=True))}
        for key, title, _kind, values in per_month
    ]
    data = {f"month-{key}": _chart(kind, months, (title, values)) for key, title, kind, values in per_month}
    for key, rows in (("channel", report.channels), ("directorate", report.directorate_rows)):
        data[key] = _chart(
            "bar",
            [row.label for row in rows],
            (_("Diterima"), [row.measures.received for row in rows]),
            (_("Selesai"), [row.measures.completed for row in rows]),
            (_("Terlambat"), [row.measures.breached for row in rows]),
            (_("Berisiko terlambat (saat ini)"), [row.measures.at_risk for row in rows]),
        )
    return figures, data


# How long a rendered dashboard is reused: "at risk" is about now, so at most a minute
# old; the rollup's numbers change only with a refresh, whose number is in the key.
AT_RISK_SECONDS = 60


def _cache_key(request: HttpRequest, filters: reports.Filters, run: str) -> str:
    user = request.user
    if case_scope(user) is Scope.DIRECTORATE:
        scope = f"d{user.directorate_id}"
    else:
        scope = filters.directorate.code if filters.directorate is not None else "all"
    return ":".join(
        ["dashboard", "v2", run, translation.get_language() or "", scope, f"{filters.start:%Y%m}",
         f"{filters.end:%Y%m}", filters.channel or "-"]
    )


@roles(DASHBOARD_ROLES)
def dashboard(request: HttpRequest) -> HttpResponse:
    """Filters by GET; tables for everyone, charts where JavaScript runs.

    The numbers are rendered once per rollup refresh and scope, and reused for at most
    ``AT_RISK_SECONDS`` (the page says as of when): the page then costs what the
    smallest signed-in page costs, plus one query (``reports.rollup_state``) and cache reads."""
    form, filters = _filters(request)
    now = timezone.now()
    state = reports.rollup_state(request.user, now)
    # Meetings whose report is pending (a soft target, not a breach): live, not rolled up;
    # read only when a meeting was held without an approved report.
    pending = (
        meeting_selectors.reports_pending_for(request.user, now=now) if state.meetings_held else []
    )
    context: dict = {
        "form": form, "filters": filters, "filter_fields": _filter_fields(form, filters),
        "reports_pending": pending[:20], "reports_pending_count": len(pending),
    }
    if filters is not None:
        runs, refreshed_at = state.runs, state.refreshed_at
        key = _cache_key(request, filters, f"{runs}@{refreshed_at.timestamp() if refreshed_at else 0}")
        html = cache.get(key) if runs else None
        if html is None:
            report = _report(request, filters)
            figures, chart_data = _charts(report)
            inner = {
                "report": report, "figures": figures, "chart_data": chart_data, "query": _query(filters),
                "refresh_minutes": settings.DASHBOARD_REFRESH_MINUTES, "computed_at": timezone.now(),
            }
            html = render_to_string("consultations/dashboard/report.html", inner, request=request)
            context["report"] = report
            if runs:
                cache.set(key, html, AT_RISK_SECONDS)
        context["report_html"] = html
        # Other desks' panels for the same period (the complaints desk's: core.panels).
        context["panels_html"] = panels.render(
            panels.SERVICE_DASHBOARD, request, start=filters.start, end=filters.end, directorate=filters.directorate
        )
    return render(request, "consultations/dashboard/dashboard.html", context)


def _filter_fields(form: DashboardFilterForm, filters: reports.Filters | None) -> SafeString:
    """The filter bar's fields, rendered in Python (issue 26: the template's loop over the
    fields and their choices took ~0.5 ms a view, this a third of it): a label, a select
    (``core.forms.QuickSelect``) or a month input, and the field's errors, each tied to
    its field for screen readers. Month inputs show the period in force."""
    parts = []
    for field in form:
        fid, errors = field.id_for_label, field.errors
        invalid = " is-invalid" if errors else ""
        described = {"aria-describedby": f"{fid}-galat"} if errors else {}
        if isinstance(field.field, ChoiceField):
            control = QuickSelect(
                attrs={"id": fid, "class": f"form-select{invalid}", **described}, choices=field.field.choices
            ).render(field.html_name, field.value())
        else:
            if errors:
                value = field.value() or ""
            elif filters is not None:
                value = f"{filters.start if field.name == 'dari' else filters.end:%Y-%m}"
            else:
                value = ""
            control = format_html(
                '<input type="month" name="{}" id="{}" class="form-control{}" value="{}" placeholder="TTTT-BB" '
                'pattern="[0-9]{{4}}-[0-9]{{2}}"{}>',
                field.html_name, fid, invalid, value,
                format_html(' aria-describedby="{}"', described["aria-describedby"]) if errors else "",
            )
        parts.append(format_html(
            '<div class="col-sm-6 col-lg-3">\n<label class="form-label" for="{}">{}</label>\n{}{}\n</div>\n',
            fid, field.label, control,
            format_html_join("", '<div class="invalid-feedback" id="{}-galat">{}</div>', ((fid, e) for e in errors)),
        ))
    return mark_safe("".join(parts))  # noqa: S308 - every part built by format_html


def _invalid(request: HttpRequest, form: DashboardFilterForm) -> HttpResponse:
    context = {"form": form, "filter_fields": _filter_fields(form, None)}
    return render(request, "consultations/dashboard/dashboard.html", context, status=400)


def _filename(report: reports.Report, extension: str) -> str:
    filters = report.filters
    parts = ["dasbor-layanan", f"{filters.start:%Y-%m}", f"{filters.end:%Y-%m}"]
    if len(report.directorates) == 1:
        parts.append(report.directorates[0].code)
    if filters.channel:
        parts.append(filters.channel)
    return "_".join(parts) + f".{extension}"


@roles(DASHBOARD_ROLES)
def export_csv(request: HttpRequest) -> HttpResponse:
    """The page's numbers as CSV (``core.exports``: streamed, safe cells, not cached)."""
    form, filters = _filters(request)
    if filters is None:
        return _invalid(request, form)
    report = _report(request, filters)
    rows = itertools.chain([reports.export_header()], reports.export_rows(report))
    return exports.csv_response(rows, filename=_filename(report, "csv"))


@roles(DASHBOARD_ROLES)
def export_xlsx(request: HttpRequest) -> HttpResponse:
    """The page's numbers as an Excel workbook, with a sheet that says what they are."""
    form, filters = _filters(request)
    if filters is None:
        return _invalid(request, form)
    report = _report(request, filters)
    return exports.xlsx_response(
        [
            exports.Sheet(_("Dasbor layanan"), [reports.export_header(), *reports.export_rows(report)]),
            exports.Sheet(_("Keterangan"), _about(report)),
        ],
        filename=_filename(report, "xlsx"),
    )


def _about(report: reports.Report) -> list[tuple[str, str]]:
    filters = report.filters
    return [
        (_("Periode"), f"{filters.start:%Y-%m} – {filters.end:%Y-%m}"),
        (_("Saluran"), str(Channel(filters.channel).label) if filters.channel else _("Semua saluran")),
        (_("Direktorat"), ", ".join(d.localized_name for d in report.directorates)),
        (_("Data per"), format_wib(report.refreshed_at)),
        (_("Berisiko terlambat"), _("dihitung saat berkas dibuat")),
    ]

