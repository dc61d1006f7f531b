"""The records of a staff case page in one query: the history, the internal notes, the
files, and those the case's channel shows — answers, messages, the answer e-mails the
outbox gave up on, dispositions and draft reviews (letters), messages with the PIC and
the meeting's team (online meetings), hand-offs (walk-ins) (issue 26).

Each of those is a short list about one case; reading them one query each cost the page
as much as the rest of its work (PostgreSQL plans and answers each, Django reads each
back). Here they are one ``UNION ALL`` of narrow rows — a kind, the row's own columns in
shared slots, the names of the people behind it — prepared once (``core.prepared``) and
turned back into the models the page reads (``Model.from_db``: the instances a query of
each would give, every column filled; the people are :class:`~accounts.models.User`
instances holding only their id and name, every other column deferred, so that reading
one costs a query a test sees). ``tests`` compare the rows with the ORM's, kind by kind.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import F, Func, Value
from django.db.models.functions import Cast, JSONObject
from django.utils import timezone

from accounts.models import User
from consultations.channels.website.emails import ANSWER_SENT
from consultations.models import (
    Answer,
    AnswerDraft,
    AnswerLetter,
    Attachment,
    Consultation,
    Disposition,
    DraftReview,
    Event,
    GuestHandoff,
    IncomingLetter,
    InternalNote,
    Meeting,
    MeetingInvitation,
    MeetingReport,
    Message,
    PicMessage,
    VisitForm,
    WalkIn,
)
from core.prepared import Prepared
from notifications.models import OutboundEmail, OutboxStatus

# The slots of a row, in order, with their column types.
_TYPES = {
    "kind": models.CharField(), "pk": models.BigIntegerField(), "user_id": models.BigIntegerField(),
    "user_name": models.CharField(), "user_role": models.CharField(), "user2_id": models.BigIntegerField(),
    "user2_name": models.CharField(),
    "at": models.DateTimeField(), "date": models.DateField(), "json": models.JSONField(), "text": models.TextField(),
    "text2": models.TextField(), "text3": models.TextField(), "text4": models.TextField(),
    "int1": models.BigIntegerField(), "int2": models.BigIntegerField(), "int3": models.BigIntegerField(),
    "big": models.BigIntegerField(), "flag": models.BooleanField(), "row": models.JSONField(),
}
SLOTS = tuple(_TYPES)

# The kinds, by the name a panel asks for them (``RECORDS``).
EVENTS, NOTES, FILES = "events", "notes", "files"
ANSWERS, MESSAGES, FAILED_EMAILS = "answers", "messages", "failed_answer_emails"
DISPOSITIONS, REVIEWS, PIC_MESSAGES, TEAM, HANDOFFS = "dispositions", "reviews", "pic_messages", "team", "handoffs"
DRAFTS, ANSWER_LETTER = "drafts", "answer_letter"
# The case's one-to-one rows, each a whole row in one JSON slot (none or one of each).
LETTER, INVITATION, MEETING, REPORT, VISIT = "letter", "invitation", "meeting", "meeting_report", "visit"
_ONE_TO_ONE = {LETTER: IncomingLetter, INVITATION: MeetingInvitation, MEETING: Meeting, REPORT: MeetingReport,
               VISIT: WalkIn}

# kind: (model, the filter on the case, {slot: column}, the model's fields filled from the slots)
_KINDS = {
    EVENTS: (Event, "consultation_id", {
        "pk": "id", "user_id": "actor_id", "user_name": "actor__full_name", "at": "at", "json": "data", "text": "type"}),
    NOTES: (InternalNote, "consultation_id", {
        "pk": "id", "user_id": "author_id", "user_name": "author__full_name", "at": "created_at", "text": "body"}),
    FILES: (Attachment, "consultation_id", {
        "pk": "id", "user_id": "uploaded_by_id", "at": "uploaded_at", "text": "original_name", "int1": "answer_id",
        "int2": "message_id", "int3": "draft_id", "big": "size", "text2": "file", "text3": "content_type"}),
    ANSWERS: (Answer, "consultation_id", {
        "pk": "id", "user_id": "author_id", "user_name": "author__full_name", "at": "sent_at", "json": "kinds",
        "text": "text", "int1": "corrects_id"}),
    MESSAGES: (Message, "consultation_id", {
        "pk": "id", "user_id": "author_id", "user_name": "author__full_name", "at": "created_at", "text": "body",
        "flag": "from_applicant"}),
    DISPOSITIONS: (Disposition, "consultation_id", {
        "pk": "id", "user_id": "from_user_id", "user_name": "from_user__full_name", "user2_id": "to_user_id",
        "user2_name": "to_user__full_name", "at": "at", "json": "ticks", "text": "instructions", "date": "target_date",
        "text2": "urgency", "text3": "classification"}),
    REVIEWS: (DraftReview, "draft__consultation_id", {
        "pk": "id", "user_id": "reviewer_id", "user_name": "reviewer__full_name", "at": "at", "json": "copies",
        "text": "notes", "int1": "draft_id", "text2": "stage", "text3": "decision", "text4": "nature"}),
    PIC_MESSAGES: (PicMessage, "consultation_id", {
        "pk": "id", "user_id": "author_id", "user_name": "author__full_name", "at": "at", "text": "body",
        "flag": "from_pic"}),
    HANDOFFS: (GuestHandoff, "consultation_id", {
        "pk": "id", "user_id": "from_user_id", "user_name": "from_user__full_name", "user2_id": "to_user_id",
        "user2_name": "to_user__full_name", "at": "at", "text": "reason"}),
    TEAM: (Meeting.team.through, "meeting_id", {
        "pk": "id", "user_id": "user_id", "user_name": "user__full_name", "text": "user__email"}),
    DRAFTS: (AnswerDraft, "consultation_id", {
        "pk": "id", "user_id": "author_id", "user_name": "author__full_name", "at": "created_at", "json": "kinds",
        "text": "body", "int1": "version"}),
    # The answer letter's columns the page shows (the rest, the PDF's among them, deferred).
    ANSWER_LETTER: (AnswerLetter, "consultation_id", {
        "pk": "id", "at": "issued_at", "int1": "draft_id", "text": "number", "text2": "sha256",
        "text3": "verification_code", "text4": "signer_name"}),
}
# Whose role the page reads (a draft's author: whether a lead wrote it, ``drafting.draft_state``).
_ROLES = {DRAFTS: "author__role"}
# kind: the model made of its rows, and which of its columns each slot fills ("case": the
# case's own id). The team's rows are its people themselves (the team's order is theirs).
_FIELDS = {
    EVENTS: (Event, {"id": "pk", "consultation_id": "case", "actor_id": "user_id", "type": "text", "at": "at",
                     "data": "json"}),
    NOTES: (InternalNote, {"id": "pk", "consultation_id": "case", "author_id": "user_id", "body": "text",
                           "created_at": "at"}),
    FILES: (Attachment, {"id": "pk", "consultation_id": "case", "answer_id": "int1", "message_id": "int2",
                         "draft_id": "int3", "file": "text2", "original_name": "text", "size": "big",
                         "content_type": "text3", "uploaded_by_id": "user_id", "uploaded_at": "at"}),
    ANSWERS: (Answer, {"id": "pk", "consultation_id": "case", "author_id": "user_id", "kinds": "json", "text": "text",
                       "sent_at": "at", "corrects_id": "int1"}),
    MESSAGES: (Message, {"id": "pk", "consultation_id": "case", "author_id": "user_id", "from_applicant": "flag",
                         "body": "text", "created_at": "at"}),
    FAILED_EMAILS: (OutboundEmail, {"id": "pk", "recipient": "text", "last_error": "text2", "created_at": "at"}),
    DISPOSITIONS: (Disposition, {"id": "pk", "consultation_id": "case", "from_user_id": "user_id",
                                 "to_user_id": "user2_id", "ticks": "json", "instructions": "text",
                                 "target_date": "date", "urgency": "text2", "classification": "text3", "at": "at"}),
    REVIEWS: (DraftReview, {"id": "pk", "draft_id": "int1", "stage": "text2", "decision": "text3",
                            "reviewer_id": "user_id", "notes": "text", "nature": "text4", "copies": "json", "at": "at"}),
    PIC_MESSAGES: (PicMessage, {"id": "pk", "consultation_id": "case", "author_id": "user_id", "from_pic": "flag",
                                "body": "text", "at": "at"}),
    HANDOFFS: (GuestHandoff, {"id": "pk", "consultation_id": "case", "from_user_id": "user_id",
                              "to_user_id": "user2_id", "reason": "text", "at": "at"}),
    DRAFTS: (AnswerDraft, {"id": "pk", "consultation_id": "case", "version": "int1", "author_id": "user_id",
                           "kinds": "json", "body": "text", "created_at": "at"}),
    ANSWER_LETTER: (AnswerLetter, {"id": "pk", "consultation_id": "case", "draft_id": "int1", "number": "text",
                                   "sha256": "text2", "verification_code": "text3", "signer_name": "text4",
                                   "issued_at": "at"}),
    TEAM: (User, {"id": "user_id", "full_name": "user_name", "email": "text"}),
}
# kind: the people a row names — (its field, the slots of their id, name and role).
_PEOPLE = {
    EVENTS: (("actor", "user_id", "user_name", None),),
    NOTES: (("author", "user_id", "user_name", None),),
    ANSWERS: (("author", "user_id", "user_name", None),),
    MESSAGES: (("author", "user_id", "user_name", None),),
    DISPOSITIONS: (("from_user", "user_id", "user_name", None), ("to_user", "user2_id", "user2_name", None)),
    REVIEWS: (("reviewer", "user_id", "user_name", None),),
    PIC_MESSAGES: (("author", "user_id", "user_name", None),),
    HANDOFFS: (("from_user", "user_id", "user_name", None), ("to_user", "user2_id", "user2_name", None)),
    DRAFTS: (("author", "user_id", "user_name", "user_role"),),
}
# The order of the kinds in the query (and their one-letter tags in its rows).
_ORDER = (EVENTS, NOTES, FILES, ANSWERS, MESSAGES, FAILED_EMAILS, DISPOSITIONS, REVIEWS, PIC_MESSAGES, TEAM, HANDOFFS,
          DRAFTS, ANSWER_LETTER, LETTER, INVITATION, MEETING, REPORT, VISIT)
_TAGS = {kind: chr(ord("a") + n) for n, kind in enumerate(_ORDER)}
_KIND_OF_TAG = {tag: kind for kind, tag in _TAGS.items()}


class _Nested(Func):
    """A JSON column inside a ``JSONObject``: PostgreSQL nests it as JSON by itself; SQLite
    must be told that its text is JSON (``JSON(column)``), or nests it as a string."""

    template = "%(expressions)s"
    output_field = models.JSONField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="JSON(%(expressions)s)", **extra_context)


def _whole_row(model) -> JSONObject:
    """Every column of a row as one JSON object, by attribute name (``_from_json`` reads it)."""
    return JSONObject(**{
        column.attname: _Nested(F(column.attname)) if isinstance(column, models.JSONField) else F(column.attname)
        for column in model._meta.concrete_fields
    })


def _from_json(model, using: str, values: dict):
    """A row that ``_whole_row`` wrote, as the model (each value as its column reads it;
    SQLite writes a moment without its zone: it keeps them in UTC)."""
    names, converted = [], []
    for column in model._meta.concrete_fields:
        value = values.get(column.attname)
        if value is not None and not isinstance(column, models.JSONField):
            if isinstance(column, models.ForeignKey):
                value = column.target_field.to_python(value)
            else:
                value = column.to_python(value)
            if isinstance(value, datetime.datetime) and timezone.is_naive(value):
                value = timezone.make_aware(value, datetime.UTC)
        names.append(column.attname)
        converted.append(value)
    return model.from_db(using, names, converted)


def _slot(value, slot: str, *, typed: bool):
    """A slot's value; cast to the slot's type in the query's first branch only (the other
    branches' columns and NULLs take the types the first one set)."""
    if isinstance(value, str):
        value = F(value)
    if value is None:
        return Cast(Value(None), _TYPES[slot]) if typed else Value(None, output_field=_TYPES[slot])
    return Cast(value, _TYPES[slot]) if typed else value


def _branch(kind: str, case_id, *, typed: bool):
    """One kind's rows of the case, in the shared slots (``typed``: the query's first)."""
    if kind in _ONE_TO_ONE:
        model = _ONE_TO_ONE[kind]
        slots = {"kind": Value(_TAGS[kind], output_field=_TYPES["kind"])}
        for slot in SLOTS[1:]:
            slots[slot] = _slot(None, slot, typed=typed)
        slots["row"] = _slot(_whole_row(model), "row", typed=typed)
        if kind == VISIT:  # and the code of the form filled beforehand, in the id slot's neighbour
            slots["text"] = _slot("form__code", "text", typed=typed)
        return model.objects.filter(consultation_id=case_id).order_by().annotate(
            **{f"s_{name}": value for name, value in slots.items()}
        ).values_list(*(f"s_{name}" for name in SLOTS))
    if kind == FAILED_EMAILS:  # ``website.selectors.failed_answer_emails``
        rows = OutboundEmail.objects.about(Consultation(pk=case_id)).filter(template=ANSWER_SENT,
                                                                              status=OutboxStatus.FAILED)
        columns = {"pk": "id", "at": "created_at", "text": "recipient", "text2": "last_error"}
    else:
        model, case_column, columns = _KINDS[kind]
        rows = model.objects.filter(**{case_column: case_id})
        if kind in _ROLES:
            columns = {**columns, "user_role": _ROLES[kind]}
    slots = {"kind": Value(_TAGS[kind], output_field=_TYPES["kind"])}
    for slot in SLOTS[1:]:
        slots[slot] = _slot(columns.get(slot), slot, typed=typed)
    return rows.order_by().annotate(**{f"s_{name}": value for name, value in slots.items()}).values_list(
        *(f"s_{name}" for name in SLOTS)
    )


_QUERIES: dict[tuple[str, ...], Prepared] = {}


def _query(kinds: tuple[str, ...]) -> Prepared:
    query = _QUERIES.get(kinds)
    if query is None:
        def build(case_id):
            first, *rest = (_branch(kind, case_id, typed=n == 0) for n, kind in enumerate(kinds))
            return first.union(*rest, all=True) if rest else first

        query = _QUERIES.setdefault(kinds, Prepared(build))
    return query


@dataclass
class Rows:
    """The records of one case, each kind in its model's order."""

    events: list[Event] = field(default_factory=list)
    notes: list[InternalNote] = field(default_factory=list)
    files: list[Attachment] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    failed_answer_emails: list[OutboundEmail] = field(default_factory=list)
    dispositions: list[Disposition] = field(default_factory=list)
    reviews: list[DraftReview] = field(default_factory=list)
    pic_messages: list[PicMessage] = field(default_factory=list)
    team: list[User] = field(default_factory=list)
    handoffs: list[GuestHandoff] = field(default_factory=list)
    drafts: list[AnswerDraft] = field(default_factory=list)
    answer_letter: list[AnswerLetter] = field(default_factory=list)  # none or one
    letter: list[IncomingLetter] = field(default_factory=list)  # none or one (each of these four)
    invitation: list[MeetingInvitation] = field(default_factory=list)
    meeting: list[Meeting] = field(default_factory=list)
    meeting_report: list[MeetingReport] = field(default_factory=list)
    visit: list[WalkIn] = field(default_factory=list)
    kinds: frozenset[str] = frozenset()  # what was read (a kind not read is not "none")
    people: dict[int, User] = field(default_factory=dict)  # everyone the records name, by id


def read(case: Consultation, kinds, *, using: str = DEFAULT_DB_ALIAS) -> Rows:
    """The case's records of ``kinds`` (besides the history, the notes and the files,
    always read), in one query."""
    wanted = tuple(kind for kind in _ORDER if kind in {EVENTS, NOTES, FILES, *kinds})
    found = Rows(kinds=frozenset(wanted))
    people = found.people

    def person(pk, name, role=None) -> User | None:
        if pk is None:
            return None
        user = people.get(pk)
        if user is None:
            names, values = (["id", "full_name", "role"], [pk, name, role]) if role else (["id", "full_name"], [pk, name])
            user = people[pk] = _made(User, using, names, values)
        elif role:
            user.role = role
        return user

    for row in _query(wanted)(case.pk, using=using):
        slots = dict(zip(SLOTS, row, strict=True))
        slots["case"] = case.pk
        kind = _KIND_OF_TAG[slots["kind"]]
        if kind in _ONE_TO_ONE:
            obj = _from_json(_ONE_TO_ONE[kind], using, slots["row"])
            if kind == VISIT:
                obj.form = VisitForm.from_db(using, ["id", "code"], [obj.form_id, slots["text"]]) if obj.form_id else None
            getattr(found, kind).append(obj)
            continue
        model, columns = _FIELDS[kind]
        obj = _made(model, using, list(columns), [slots[slot] for slot in columns.values()])
        for name, id_slot, name_slot, role_slot in _PEOPLE.get(kind, ()):
            setattr(obj, name, person(slots[id_slot], slots[name_slot], slots[role_slot] if role_slot else None))
        getattr(found, kind).append(obj)
    for kind in wanted:
        getattr(found, kind).sort(key=_ORDER_KEYS.get(kind, _by_moment))
    return found


def _by_moment(obj) -> tuple:
    """Meta.ordering of the records: the moment, then the id."""
    return (obj.at, obj.pk)


_ORDER_KEYS = {
    NOTES: lambda note: (note.created_at, note.pk),
    FILES: lambda file: (file.uploaded_at, file.pk),
    ANSWERS: lambda answer: (answer.sent_at, answer.pk),
    MESSAGES: lambda message: (message.created_at, message.pk),
    FAILED_EMAILS: lambda email: (email.created_at, email.pk),
    TEAM: lambda user: (user.full_name, user.email),
    DRAFTS: lambda draft: (draft.version,),
    ANSWER_LETTER: lambda letter: (letter.pk,),
    **dict.fromkeys(_ONE_TO_ONE, lambda row: (row.pk,)),
}


def _made(model, using: str, names: list[str], values: list):
    """``model.from_db`` with the columns in any order (``from_db`` takes them in the
    model's field order; the ones not named are deferred)."""
    given = dict(zip(names, values, strict=True))
    order = [f.attname for f in model._meta.concrete_fields if f.attname in given]
    return model.from_db(using, order, [given[name] for name in order])


def attach_people(rows: Rows | None, pairs, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Set the person of each ``(row, field)`` (a foreign key to a user) from the people the
    page's records named — whoever registered, checked or received a letter, wrote or
    approved a report, accepted a guest is the actor of that step's event — and read the
    few it did not name in one query (id and name, as the records' people)."""
    known = rows.people if rows is not None else {}
    wanted = {getattr(row, f"{name}_id") for row, name in pairs if row is not None}
    missing = wanted - known.keys() - {None}
    if missing:
        for user in User.objects.using(using).filter(pk__in=missing).only("id", "full_name"):
            known[user.pk] = user
    for row, name in pairs:
        if row is not None:
            pk = getattr(row, f"{name}_id")
            setattr(row, name, known.get(pk) if pk is not None else None)
