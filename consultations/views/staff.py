"""The staff workspace: the queue, the case page, and one small POST view per step.

Each POST view looks the case up through ``selectors.consultation_for`` (404 for a
case of another directorate), validates a form, calls the service and redirects. Bad
input comes back as form errors next to the fields; a case that moved on meanwhile
(``InvalidTransition``) is a message and a reload; a step the user may not take
(``NotAllowed``) is a 403 — the page only offers the steps ``policies.case_access``
allows, so that happens only to hand-made requests.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import lookups as directorate_lookups
from accounts.access import roles
from accounts.models import Directorate
from accounts.roles import ALL_CASES_ROLES, CASE_ROLES, CASEWORKER_ROLES, QUEUE_ROLES
from consultations import lookups as category_lookups
from consultations import policies, selectors
from consultations.errors import InvalidTransition
from consultations.forms import (
    AssignForm,
    LinkAccountForm,
    MessageForm,
    NoteForm,
    QueueFilterForm,
    RerouteForm,
)
from consultations.models import Consultation
from consultations.services import steps
from consultations.services.answer_templates import may_keep_templates
from consultations.workflow import Step
from core import once
from core.forms import add_domain_errors

from . import case_page, queue_table
from .common import dropped_files

PER_PAGE = 25


# --- the queue --------------------------------------------------------------------


@roles(QUEUE_ROLES)
def queue(request: HttpRequest) -> HttpResponse:
    """Priority first, then the nearest deadline; filters by GET (no JavaScript needed)."""
    user, now = request.user, timezone.now()
    form = QueueFilterForm(
        request.GET or None, categories=category_lookups.categories(), assignees=selectors.queue_assignees(user)
    )
    filters: dict = {}
    if form.is_bound:
        form.is_valid()  # an invalid filter is shown with its error and left out
        filters = form.cleaned_data
    cases = selectors.filtered_queue(
        user, now=now, status=filters.get("status") or "", category=filters.get("category"),
        deadline=filters.get("deadline") or "", assignee=filters.get("assignee") or "",
    )
    page = Paginator(cases, PER_PAGE).get_page(request.GET.get("halaman"))
    all_directorates = user.role in ALL_CASES_ROLES
    context = {
        "page": page,
        "form": form,
        "now": now,
        "filtered": any(filters.get(k) for k in ("status", "category", "deadline", "assignee")),
        "all_directorates": all_directorates,
        "read_only": user.role not in CASEWORKER_ROLES,
        "keeps_templates": may_keep_templates(user),
        # Rows and filters written once per page in Python (queue_table), not per node.
        "directorate": directorate_lookups.directorate(user.directorate_id),
        "rows": queue_table.rows(page.object_list, now=now, all_directorates=all_directorates),
        "filter_fields": queue_table.filter_fields(form),
    }
    return render(request, "consultations/staff/queue.html", context)


# --- the case page ------------------------------------------------------------------


_candidates = case_page.candidates  # whom the assign form offers and accepts
_other = case_page.other_directorates


def _case_page(
    request: HttpRequest,
    case: Consultation,
    access: policies.CaseAccess,
    *,
    bound: dict[str, Form] | None = None,
    dropped: list[str] | None = None,
) -> HttpResponse:
    return case_page.page(request, case, access, bound=bound, dropped=dropped)


@roles(CASE_ROLES)
def detail(request: HttpRequest, number: str) -> HttpResponse:
    case = case_page.case_for(request.user, number)
    return case_page.page(request, case, policies.case_access(request.user, case))


# --- steps --------------------------------------------------------------------------

def _stale(request: HttpRequest, case: Consultation) -> HttpResponse:
    case.refresh_from_db(fields=["status"])
    messages.error(
        request,
        _("Langkah ini tidak dapat dilakukan lagi: status konsultasi sekarang “%(status)s”. Halaman telah dimuat ulang.")
        % {"status": case.status_label},
    )
    return redirect("consultations:staff_detail", number=case.number)


def _perform(
    request: HttpRequest,
    case: Consultation,
    access: policies.CaseAccess,
    *,
    key: str,
    form: Form,
    act: Callable[[dict], str],
    files: bool = False,
) -> HttpResponse:
    """Validate, call the service through ``act`` (which returns the success message),
    redirect; or show the case page again with the form's errors. A form that creates
    something (``once.OnceForm``) is carried out once per token; a repeat lands on the
    case page like the first post did."""
    token = form.posted_token() if isinstance(form, once.OnceForm) else None
    if sent := once.sent_url(request.user, token):
        return once.replayed(request, sent)
    if form.is_valid():
        try:
            outcome = once.create_once(
                user=request.user,
                token=token,
                create=lambda: act(form.cleaned_data),
                url=lambda done: reverse("consultations:staff_detail", kwargs={"number": case.number}),
            )
        except ValidationError as exc:
            add_domain_errors(form, exc)
        except InvalidTransition:
            return _stale(request, case)
        else:
            if outcome.replayed:
                return once.replayed(request, outcome.url)
            messages.success(request, outcome.created)
            if policies.can_view(request.user, case):  # the service updated ``case``
                return redirect(outcome.url)
            # Re-routed away: the case now belongs to a directorate this user does not see.
            return redirect("consultations:queue")
    return _case_page(request, case, access, bound={key: form}, dropped=dropped_files(request, form) if files else [])


def _case(request: HttpRequest, number: str) -> tuple[Consultation, policies.CaseAccess]:
    """The case (404 if the user may not see it) and what the user may do on it: the
    one place a request asks the policies."""
    case = selectors.consultation_for(request.user, number=number)
    return case, policies.case_access(request.user, case)


@roles(CASE_ROLES)
@require_POST
def assign(request: HttpRequest, number: str) -> HttpResponse:
    case, access = _case(request, number)
    access.require(Step.ASSIGN, _("Anda tidak berwenang menugaskan konsultasi ini."))
    form = AssignForm(request.POST, prefix="tugas", candidates=_candidates(request.user, case))

    def act(data):
        steps.assign(consultation=case, assignee=data["assignee"], actor=request.user)
        return _("Konsultasi %(number)s ditugaskan kepada %(name)s.") % {
            "number": case.number,
            "name": data["assignee"].full_name,
        }

    return _perform(request, case, access, key="assign", form=form, act=act)


@roles(CASE_ROLES)
@require_POST
def claim(request: HttpRequest, number: str) -> HttpResponse:
    case, _access = _case(request, number)
    try:
        steps.claim(consultation=case, actor=request.user)
    except InvalidTransition:
        return _stale(request, case)
    messages.success(request, _("Konsultasi %(number)s sekarang Anda tangani.") % {"number": case.number})
    return redirect("consultations:staff_detail", number=case.number)


@roles(CASE_ROLES)
@require_POST
def reroute(request: HttpRequest, number: str) -> HttpResponse:
    case, access = _case(request, number)
    access.require(Step.REROUTE, _("Anda tidak berwenang mengalihkan konsultasi ini."))
    form = RerouteForm(request.POST, prefix="alih", directorates=_other(list(Directorate.objects.all()), case))

    def act(data):
        steps.reroute(consultation=case, directorate=data["directorate"], reason=data["reason"], actor=request.user)
        return _("Konsultasi %(number)s dialihkan ke %(directorate)s. Batas waktunya tidak berubah.") % {
            "number": case.number,
            "directorate": data["directorate"].localized_name,
        }

    return _perform(request, case, access, key="reroute", form=form, act=act)


@roles(CASE_ROLES)
@require_POST
def add_note(request: HttpRequest, number: str) -> HttpResponse:
    case, access = _case(request, number)
    access.require(Step.ADD_INTERNAL_NOTE, _("Anda tidak berwenang menulis catatan pada konsultasi ini."))
    form = NoteForm(request.POST, prefix="catatan")

    def act(data):
        steps.add_internal_note(consultation=case, author=request.user, body=data["body"])
        return _("Catatan internal disimpan.")

    return _perform(request, case, access, key="note", form=form, act=act)


@roles(CASE_ROLES)
@require_POST
def link_account(request: HttpRequest, number: str) -> HttpResponse:
    case, access = _case(request, number)
    access.require(Step.LINK_ACCOUNT, _("Konsultasi ini tidak dapat Anda tautkan ke akun pemohon."))
    form = LinkAccountForm(request.POST, prefix="akun")

    def act(data):
        steps.link_account(consultation=case, email=data["email"], actor=request.user)
        return _("Konsultasi %(number)s kini tercatat pada akun %(email)s; kredit prioritas kontak ini ikut pindah.") % {
            "number": case.number,
            "email": data["email"],
        }

    return _perform(request, case, access, key="link_account", form=form, act=act)


@roles(CASE_ROLES)
@require_POST
def post_message(request: HttpRequest, number: str) -> HttpResponse:
    case, access = _case(request, number)
    access.require(Step.POST_MESSAGE, _("Anda tidak dapat mengirim pesan pada konsultasi ini."))
    form = MessageForm(request.POST, request.FILES, prefix="pesan")

    def act(data):
        steps.post_message(consultation=case, author=request.user, body=data["body"], files=data["files"])
        return _("Pesan dikirim kepada pemohon; pemohon juga diberi tahu melalui e-mail.")

    return _perform(request, case, access, key="message", form=form, act=act, files=True)
