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

from collections import defaultdict

from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from accounts import lookups as directorate_lookups
from accounts.models import Directorate, User
from accounts.roles import CASEWORKER_ROLES
from consultations import policies, selectors
from consultations.forms import AssignForm, LinkAccountForm, MessageForm, NoteForm, RerouteForm
from consultations.models import Answer, AnswerTemplate, Attachment, Consultation, InternalNote, Message
from consultations.selectors import CaseRecords
from consultations.services.answer_templates import DRAFTING_STEPS
from consultations.workflow import Step

from . import case_html
from .common import timeline

# What a channel's panel may ask for (``RECORDS``) besides what every case page shows.
ANSWERS, MESSAGES = "answers", "messages"


def case_for(user: User, number: str) -> Consultation:
    """``selectors.consultation_for`` with the applicant's profile in the same query."""
    return get_object_or_404(
        selectors.visible_cases(user).with_related().select_related("applicant__profile"), number=number
    )


def candidates(user: User, case: Consultation) -> list[User]:
    """Whom ``user`` may assign the case to."""
    people = User.objects.in_directorate(case.directorate).filter(role__in=CASEWORKER_ROLES).order_by("full_name")
    return [person for person in people if policies.can_assign(user, case, person)]


def other_directorates(directorates, case: Consultation) -> list[Directorate]:
    return [directorate for directorate in directorates if directorate.pk != case.directorate_id]


def records_for(user: User, case: Consultation, *, shows: frozenset[str] | None) -> CaseRecords:
    """What ``selectors.case_records`` reads, without the answers or messages the channel
    does not show (``shows``; None: both). All the case's files in one query: those of
    the question, of each answer and message, and of each letter draft (``drafts_files``,
    for the letter panel)."""
    attachments = list(Attachment.objects.filter(consultation=case).order_by("uploaded_at", "id"))
    answers = list(Answer.objects.filter(consultation=case).select_related("author")) if shows is None or ANSWERS in shows else []
    messages = (
        list(Message.objects.filter(consultation=case).select_related("author"))
        if shows is None or MESSAGES in shows else []
    )
    of_answer: dict[int, list[Attachment]] = defaultdict(list)
    of_message: dict[int, list[Attachment]] = defaultdict(list)
    of_draft: dict[int, list[Attachment]] = defaultdict(list)
    files = []
    for attachment in attachments:
        if attachment.draft_id:
            of_draft[attachment.draft_id].append(attachment)
        elif attachment.answer_id:
            of_answer[attachment.answer_id].append(attachment)
        elif attachment.message_id:
            of_message[attachment.message_id].append(attachment)
        else:
            files.append(attachment)
    by_pk = {answer.pk: answer for answer in answers}
    corrections: dict[int, list[Answer]] = defaultdict(list)
    for answer in answers:
        if answer.corrects_id:
            corrections[answer.corrects_id].append(answer)
    for answer in answers:
        answer.shown_files = of_answer.get(answer.pk, [])
        answer.corrected_answer = by_pk.get(answer.corrects_id)
        answer.corrected_by = corrections.get(answer.pk, [])
    for message in messages:
        message.shown_files = of_message.get(message.pk, [])
    records = CaseRecords(
        files=files,
        answers=answers,
        messages=messages,
        events=list(selectors.timeline_for(user, case)),
        attachments_of_answer=dict(of_answer),
        attachments_of_message=dict(of_message),
    )
    records.drafts_files = dict(of_draft)
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
    notes = list(InternalNote.objects.filter(consultation=case).select_related("author"))
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
        # The lists, written once (case_html).
        "files_html": case_html.files_html(records.files),
        "notes_html": case_html.notes_html(notes),
        "timeline_html": case_html.timeline_html(records.timeline),
    }
    if actions & DRAFTING_STEPS:  # the passages "Sisipkan" offers into the answer or draft
        context["answer_templates"] = list(AnswerTemplate.objects.offered_for(case))
    # What the case's channel shows of itself, from its package (the registry).
    context.update(case.channel_spec.panel(request, case, access, bound, context))
    return render(request, "consultations/staff/detail.html", context)
