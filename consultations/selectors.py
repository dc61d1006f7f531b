"""Reads: which cases a user sees, their queue, and one lookup per model for views — 404
for anything the user may not know exists (``accounts/access.py`` decides who may use a
view; these decide which rows). Who sees what is ``policies.case_scope``, the one rule;
:func:`visible_cases` is it as a query.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.lookups import caseworkers
from accounts.models import Role, User
from accounts.roles import ALL_CASES_ROLES, CASEWORKER_ROLES
from core.prepared import Prepared

from .lookups import queue_counts
from .models import (
    Answer,
    AnswerDraft,
    AnswerLetter,
    Attachment,
    Consultation,
    Event,
    IncomingLetter,
    InternalNote,
    Message,
    PriorityCredit,
)
from .models.consultation import LIST_COLUMNS
from .policies import Scope, case_scope
from .workflow import IN_HAND_STATUSES, Status


@dataclass(frozen=True)
class ScopeViewer:
    """A viewer who stands for a whole scope (``policies.case_scope``): what
    :func:`visible_cases` reads of a user, for a query prepared once per scope
    (``core.prepared``) with the directorate as its value."""

    role: str
    directorate_id: int | None = None
    pk: int | None = None
    is_active: bool = True
    is_authenticated: bool = True


def visible_cases(user) -> QuerySet[Consultation]:
    """The cases ``user`` may know exist: ``policies.case_scope`` as a query."""
    scope = case_scope(user)
    cases = Consultation.objects.all()
    if scope is Scope.OWN:
        return cases.filter(applicant=user)
    if scope is Scope.DIRECTORATE:
        return cases.filter(directorate_id=user.directorate_id)
    if scope is Scope.ALL:
        return cases
    return cases.none()


# The closed cases a queue shows when asked for (``queue_cases``' ``status``): delivered,
# to read or correct an output; and online meetings closed as cancelled, without output.
CLOSED_QUEUE_STATUSES: frozenset[Status] = frozenset({Status.DELIVERED, Status.CANCELLED})


def queue_cases(user: User, *, status: str = "") -> QuerySet[Consultation]:
    """The staff queue before filters and order: the cases in hand the user sees —
    staff only theirs and the unassigned; directors and team leads their whole
    directorate; the front desk and the admin every directorate (read-only). Closed
    cases (:data:`CLOSED_QUEUE_STATUSES`: delivered, or cancelled) are asked for
    explicitly (``status``): those the user sees (staff: their own). Applicants and
    complaint handlers have no queue."""
    if user is None or not getattr(user, "is_authenticated", False) or user.role in (Role.APPLICANT,):
        return Consultation.objects.none()
    if status and status not in {*IN_HAND_STATUSES, *CLOSED_QUEUE_STATUSES}:
        return Consultation.objects.none()  # a queue holds cases in hand, and closed ones on request
    cases = visible_cases(user)
    cases = cases.filter(status=status) if status else cases.filter(status__in=[s.value for s in IN_HAND_STATUSES])
    if user.role == Role.STAFF:
        mine = Q(assignee=user)
        cases = cases.filter(mine if status in CLOSED_QUEUE_STATUSES else mine | Q(assignee__isnull=True))
    return cases


# The queue's assignee filter, besides a person's id.
UNASSIGNED = "none"
MINE = "me"


# A queue row's own columns (``views.queue_table``), no more: each datetime column costs
# its parsing on every row. The category's and directorate's names come from
# ``lookups``, the applicant's and assignee's from two joined columns
# (:class:`QueueRows`), so that no related row is built per case.
QUEUE_ROW_COLUMNS = tuple(column for column in LIST_COLUMNS if column not in {"submitted_at", "breached_at"})


class QueueRows:
    """What a queue's ``Paginator`` pages: counted without joins, sliced into rows that
    carry the applicant's and the assignee's names (``applicant_full_name``,
    ``assignee_full_name``; None without one) from two joined columns — no related row
    is built per case, and the count does not join (``QuerySet.count`` keeps the joins
    of an annotation it drops: 1.5 -> 50 ms at 10,000 cases)."""

    def __init__(
        self, cases: QuerySet[Consultation], *, count_key: str | None = None, prepared: tuple | None = None
    ) -> None:
        self.cases, self.count_key = cases, count_key
        # The unfiltered queue's (role, *values): its pages are prepared queries.
        self.prepared = prepared

    @property
    def ordered(self) -> bool:
        return self.cases.ordered

    def count(self) -> int:
        """Counted once per ``count_key`` until a case changes (``lookups.queue_counts``);
        without a key (a count the clock changes), every time."""
        if self.count_key is None:
            return self.cases.count()
        return queue_counts.get(self.count_key, self.cases.count)

    def __getitem__(self, key):
        if self.prepared is not None and isinstance(key, slice) and key.step is None and key.stop is not None:
            role, *values = self.prepared
            start = key.start or 0
            return _unfiltered_page(role, start, key.stop)(*values) if key.stop > start else []
        return _with_names(self.cases)[key]


def _with_names(cases: QuerySet[Consultation]) -> QuerySet[Consultation]:
    return cases.annotate(applicant_full_name=F("applicant__full_name"), assignee_full_name=F("assignee__full_name"))


# The unfiltered queue — every page view that asks for no filter, the busiest — as
# prepared queries (``core.prepared``: the SQL Django writes once per process), one per
# role's shape and slice of rows; the user's directorate (and a staff member's id) are
# its values. At most _MAX_PREPARED slices are kept.
_PREPARED_PAGES: dict[tuple[str, int, int], Prepared] = {}
_MAX_PREPARED = 64


def _unfiltered_page(role: str, start: int, stop: int) -> Prepared:
    key = (role, start, stop)
    prepared = _PREPARED_PAGES.get(key)
    if prepared is None:
        if len(_PREPARED_PAGES) >= _MAX_PREPARED:
            _PREPARED_PAGES.clear()

        def rows(user: User) -> QuerySet[Consultation]:
            return _with_names(filtered_queue(user, now=datetime.now(UTC)).cases)[start:stop]

        if role == Role.STAFF:
            build = lambda directorate_id, user_id: rows(User(pk=user_id, role=role, directorate_id=directorate_id))  # noqa: E731
        elif role in CASEWORKER_ROLES:
            build = lambda directorate_id: rows(User(role=role, directorate_id=directorate_id))  # noqa: E731
        else:
            build = lambda: rows(User(role=role))  # noqa: E731
        prepared = _PREPARED_PAGES[key] = Prepared(build)
    return prepared


def _prepared_values(user: User) -> tuple | None:
    """What the unfiltered queue's prepared query of ``user`` takes, or None (no queue)."""
    if not user.is_active:
        return None
    if user.role == Role.STAFF and user.directorate_id is not None:
        return (user.role, user.directorate_id, user.pk)
    if user.role in CASEWORKER_ROLES and user.directorate_id is not None:
        return (user.role, user.directorate_id)
    if user.role in ALL_CASES_ROLES:
        return (user.role,)
    return None


def filtered_queue(
    user: User, *, now: datetime, status: str = "", category=None, deadline: str = "", assignee: str = ""
) -> QueueRows:
    """The staff queue as its filters ask (:func:`queue_cases`, then the category, the
    deadline state, the assignee — :data:`MINE`, :data:`UNASSIGNED` or a person's id),
    in its order: closed cases newest closed first, the cases in hand priority first,
    then the nearest deadline. List rows only (:data:`QUEUE_ROW_COLUMNS`, the names as
    :class:`QueueRows` adds them), for a ``Paginator``."""
    cases = queue_cases(user, status=status).only(*QUEUE_ROW_COLUMNS)
    # What the count depends on besides the cases: the user (their scope) and the
    # filters — not the deadline state, which the clock changes.
    count_key = None if deadline else ":".join(
        str(part) for part in (user.pk, user.role, user.directorate_id, status, category.pk if category else "", assignee)
    )
    if category:
        cases = cases.filter(category=category)
    if deadline:
        cases = cases.in_deadline_state(deadline, now)
    if assignee == MINE:
        cases = cases.filter(assignee=user)
    elif assignee == UNASSIGNED:
        cases = cases.filter(assignee__isnull=True)
    elif assignee:
        cases = cases.filter(assignee_id=int(assignee))
    ordered = cases.order_by("-completed_at", "-id") if status in CLOSED_QUEUE_STATUSES else cases.queue_order()
    unfiltered = not (status or category or deadline or assignee)
    return QueueRows(ordered, count_key=count_key, prepared=_prepared_values(user) if unfiltered else None)


def queue_assignees(user: User) -> list[tuple[int, str]]:
    """The people the queue's assignee filter offers, as (id, name), by name: the
    caseworkers of the user's directorate, or of all three for the front desk and the
    admin (``accounts.lookups``: no query while nobody changed)."""
    own = user.role in CASEWORKER_ROLES
    return [(p.id, p.full_name) for p in caseworkers() if not own or p.directorate_id == user.directorate_id]


def credits_of(applicant: User) -> list[PriorityCredit]:
    """The priority credits of an account, newest first, with the cases they came from
    and went to (one query). A credit is always granted for one of the account's own
    cases; the case that used it is theirs too."""
    return list(
        PriorityCredit.objects.filter(applicant=applicant)
        .select_related("granted_for", "used_by")
        .only("granted_at", "used_at", "granted_for__number", "used_by__number", "used_by__applicant_id")
        .order_by("-granted_at", "-id")
    )


def consultation_for(user, *, number: str) -> Consultation:
    """The case ``number`` if ``user`` may see it (:func:`visible_cases`)."""
    return get_object_or_404(visible_cases(user).with_related(), number=number)


def attachment_for(user, *, pk: int) -> Attachment:
    """An attachment of a case the user may see. Attachments belong to the case, its
    answers or its messages, all of which the applicant sees, or to a letter's answer
    draft, which the applicant sees only once the letter is issued from that version
    (an enclosure); notes have none."""
    attachments = Attachment.objects.select_related("consultation").filter(consultation__in=visible_cases(user))
    if user.role == Role.APPLICANT:
        attachments = attachments.filter(Q(draft__isnull=True) | Q(draft__letter__isnull=False))
    return get_object_or_404(attachments, pk=pk)


def timeline_for(user, consultation: Consultation):
    """The case history as ``user`` may see it: applicants do not see internal events."""
    events = Event.objects.filter(consultation=consultation).select_related("actor")
    if user.role == Role.APPLICANT:
        events = events.for_applicant()
    return events


def internal_notes_for(user, consultation: Consultation):
    if user.role == Role.APPLICANT:
        raise Http404
    return InternalNote.objects.filter(consultation=consultation).select_related("author")


def answer_for(consultation: Consultation, *, pk: int) -> Answer:
    """An answer of a case the user may see (the case was looked up through
    :func:`consultation_for`); 404 for an answer of any other case."""
    return get_object_or_404(Answer.objects.select_related("consultation"), consultation=consultation, pk=pk)


@dataclass
class CaseRecords:
    """The records shown on a case page, each kind read with one query."""

    files: list[Attachment]  # what the applicant attached to the question
    answers: list[Answer]
    messages: list[Message]
    events: list[Event]  # the history the user may see (``timeline_for``)
    attachments_of_answer: dict[int, list[Attachment]] = field(default_factory=dict)
    attachments_of_message: dict[int, list[Attachment]] = field(default_factory=dict)
    # The history in words, filled by the page (``views.common.timeline``).
    timeline: list = field(default_factory=list)


def place_files(
    attachments, answers: list[Answer], messages: list[Message]
) -> tuple[list[Attachment], dict[int, list[Attachment]], dict[int, list[Attachment]], dict[int, list[Attachment]]]:
    """A case's attachments where its pages show them: the question's own files, then
    those of each answer, each message and each letter draft (by id). Each answer and
    message gets its files as ``shown_files``, and each answer its correction links
    (``corrected_answer``: the answer it corrects; ``corrected_by``: its corrections)."""
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
    return files, dict(of_answer), dict(of_message), dict(of_draft)


def case_records(user, consultation: Consultation) -> CaseRecords:
    """What a case page shows of a case the user may see (looked up through
    :func:`consultation_for`): four queries whatever the case holds."""
    # A letter's draft enclosures are the drafts' (``views.letter_panel``), not the case's files.
    attachments = list(
        Attachment.objects.filter(consultation=consultation, draft__isnull=True).order_by("uploaded_at", "id")
    )
    answers = list(Answer.objects.filter(consultation=consultation).select_related("author"))
    messages = list(Message.objects.filter(consultation=consultation).select_related("author"))
    files, of_answer, of_message, _of_draft = place_files(attachments, answers, messages)
    return CaseRecords(
        files=files,
        answers=answers,
        messages=messages,
        events=list(timeline_for(user, consultation)),
        attachments_of_answer=of_answer,
        attachments_of_message=of_message,
    )


# --- the letter channel ------------------------------------------------------------------


def letter_of(consultation: Consultation) -> IncomingLetter:
    """The letter of a letter case the user already may see; 404 for any other case."""
    letter = IncomingLetter.objects.filter(consultation=consultation).select_related("scan").first()
    if letter is None:
        raise Http404
    return letter


def draft_for(consultation: Consultation, *, pk: int) -> AnswerDraft:
    return get_object_or_404(AnswerDraft, consultation=consultation, pk=pk)


def answer_letter_of(consultation: Consultation) -> AnswerLetter:
    """The issued answer letter of a case the user may see; 404 before it is issued."""
    return get_object_or_404(AnswerLetter, consultation=consultation)
