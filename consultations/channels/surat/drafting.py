"""Drafting and approval of a letter's answer (the letter channel; the online-meeting
report reuses it): the assignee writes versions, a team lead reviews the latest, then
the Director approves it. Every version and every verdict is kept; nothing approved is
edited in place (the answer letter is issued from it: ``answer_letters``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from consultations import policies
from consultations.channels import check_step
from consultations.errors import NotAllowed
from consultations.models import (
    AnswerDraft,
    Consultation,
    DraftReview,
    EventType,
    LetterNature,
    ReviewDecision,
    ReviewStage,
)
from consultations.services.common import check_case_bytes, lock, record, save_attachments, stored_attachments
from consultations.workflow import Step
from files.checks import CheckedFile

__all__ = ["DraftState", "draft_state", "latest_draft", "review_draft", "write_draft"]

class DraftState:
    """Where the latest version stands."""

    NONE = "none"
    AWAITING_LEAD = "awaiting_lead"
    AWAITING_DIRECTOR = "awaiting_director"
    RETURNED = "returned"
    APPROVED = "approved"


def draft_state(draft: AnswerDraft | None) -> str:
    """From the version's verdicts (``draft.reviews``). A version written by a team lead
    (or the Director) needs no team lead's review of its own."""
    if draft is None:
        return DraftState.NONE
    verdicts = {review.stage: review.decision for review in draft.reviews.all()}
    if ReviewDecision.RETURN in verdicts.values():
        return DraftState.RETURNED
    if verdicts.get(ReviewStage.DIRECTOR) == ReviewDecision.APPROVE:
        return DraftState.APPROVED
    if verdicts.get(ReviewStage.TEAM_LEAD) == ReviewDecision.APPROVE or _lead_wrote(draft):
        return DraftState.AWAITING_DIRECTOR
    return DraftState.AWAITING_LEAD


def _lead_wrote(draft: AnswerDraft) -> bool:
    return draft.author.role in (Role.TEAM_LEAD, Role.DIRECTOR)


def latest_draft(case: Consultation) -> AnswerDraft | None:
    return AnswerDraft.objects.filter(consultation=case).select_related("author").order_by("-version").first()


@transaction.atomic
def write_draft(
    *,
    consultation: Consultation,
    author: User,
    kinds: Sequence[str],
    body: str,
    files: Sequence[CheckedFile] = (),
    now: datetime | None = None,
) -> AnswerDraft:
    """The assignee (or a lead of the directorate) writes a version of the answer, with
    its enclosures (``files``: sent with the letter if this version is issued). A new
    version replaces none: it waits for its own review. Nothing approved is rewritten:
    after the Director's approval the letter is issued, not edited. The values come as
    ``DraftForm`` cleans them: the kinds known and in the standard's order, the body
    stripped and not empty, the files checked by content."""
    now = now or timezone.now()
    case = lock(consultation)
    if not policies.can_answer(author, case):
        raise NotAllowed(_("Anda tidak berwenang menyusun jawaban surat ini."))
    check_step(Step.WRITE_DRAFT, case.status, channel=case.channel)
    current = latest_draft(case)
    if draft_state(current) == DraftState.APPROVED:
        raise ValidationError(
            {"__all__": _("Versi terakhir sudah disetujui Direktur; terbitkan surat jawabannya.")}, code="approved"
        )
    check_case_bytes(files, consultation=case)
    with stored_attachments(files, uploaded_by=author, at=now) as stored:
        draft = AnswerDraft.objects.create(
            consultation=case,
            version=(current.version + 1) if current else 1,
            author=author,
            kinds=list(kinds),
            body=body,
            created_at=now,
        )
        save_attachments(stored, consultation=case, draft=draft)
        record(
            case, type=EventType.DRAFT_WRITTEN, actor=author, at=now, draft_id=draft.pk, version=draft.version,
            attachments=len(stored),
        )
    return draft


@transaction.atomic
def review_draft(
    *,
    draft: AnswerDraft,
    reviewer: User,
    decision: str,
    notes: str = "",
    nature: str = LetterNature.BIASA,
    copies: Sequence[str] = (),
    now: datetime | None = None,
) -> DraftReview:
    """A team lead reviews the latest version, then the Director: approve, or return it
    with notes for a new version (``ReviewForm``: a known decision, notes when returned).
    The Director's approval also says the letter's "Sifat" (``nature``) and its copies
    ("Tembusan", one entry each), printed when it is issued; other verdicts keep none."""
    now = now or timezone.now()
    case = lock(draft.consultation)
    if not policies.can_review_draft(reviewer, case):
        raise NotAllowed(_("Hanya Ketua Tim Kerja atau Direktur direktorat ini yang menelaah konsep jawaban."))
    check_step(Step.REVIEW_DRAFT, case.status, channel=case.channel)
    current = latest_draft(case)
    if current is None or current.pk != draft.pk:
        raise ValidationError({"__all__": _("Sudah ada versi yang lebih baru; telaah versi terakhir.")}, code="stale")
    state = draft_state(current)
    stage = ReviewStage.DIRECTOR if reviewer.role == Role.DIRECTOR else ReviewStage.TEAM_LEAD
    expected = {DraftState.AWAITING_LEAD: ReviewStage.TEAM_LEAD, DraftState.AWAITING_DIRECTOR: ReviewStage.DIRECTOR}
    if expected.get(state) != stage:
        message = {
            DraftState.AWAITING_LEAD: _("Konsep ini menunggu telaah Ketua Tim Kerja lebih dahulu."),
            DraftState.AWAITING_DIRECTOR: _("Konsep ini menunggu persetujuan Direktur."),
            DraftState.RETURNED: _("Konsep ini sudah dikembalikan; tunggu versi perbaikannya."),
            DraftState.APPROVED: _("Konsep ini sudah disetujui Direktur."),
        }[state]
        raise ValidationError({"__all__": message}, code="stage")
    approval = stage == ReviewStage.DIRECTOR and decision == ReviewDecision.APPROVE
    review = DraftReview.objects.create(
        draft=current, stage=stage, decision=decision, reviewer=reviewer, notes=notes, at=now,
        nature=nature if approval else "", copies=list(copies) if approval else [],
    )
    record(
        case,
        type=EventType.DRAFT_REVIEWED,
        actor=reviewer,
        at=now,
        draft_id=current.pk,
        version=current.version,
        stage=stage.value,
        decision=decision,
    )
    return review


