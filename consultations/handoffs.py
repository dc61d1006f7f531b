"""Every hand-off announced (issue 23, ADR 0010): when a step leaves a case's next move
to somebody else, they get an in-app notice and an e-mail, both keyed by the event, so
each event tells each person once and a re-run tells nobody.

:data:`HANDOFFS` is the one table: per hand-off, who is told, the notice's kind and text
(which says what to do next) and the e-mail's template. :func:`which` picks the hand-off
an event is, from its type and, for drafts, its details. :func:`announce` is called for
every recorded event by ``services.common.record``, inside the step's transaction; the
recipients are read from the case as the step left it: active users of the case's
directorate, never the actor.

The e-mail of a hand-off other than a plain assignment is ``case-handoff``: the notice's
text, the case and a link to its staff page.

A Director who chose the daily digest gets the notice at once but no e-mail per
hand-off: the digest lists their unread hand-off notices (``notices.send_daily_digests``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from accounts.selectors import directorate_leads

from . import emails, notices
from .models import (
    AnswerDraft,
    AnswerLetter,
    Consultation,
    Disposition,
    DraftReview,
    Event,
    EventType,
    MeetingReport,
    ReviewDecision,
    ReviewStage,
)

__all__ = ["HANDOFFS", "Handoff", "announce", "recipients", "which"]

# The e-mail of every hand-off but a plain assignment (which keeps ``case-assigned``).
CASE_HANDOFF = "case-handoff"

Recipients = Callable[[Consultation, Event], Iterable[User | None]]


@dataclass(frozen=True)
class Handoff:
    """One row of the table: what the notice and the e-mail are, and who gets them."""

    kind: str
    message: Promise
    template: str
    recipients: Recipients


# --- who --------------------------------------------------------------------------


def _assignee(case: Consultation, event: Event) -> list[User | None]:
    """Whom the event gave the case to (its ``assignee_id``: a re-run later tells the
    same person, not whoever holds the case by then)."""
    assignee_id = event.data.get("assignee_id")
    if case.assignee_id is not None and case.assignee_id == assignee_id:
        return [case.assignee]
    return [User.objects.filter(pk=assignee_id).first() if assignee_id else None]


def _draft(event: Event) -> AnswerDraft | None:
    return AnswerDraft.objects.select_related("author").filter(pk=event.data.get("draft_id")).first()


def _drafter(case: Consultation, event: Event) -> list[User | None]:
    draft = _draft(event)
    return [draft.author if draft else None]


def _team_leads(case: Consultation) -> list[User]:
    """The team lead(s) the letter went through (its dispositions), else the
    directorate's team leads, else its leads (``directorate_leads``)."""
    chain = [
        user
        for disposition in Disposition.objects.filter(consultation=case).select_related("from_user", "to_user")
        for user in (disposition.from_user, disposition.to_user)
        if user.role == Role.TEAM_LEAD and user.is_active and user.directorate_id == case.directorate_id
    ]
    if chain:
        return chain
    leads = list(User.objects.in_directorate(case.directorate).filter(role=Role.TEAM_LEAD))
    return leads or directorate_leads(case.directorate)


def _reviewers(case: Consultation, event: Event) -> list[User]:
    return _team_leads(case)


def _directors(case: Consultation, event: Event) -> list[User]:
    return directorate_leads(case.directorate)


def _drafter_and_lead(case: Consultation, event: Event) -> list[User | None]:
    """Who wrote the issued version, the team lead who passed it, and the assignee."""
    issued = AnswerLetter.objects.select_related("draft__author").filter(consultation=case).first()
    if issued is None:
        return [case.assignee if case.assignee_id else None]
    passed = DraftReview.objects.filter(draft=issued.draft, stage=ReviewStage.TEAM_LEAD).select_related("reviewer")
    return [issued.draft.author, *(review.reviewer for review in passed), case.assignee if case.assignee_id else None]


def _report_approvers(case: Consultation, event: Event) -> list[User]:
    """The team lead(s) the invitation went through, else the Director: a lead who
    wrote the report is not its approver (``approve_report``), so the Director is."""
    leads = [user for user in _team_leads(case) if user.pk != event.actor_id]
    return leads or directorate_leads(case.directorate)


def _report_author(case: Consultation, event: Event) -> list[User | None]:
    report = MeetingReport.objects.select_related("author").filter(consultation=case).first()
    return [report.author if report else None, case.assignee if case.assignee_id else None]


# --- the table ----------------------------------------------------------------------

HANDOFFS: dict[str, Handoff] = {
    "assigned": Handoff(
        notices.KIND_ASSIGNED,
        notices.MESSAGES[notices.KIND_ASSIGNED],
        emails.CASE_ASSIGNED,
        _assignee,
    ),
    "disposed": Handoff(
        notices.KIND_ASSIGNED,
        _(
            "Disposisi %(number)s dari %(actor)s untuk Anda: baca instruksi pada lembar disposisi dan "
            "tindak lanjuti sebelum %(due)s WIB."
        ),
        CASE_HANDOFF,
        _assignee,
    ),
    "guest": Handoff(
        notices.KIND_ASSIGNED,
        _(
            "Tamu %(number)s diserahkan kepada Anda oleh %(actor)s: temui tamu di ruang layanan dan terima "
            "sebelum %(due)s WIB."
        ),
        CASE_HANDOFF,
        _assignee,
    ),
    "draft_review": Handoff(
        notices.KIND_DRAFT_REVIEW,
        _(
            "Konsep jawaban %(number)s versi %(version)s menunggu telaah Anda: setujui untuk diteruskan "
            "kepada Direktur, atau kembalikan dengan catatan."
        ),
        CASE_HANDOFF,
        _reviewers,
    ),
    "draft_approval": Handoff(
        notices.KIND_DRAFT_APPROVAL,
        _(
            "Konsep jawaban %(number)s versi %(version)s menunggu persetujuan Anda: setujui lalu terbitkan "
            "surat jawabannya, atau kembalikan dengan catatan."
        ),
        CASE_HANDOFF,
        _directors,
    ),
    "draft_returned": Handoff(
        notices.KIND_DRAFT_RETURNED,
        _(
            "Konsep jawaban %(number)s versi %(version)s dikembalikan oleh %(actor)s: baca catatannya, lalu "
            "susun versi perbaikan."
        ),
        CASE_HANDOFF,
        _drafter,
    ),
    "letter_issued": Handoff(
        notices.KIND_LETTER_ISSUED,
        _(
            "Surat jawaban %(number)s diterbitkan oleh %(actor)s dengan nomor %(outgoing)s dan dikirim kepada "
            "pengirim surat; tidak ada tindakan lagi."
        ),
        CASE_HANDOFF,
        _drafter_and_lead,
    ),
    "report_approval": Handoff(
        notices.KIND_REPORT_APPROVAL,
        _(
            "Laporan rapat %(number)s dari %(actor)s menunggu persetujuan Anda: periksa, lalu setujui agar "
            "dikirim kepada PIC."
        ),
        CASE_HANDOFF,
        _report_approvers,
    ),
    "report_approved": Handoff(
        notices.KIND_REPORT_APPROVED,
        _("Laporan rapat %(number)s disetujui oleh %(actor)s dan dikirim kepada PIC; tidak ada tindakan lagi."),
        CASE_HANDOFF,
        _report_author,
    ),
}

_BY_TYPE = {
    EventType.ASSIGNED: "assigned",
    EventType.DISPOSED: "disposed",
    EventType.GUEST_HANDED_OFF: "guest",
    EventType.ANSWER_LETTER_ISSUED: "letter_issued",
    EventType.REPORT_WRITTEN: "report_approval",
    EventType.REPORT_APPROVED: "report_approved",
}


def which(event: Event) -> str | None:
    """The hand-off ``event`` is (a key of :data:`HANDOFFS`), or None.

    A version written by a team lead or the Director goes straight to the Director (it
    needs no team lead's review: ``drafting.draft_state``); a version a team lead
    passes goes to the Director; a returned one to its writer. The Director's approval
    hands nothing to anybody: issuing the letter is the Director's own next step, and
    the issue is announced."""
    if event.type == EventType.DRAFT_WRITTEN:
        draft = _draft(event)
        if draft is None:
            return None
        return "draft_approval" if draft.author.role in (Role.TEAM_LEAD, Role.DIRECTOR) else "draft_review"
    if event.type == EventType.DRAFT_REVIEWED:
        if event.data.get("decision") == ReviewDecision.RETURN:
            return "draft_returned"
        return "draft_approval" if event.data.get("stage") == ReviewStage.TEAM_LEAD else None
    return _BY_TYPE.get(event.type)


def recipients(case: Consultation, event: Event, handoff: Handoff) -> list[User]:
    """The hand-off's people as the case stands: active, of the case's directorate,
    each once, never the actor."""
    seen: dict[int, User] = {}
    for user in handoff.recipients(case, event):
        if (
            user is not None
            and user.is_active
            and user.pk != event.actor_id
            and user.directorate_id == case.directorate_id
            and user.pk not in seen
        ):
            seen[user.pk] = user
    return list(seen.values())


def _params(case: Consultation, event: Event) -> dict[str, Any]:
    """The text's details beside the case's (``notices.case_params``)."""
    return notices.case_params(case) | {
        "actor": event.actor.full_name if event.actor_id else "",
        "version": event.data.get("version", ""),
        "outgoing": event.data.get("outgoing_number", ""),
    }


def announce(case: Consultation, event: Event, *, new_event: bool = False) -> int:
    """Tell the people ``event`` hands the case to; how many were newly told (none on a
    re-run). ``new_event``: the caller has just written it (nothing keyed by it exists)."""
    name = which(event)
    if name is None:
        return 0
    handoff = HANDOFFS[name]
    users = recipients(case, event, handoff)
    if not users:
        return 0
    params = _params(case, event)
    # The e-mail says what the notice says, in the reader's language: ``message_en`` is
    # used for one who reads English (``notifications.rendering``).
    texts = {}
    for language in (settings.LANGUAGE_CODE, "en"):
        with translation.override(language):
            texts[language] = str(handoff.message) % params
    extra = {
        "handoff": name,
        "message": texts[settings.LANGUAGE_CODE],
        "message_en": texts["en"],
        "actor_name": params["actor"],
    }
    return notices.tell(
        handoff.kind,
        [(case, event, users, extra)],
        message=handoff.message,
        template=handoff.template,
        params=params,
        new_events=new_event,
    )
