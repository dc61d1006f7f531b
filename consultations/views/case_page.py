"""The staff case page (``consultations:staff_detail``), built for speed (issue 26).

The page reads each kind of record once, and only the kinds its channel shows: the
records every page shows (the files, the history, the internal notes), the answers and
messages only where the channel's panel lists them (``RECORDS`` of the channel's
``panel`` module; a panel that names none gets everything, as before). The history's
directorate names come from the process's copy (``accounts.lookups``). Forms are built
only for the steps the person may take now (``policies.case_access``), and the lists are
written in Python once (``case_html``) instead of through template loops.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe

from accounts import lookups as directorate_lookups
from accounts.models import Directorate, Role, User
from accounts.roles import CASEWORKER_ROLES
from consultations import lookups as category_lookups
from consultations import policies, selectors
from consultations.forms import AssignForm, LinkAccountForm, MessageForm, NoteForm, RerouteForm
from consultations.models import AnswerTemplate, Consultation
from consultations.policies import Scope, case_scope
from consultations.selectors import CaseRecords, ScopeViewer
from consultations.services.answer_templates import DRAFTING_STEPS
from consultations.workflow import Step
from core.prepared import Prepared

from . import case_html, case_rows, staff_sections
from .common import timeline

# The case with its applicant (and profile); its category, directorate and assignee (a
# caseworker) come from the process's lookups. One prepared query per scope (``policies.case_scope``)
# that a staff case page may have, built from ``selectors.visible_cases`` itself.
_CASE_RELATED = ("applicant__profile",)
_CASE_BY_SCOPE = {
    Scope.DIRECTORATE: Prepared(
        lambda directorate_id, number: selectors.visible_cases(ScopeViewer(Role.STAFF, directorate_id))
        .filter(number=number).select_related(*_CASE_RELATED).order_by(),
        strings=(1,),
    ),
    Scope.ALL: Prepared(
        lambda number: selectors.visible_cases(ScopeViewer(Role.ADMIN)).filter(number=number)
        .select_related(*_CASE_RELATED).order_by(),
        strings=(0,),
    ),
}


def case_for(user: User, number: str) -> Consultation:
    """``selectors.consultation_for``: the case ``number`` if ``user`` may see it (else
    404), with the applicant's profile in the same query and its category, directorate
    and assignee from the lookups."""
    scope = case_scope(user)
    if scope not in _CASE_BY_SCOPE:
        return selectors.consultation_for(user, number=number)
    values = (user.directorate_id, number) if scope is Scope.DIRECTORATE else (number,)
    found = _CASE_BY_SCOPE[scope](*values)
    if not found:
        raise Http404
    case = found[0]
    if case.category_id is not None:
        case.category = category_lookups.category_by_pk().get(case.category_id) or case.category
    case.directorate = directorate_lookups.directorate(case.directorate_id) or case.directorate
    if case.assignee_id is not None:
        case.assignee = _caseworker(case.assignee_id) or case.assignee  # (a deactivated one: read)
    return case


def _caseworker(pk: int) -> User | None:
    """An active caseworker from the lookup (``accounts.lookups.caseworkers``), as a user
    holding its id, name, role and directorate (anything else is deferred)."""
    found = next((person for person in directorate_lookups.caseworkers() if person.id == pk), None)
    if found is None:
        return None
    return User.from_db(DEFAULT_DB_ALIAS, ["id", "full_name", "role", "directorate_id"],
                        [found.id, found.full_name, found.role, found.directorate_id])


def candidates(user: User, case: Consultation) -> list[User]:
    """Whom ``user`` may assign the case to."""
    people = User.objects.in_directorate(case.directorate).filter(role__in=CASEWORKER_ROLES).order_by("full_name")
    return [person for person in people if policies.can_assign(user, case, person)]


def other_directorates(directorates, case: Consultation) -> list[Directorate]:
    return [directorate for directorate in directorates if directorate.pk != case.directorate_id]


def records_for(user: User, case: Consultation, *, shows: frozenset[str] | None) -> CaseRecords:
    """What ``selectors.case_records`` reads for a staff member, with the internal notes
    (``records.notes``), without the answers or messages the channel does not show, and
    with what else its panel asks for (``shows``: the panel's ``RECORDS``, the kinds of
    ``case_rows``; None: answers and messages) in ``records.rows`` — in one query
    (``case_rows``). Every file of the case: those of the question, of each answer and
    message, and of each letter draft (``drafts_files``, for the letter panel)."""
    if user.role == Role.APPLICANT:
        raise ValueError("the staff case page's records: an applicant's page reads selectors.case_records")
    rows = case_rows.read(case, shows if shows is not None else (case_rows.ANSWERS, case_rows.MESSAGES))
    attachments, answers, messages = rows.files, rows.answers, rows.messages
    files, of_answer, of_message, of_draft = selectors.place_files(attachments, answers, messages)
    records = CaseRecords(
        files=files,
        answers=answers,
        messages=messages,
        events=rows.events,  # staff see every event (selectors.timeline_for)
        attachments_of_answer=of_answer,
        attachments_of_message=of_message,
    )
    records.drafts_files = of_draft
    records.notes = rows.notes
    records.rows = rows  # what the channel's panel asked for (its ``RECORDS``), read with the rest
    return records


def page(
    request: HttpRequest,
    case: Consultation,
    access: policies.CaseAccess,
    *,
    bound: dict[str, Form] | None = None,
    dropped: list | None = None,
) -> HttpResponse:
    user, bound, actions = request.user, bound or {}, access.actions
    panel = case.channel_spec.part("panel")
    shows = getattr(panel, "RECORDS", None)
    records = records_for(user, case, shows=None if shows is None else frozenset(shows))
    directorates = directorate_lookups.directorates()  # for the history and the re-route form
    records.timeline = timeline(user, case, records.events, directorates=list(directorates))
    forms: dict[str, object] = {}
    if Step.ASSIGN in actions:
        forms["assign"] = bound.get("assign") or AssignForm(prefix="tugas", candidates=candidates(user, case))
    if Step.REROUTE in actions:
        forms["reroute"] = bound.get("reroute") or RerouteForm(
            prefix="alih", directorates=other_directorates(directorates, case)
        )
    if Step.ADD_INTERNAL_NOTE in actions:
        forms["note"] = bound.get("note") or NoteForm(prefix="catatan")
    if Step.LINK_ACCOUNT in actions:
        forms["link_account"] = bound.get("link_account") or LinkAccountForm(prefix="akun")
    if Step.POST_MESSAGE in actions:
        forms["message"] = bound.get("message") or MessageForm(prefix="pesan")
    notes = records.notes
    context = {
        "case": case,
        "records": records,
        "profile": getattr(case.applicant, "profile", None) if case.applicant_id else None,
        "notes": notes,
        "forms": forms,
        "can_claim": Step.CLAIM in actions,
        "bound": next(iter(bound), ""),
        "dropped": dropped or [],
        "now": timezone.now(),
    }
    if actions & DRAFTING_STEPS:  # the passages "Sisipkan" offers into the answer or draft
        context["answer_templates"] = list(AnswerTemplate.objects.offered_for(case))
    # What the case's channel shows of itself, from its package (the registry).
    context.update(case.channel_spec.panel(request, case, access, bound, context))
    # The page's own sections, written once in Python (staff_sections, case_html).
    dropped = context["dropped"]
    context["sections"] = {
        "top": staff_sections.top_html(case, context.get("failed_answer_emails", ()), user=user),
        "question": staff_sections.question_html(case, case_html.files_html(records.files)),
        "notes": staff_sections.notes_html(request, case, case_html.notes_html(notes), forms.get("note"), dropped),
        "side": mark_safe(  # noqa: S308 - each part escaped where it was written
            staff_sections.handling_html(request, case, can_claim=context["can_claim"], forms=forms, dropped=dropped)
            + staff_sections.applicant_html(request, case, context["profile"], forms.get("link_account"), dropped)
            + staff_sections.details_html(case)
        ),
        "history": staff_sections.history_html(case_html.timeline_html(records.timeline)),
    }
    return render(request, "consultations/staff/detail.html", context)
