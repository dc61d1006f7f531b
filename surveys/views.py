"""The survey page, opened by the link of the invitation e-mail (no account needed) or
from the applicant's own case page (signed in), and the IKM report for directors (their
directorate) and the admin (all)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import public, roles
from accounts.models import Role
from accounts.roles import DASHBOARD_ROLES
from accounts.selectors import directorates
from consultations.policies import Scope, case_scope
from consultations.selectors import consultation_for
from consultations.workflow import Status
from core import exports
from core.forms import add_domain_errors
from workdays.deadlines import wib_date

from . import reports, services
from .forms import ReportFilterForm, SurveyForm
from .scoring import ELEMENTS

PROFILE_FIELDS = ("age_band", "sex", "education", "occupation")


def _submit(form: SurveyForm, invitation) -> bool:
    """Record the form's answers on ``invitation``; False (errors on the form) if refused."""
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        services.submit_response(
            invitation=invitation, scores={e: data[e] for e in ELEMENTS}, comment=data["comment"],
            profile={k: data[k] for k in PROFILE_FIELDS},
        )
    except ValidationError as exc:
        add_domain_errors(form, exc)
        return False
    return True


@public
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The survey by the e-mailed single-use link (no account needed)."""
    invitation = services.invitation_for_token(token, now=timezone.now())
    if invitation is None:
        response = render(request, "surveys/closed.html", status=404)
        response["Referrer-Policy"] = "same-origin"
        return response
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and _submit(form, invitation):
        return render(request, "surveys/thanks.html", {"case": invitation.consultation})
    response = render(request, "surveys/answer.html", {"form": form, "case": invitation.consultation})
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response


@roles(Role.APPLICANT)
def for_case(request: HttpRequest, number: str) -> HttpResponse:
    """The same survey from the applicant's own case page, signed in: the case's
    invitation, whatever link was e-mailed (or none, for a walk-in guest who now has an
    account). Another's case and an unknown number are the same 404."""
    case = consultation_for(request.user, number=number)
    invitation = services.invitation_for_case(case)
    now = timezone.now()
    if invitation is not None and invitation.used_at is not None:
        return render(request, "surveys/thanks.html", {"case": invitation.consultation, "already": True})
    if invitation is None or not services.is_open(invitation, now=now):
        if invitation is not None:
            state = "expired"
        elif case.status == Status.CANCELLED:
            state = "cancelled"  # closed without output: nothing to ask about
        else:
            state = "pending" if case.output_sent else "early"
        return render(request, "surveys/unavailable.html", {"case": case, "state": state})
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and _submit(form, invitation):
        return redirect("surveys:for_case", number=case.number)
    response = render(request, "surveys/answer.html", {"form": form, "case": case, "signed_in": True})
    response["Cache-Control"] = "private, no-store"
    return response


def _filters(form: ReportFilterForm) -> dict:
    data = form.cleaned_data
    return {"period": data["period"], "channel": data.get("saluran") or "", "directorate": data.get("direktorat")}


def _report(request: HttpRequest):
    choices = directorates() if case_scope(request.user) is Scope.ALL else None
    form = ReportFilterForm(request.GET or None, directorates=choices, today=timezone.localdate())
    if not form.is_valid() and form.is_bound:
        return form, None
    if not form.is_bound:
        form = ReportFilterForm({}, directorates=choices, today=timezone.localdate())
        form.is_valid()
    return form, reports.survey_report(request.user, **_filters(form))


@roles(DASHBOARD_ROLES)
def report(request: HttpRequest) -> HttpResponse:
    """The IKM per period, channel and directorate, with the comments (directors: their
    directorate; the admin: all)."""
    form, survey = _report(request)
    if survey is None:
        return render(request, "surveys/report.html", {"form": form, "report": None}, status=400)
    # The months of a longer period, each with its index (the second chart and its table).
    months = reports.monthly_index(request.user, **_filters(form)) if survey.period.months > 1 else []
    return render(request, "surveys/report.html", {
        "form": form, "report": survey, "months": months, "chart_data": _chart_data(survey, months),
    })


def _number(value) -> float | None:
    """A two-place Decimal as a JSON number for the chart (the table prints the Decimal)."""
    return float(value) if value is not None else None


def _chart_data(survey, months) -> dict:
    """What static/js/ikm-chart.js draws, read by it from the page's json_script: the
    NRR of each element on the 1–4 scale and the converted IKM of each month."""
    return {
        "nrr": {"label": _("NRR"), "labels": [label for label, _value in survey.rows],
                "data": [_number(value) for _label, value in survey.rows], "min": 1, "max": 4},
        "months": {"label": _("IKM"), "labels": [month.period.label for month in months],
                   "data": [_number(month.index.value if month.index else None) for month in months],
                   "min": 25, "max": 100},
    }


def _table(survey) -> list[list]:
    """The report as rows: each element's NRR, then respondents, IKM and grade (numbers
    as numbers, two places as on the page)."""
    rows = [[_("Unsur"), _("NRR")]]
    rows += [[label, value] for label, value in survey.rows]
    rows.append([_("Responden"), survey.respondents])
    rows.append([_("IKM"), survey.index.value if survey.index else None])
    rows.append([_("Mutu pelayanan"), f"{survey.index.grade} ({survey.index.grade_label})" if survey.index else None])
    return rows


def _comments(survey) -> list[list]:
    """The comments of the period, newest first: channel, WIB date, text (as typed:
    ``core.exports`` keeps a comment that starts like a formula from becoming one)."""
    rows = [[_("Saluran"), _("Tanggal"), _("Saran dan komentar")]]
    rows += [[r.get_channel_display(), wib_date(r.submitted_at), r.comment] for r in survey.comments]
    return rows


def _filename(survey, extension: str) -> str:
    return f"ikm-{survey.period.kind}-{survey.period.year}-{survey.period.number}.{extension}"


@roles(DASHBOARD_ROLES)
def report_csv(request: HttpRequest) -> HttpResponse:
    """The index table, then the comments, as one CSV file (``core.exports``)."""
    form, survey = _report(request)
    if survey is None:
        return render(request, "surveys/report.html", {"form": form, "report": None}, status=400)
    return exports.csv_response([*_table(survey), [], *_comments(survey)], filename=_filename(survey, "csv"))


@roles(DASHBOARD_ROLES)
def report_xlsx(request: HttpRequest) -> HttpResponse:
    """The index table and the comments, a sheet each (``core.exports``)."""
    form, survey = _report(request)
    if survey is None:
        return render(request, "surveys/report.html", {"form": form, "report": None}, status=400)
    return exports.xlsx_response(
        [exports.Sheet(_("IKM"), _table(survey)), exports.Sheet(_("Saran dan komentar"), _comments(survey))],
        filename=_filename(survey, "xlsx"),
    )
