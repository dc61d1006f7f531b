"""What the staff case page shows of a letter: its facts, the checklist, the
dispositions, every draft with its verdicts, and the forms of the steps the user may
take now (``policies.case_access``). The POST views are ``views.letters``."""

from __future__ import annotations

from accounts.models import Role, User
from accounts.roles import CASEWORKER_ROLES
from consultations import policies
from consultations.channels import Channel
from consultations.models import AnswerDraft, Consultation, Disposition, IncomingLetter
from consultations.workflow import Step

from . import drafting
from . import selectors as letter_selectors
from . import services as letters
from .forms import ChecklistForm, DisposeForm, DraftForm, ReviewForm


def disposition_candidates(user: User, case: Consultation) -> list[User]:
    people = User.objects.in_directorate(case.directorate).filter(role__in=CASEWORKER_ROLES).order_by("full_name")
    return [person for person in people if letters.can_dispose_to(user, case, person)]


def letter_panel(user: User, case: Consultation, access: policies.CaseAccess, bound: dict) -> dict | None:
    """The letter, its checklist, dispositions, drafts and the forms the user may use now."""
    if case.channel not in (Channel.SURAT, Channel.DARING):
        return None
    letter = IncomingLetter.objects.select_related("scan", "registered_by", "checked_by", "received_by").filter(
        consultation=case
    ).first()
    if letter is None:
        return None
    drafts = list(
        AnswerDraft.objects.filter(consultation=case)
        .select_related("author")
        .prefetch_related("reviews__reviewer", "attachments")
    )
    latest = drafts[-1] if drafts else None
    state = drafting.draft_state(latest)
    forms: dict = {}
    if Step.CHECK_LETTER in access and not letter.is_checked:
        forms["check"] = bound.get("check") or ChecklistForm(
            prefix="periksa", requirements=letter_selectors.letter_requirements(letter), directorates=letter_selectors.directorates()
        )
    if Step.RECEIVE in access and letter.is_complete and not letter.is_received:
        forms["receive"] = True
    dispositions = list(Disposition.objects.filter(consultation=case).select_related("from_user", "to_user"))
    if Step.DISPOSE in access:
        # A further disposition starts from the urgency and classification already given.
        initial = (
            {"urgency": dispositions[-1].urgency, "classification": dispositions[-1].classification}
            if dispositions else {}
        )
        forms["dispose"] = bound.get("dispose") or DisposeForm(
            prefix="disposisi", candidates=disposition_candidates(user, case), initial=initial
        )
    if Step.WRITE_DRAFT in access and state != drafting.DraftState.APPROVED:
        initial = {"kinds": latest.kinds, "body": latest.body} if latest else {}
        forms["draft"] = bound.get("draft") or DraftForm(prefix="konsep", initial=initial)
    if latest is not None and Step.REVIEW_DRAFT in access:
        expected = {
            drafting.DraftState.AWAITING_LEAD: Role.TEAM_LEAD,
            drafting.DraftState.AWAITING_DIRECTOR: Role.DIRECTOR,
        }.get(state)
        if expected == user.role:
            forms["review"] = bound.get("review") or ReviewForm(prefix="telaah", director=user.role == Role.DIRECTOR)
    if Step.ISSUE_ANSWER_LETTER in access and state == drafting.DraftState.APPROVED:
        forms["issue"] = True
    return {
        "letter": letter,
        "requirements": [(item, letter.checklist.get(item.key)) for item in letter_selectors.letter_requirements(letter)],
        "dispositions": dispositions,
        "drafts": drafts,
        "latest": latest,
        "state": state,
        "forms": forms,
        "answer_letter": letter_selectors.answer_letter_for(case=case),
        # A letter is answered by drafts and an answer letter; an invitation by a meeting.
        "drafting": case.channel == Channel.SURAT,
    }
