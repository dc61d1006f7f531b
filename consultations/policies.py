"""Who may take which step on a consultation: pure predicates, no queries beyond the
objects' own fields.

Services enforce them (raising ``NotAllowed``); views use them to show only the buttons
that will work (:func:`available_actions`). Whether the *status* allows the step is
``workflow.py``'s business; ``available_actions`` combines both.
"""

from __future__ import annotations

from accounts.roles import ALL_CASES_ROLES, CASEWORKER_ROLES, LEAD_ROLES, TEAM_LEAD_ASSIGNABLE, Role

from .models import Consultation
from .workflow import Step, step_allowed


def _active(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def is_caseworker_of(user, consultation: Consultation) -> bool:
    return _active(user) and user.role in CASEWORKER_ROLES and user.directorate_id == consultation.directorate_id


def is_lead_of(user, consultation: Consultation) -> bool:
    return _active(user) and user.role in LEAD_ROLES and user.directorate_id == consultation.directorate_id


def can_view(user, consultation: Consultation) -> bool:
    """Same rule as ``Consultation.objects.visible_to(user)``, for one object in hand."""
    if not _active(user):
        return False
    if user.role == Role.APPLICANT:
        return consultation.applicant_id == user.pk
    if user.role in ALL_CASES_ROLES:
        return True
    return is_caseworker_of(user, consultation)


def can_assign(actor, consultation: Consultation, assignee=None) -> bool:
    """Directors assign anyone of their directorate who handles cases; team leads assign
    team leads and staff of it. With ``assignee=None``: may the actor assign at all."""
    if not is_lead_of(actor, consultation):
        return False
    if assignee is None:
        return True
    if not is_caseworker_of(assignee, consultation):
        return False
    return actor.role == Role.DIRECTOR or assignee.role in TEAM_LEAD_ASSIGNABLE


def can_claim(actor, consultation: Consultation) -> bool:
    return is_caseworker_of(actor, consultation) and consultation.assignee_id is None


def can_reroute(actor, consultation: Consultation) -> bool:
    """Anyone handling cases in the case's directorate (SPEC: "staff can re-route")."""
    return is_caseworker_of(actor, consultation)


def can_add_note(actor, consultation: Consultation) -> bool:
    return _active(actor) and actor.role != Role.APPLICANT and can_view(actor, consultation)


def can_post_message(author, consultation: Consultation) -> bool:
    """The applicant of the case, or the staff handling cases in its directorate."""
    if not _active(author):
        return False
    if author.role == Role.APPLICANT:
        return consultation.applicant_id == author.pk
    return is_caseworker_of(author, consultation)


def can_answer(author, consultation: Consultation) -> bool:
    """The assignee, or a director or team lead of the case's directorate."""
    if not _active(author):
        return False
    if consultation.assignee_id is not None and consultation.assignee_id == author.pk:
        return is_caseworker_of(author, consultation)
    return is_lead_of(author, consultation)


def available_actions(user, consultation: Consultation) -> frozenset[Step]:
    """The steps (named like the service functions) ``user`` may take on ``consultation``
    now: allowed by its status and by the user's role."""
    checks = {
        Step.ASSIGN: can_assign,
        Step.CLAIM: can_claim,
        Step.REROUTE: can_reroute,
        Step.ADD_INTERNAL_NOTE: can_add_note,
        Step.POST_MESSAGE: can_post_message,
        Step.SEND_ANSWER: can_answer,
        Step.CORRECT_ANSWER: can_answer,
    }
    return frozenset(
        step for step, allowed in checks.items()
        if step_allowed(step, consultation.status) and allowed(user, consultation)
    )
