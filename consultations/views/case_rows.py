"""The records of a staff case page in one query: the history, the internal notes, the
files, and where the channel shows them the answers, the messages and the answer e-mails
the outbox gave up on (issue 26).

Each of those is a short list about one case; reading them one query each cost the page
as much as the rest of its work (PostgreSQL plans and answers each, Django reads each
back). Here they are one ``UNION ALL`` of narrow rows — a kind, the row's own columns in
shared slots, the name of the person behind it — prepared once (``core.prepared``) and
turned back into the models the page reads (``Model.from_db``: the same instances a
query of each would give; the people are :class:`~accounts.models.User` instances that
hold only their id and name, every other column deferred). ``tests`` compare the rows
with the ORM's, kind by kind.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import F, Value
from django.db.models.functions import Cast

from accounts.models import User
from consultations.channels.website.emails import ANSWER_SENT
from consultations.models import Answer, Attachment, Consultation, Event, InternalNote, Message
from core.prepared import Prepared
from notifications.models import OutboundEmail, OutboxStatus

# The slots of a row, in order: what each kind puts in them (None: nothing).
SLOTS = ("kind", "pk", "user_id", "user_name", "at", "json", "text", "int1", "int2", "int3", "big", "flag", "text2", "text3")
_TYPES = {
    "kind": models.CharField(), "pk": models.BigIntegerField(), "user_id": models.BigIntegerField(),
    "user_name": models.CharField(), "at": models.DateTimeField(), "json": models.JSONField(), "text": models.TextField(),
    "int1": models.BigIntegerField(), "int2": models.BigIntegerField(), "int3": models.BigIntegerField(),
    "big": models.BigIntegerField(), "flag": models.BooleanField(), "text2": models.TextField(), "text3": models.TextField(),
}

EVENT, NOTE, ANSWER, MESSAGE, FILE, FAILED = "e", "n", "a", "m", "f", "x"

# kind: (model, {slot: column}) — the columns each kind's rows fill.
_KINDS = {
    EVENT: (Event, {"pk": "id", "user_id": "actor_id", "user_name": "actor__full_name", "at": "at", "json": "data",
                    "text": "type"}),
    NOTE: (InternalNote, {"pk": "id", "user_id": "author_id", "user_name": "author__full_name", "at": "created_at",
                          "text": "body"}),
    ANSWER: (Answer, {"pk": "id", "user_id": "author_id", "user_name": "author__full_name", "at": "sent_at",
                      "json": "kinds", "text": "text", "int1": "corrects_id"}),
    MESSAGE: (Message, {"pk": "id", "user_id": "author_id", "user_name": "author__full_name", "at": "created_at",
                        "text": "body", "flag": "from_applicant"}),
    FILE: (Attachment, {"pk": "id", "user_id": "uploaded_by_id", "at": "uploaded_at", "text": "original_name",
                        "int1": "answer_id", "int2": "message_id", "int3": "draft_id", "big": "size", "text2": "file",
                        "text3": "content_type"}),
}


def _branch(kind: str, case_id):
    """One kind's rows of the case, in the shared slots."""
    if kind == FAILED:  # ``website.selectors.failed_answer_emails``
        rows = OutboundEmail.objects.about(Consultation(pk=case_id)).filter(template=ANSWER_SENT,
                                                                              status=OutboxStatus.FAILED)
        columns = {"pk": "id", "at": "created_at", "text": "recipient", "text2": "last_error"}
    else:
        model, columns = _KINDS[kind]
        rows = model.objects.filter(consultation_id=case_id)
    slots = {"kind": Value(kind, output_field=_TYPES["kind"])}
    for slot in SLOTS[1:]:
        column = columns.get(slot)
        slots[slot] = Cast(F(column), _TYPES[slot]) if column else Cast(Value(None), _TYPES[slot])
    return rows.order_by().annotate(**{f"s_{name}": value for name, value in slots.items()}).values_list(
        *(f"s_{name}" for name in SLOTS)
    )


def _union(kinds: tuple[str, ...]) -> Prepared:
    def build(case_id):
        first, *rest = (_branch(kind, case_id) for kind in kinds)
        return first.union(*rest, all=True) if rest else first

    return Prepared(build)


# Every channel's page reads the history, the notes and the files; the website's and the
# walk-in's the answers; the website's the messages and its failed answer e-mails.
_QUERIES: dict[tuple[str, ...], Prepared] = {}


def _query(kinds: tuple[str, ...]) -> Prepared:
    query = _QUERIES.get(kinds)
    if query is None:
        query = _QUERIES.setdefault(kinds, _union(kinds))
    return query


@dataclass
class Rows:
    """The records of one case, each kind in its model's order."""

    events: list[Event] = field(default_factory=list)
    notes: list[InternalNote] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    files: list[Attachment] = field(default_factory=list)
    failed_emails: list[OutboundEmail] = field(default_factory=list)


def read(case: Consultation, *, answers: bool, messages: bool, failed_emails: bool,
         using: str = DEFAULT_DB_ALIAS) -> Rows:
    """The case's records (one query): always the history, the notes and the files."""
    kinds = (EVENT, NOTE, FILE) + ((ANSWER,) if answers else ()) + ((MESSAGE,) if messages else ()) + (
        (FAILED,) if failed_emails else ())
    found = Rows()
    people: dict[int, User] = {}

    def person(pk, name) -> User | None:
        if pk is None:
            return None
        user = people.get(pk)
        if user is None:
            user = people[pk] = User.from_db(using, ["id", "full_name"], [pk, name])
        return user

    for row in _query(kinds)(case.pk, using=using):
        kind, pk, user_id, user_name, at, json, text, int1, int2, int3, big, flag, text2, text3 = row
        if kind == EVENT:
            obj = Event.from_db(using, ["id", "consultation_id", "actor_id", "type", "at", "data"],
                                [pk, case.pk, user_id, text, at, json if json is not None else {}])
            obj.actor = person(user_id, user_name)
            found.events.append(obj)
        elif kind == NOTE:
            obj = InternalNote.from_db(using, ["id", "consultation_id", "author_id", "body", "created_at"],
                                       [pk, case.pk, user_id, text, at])
            obj.author = person(user_id, user_name)
            found.notes.append(obj)
        elif kind == ANSWER:
            obj = Answer.from_db(using, ["id", "consultation_id", "author_id", "kinds", "text", "sent_at", "corrects_id"],
                                 [pk, case.pk, user_id, json, text, at, int1])
            obj.author = person(user_id, user_name)
            found.answers.append(obj)
        elif kind == MESSAGE:
            obj = Message.from_db(using, ["id", "consultation_id", "author_id", "from_applicant", "body", "created_at"],
                                  [pk, case.pk, user_id, flag, text, at])
            obj.author = person(user_id, user_name)
            found.messages.append(obj)
        elif kind == FILE:
            found.files.append(Attachment.from_db(
                using, ["id", "consultation_id", "answer_id", "message_id", "draft_id", "file", "original_name", "size",
                        "content_type", "uploaded_by_id", "uploaded_at"],
                [pk, case.pk, int1, int2, int3, text2, text, big, text3, user_id, at],
            ))
        else:
            found.failed_emails.append(OutboundEmail.from_db(
                using, ["id", "recipient", "last_error", "created_at"], [pk, text, text2, at]))
    # Each kind in its model's order (Meta.ordering: the moment, then the id).
    for rows in (found.events, found.notes, found.answers, found.messages, found.files, found.failed_emails):
        rows.sort(key=_order)
    return found


def _order(obj) -> tuple:
    moment = getattr(obj, "at", None) or getattr(obj, "created_at", None) or getattr(obj, "sent_at", None) or getattr(
        obj, "uploaded_at", None)
    return (moment, obj.pk)
