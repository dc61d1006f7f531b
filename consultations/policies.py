"""Who may see a case and take which step on it: pure predicates, no queries beyond
the objects' own fields.

:func:`case_scope` is the one rule of who may see which cases; ``selectors`` turns it
into a query (``visible_cases``) and :func:`can_view` applies it to one case in hand.
Services enforce the step predicates (raising ``NotAllowed``); views compute
:func:`case_access` once per request and show only the steps it allows. Whether the
*status* and the *channel* allow a step is ``channels.step_allowed``'s business;
``case_access`` combines both.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from accounts.roles import ALL_CASES_ROLES, CASEWORKER_ROLES, LEAD_ROLES, TEAM_LEAD_ASSIGNABLE, Role

from .channels import step_allowed
from .errors import NotAllowed
from .models import Consultation
from .workflow import Step


def _active(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def is_caseworker_of(user, consultation: Consultation) -> bool:
    return _active(user) and user.role in CASEWORKER_ROLES and user.directorate_id == consultation.directorate_id


def is_lead_of(user, consultation: Consultation) -> bool:
    return _active(user) and user.role in LEAD_ROLES and user.directorate_id == consultation.directorate_id


class Scope(Enum):
    """Which cases a user may know exist (anything else is a 404)."""

    NONE = "none"
    OWN = "own"  # the applicant's own cases
    DIRECTORATE = "directorate"  # every case routed to the user's directorate
    ALL = "all"  # every case of every directorate


def case_scope(user) -> Scope:
    """The one rule of who sees which cases.

    - applicant: their own cases;
    - director, team lead, staff: every case routed to their directorate (a re-routed
      case leaves the old directorate's view);
    - front desk and admin: all cases (they register and audit across directorates);
    - anybody else (complaint handlers, anonymous, inactive): none. Complaint handlers
      follow up complaints, not cases: they will read the one case a complaint names,
      through the complaints desk (docs/decisions/0003).
    """
    if not _active(user):
        return Scope.NONE
    if user.role == Role.APPLICANT:
        return Scope.OWN
    if user.role in CASEWORKER_ROLES:
        return Scope.DIRECTORATE
    if user.role in ALL_CASES_ROLES:
        return Scope.ALL
    return Scope.NONE


def can_view(user, consultation: Consultation) -> bool:
    """:func:`case_scope` applied to one case in hand."""
    scope = case_scope(user)
    if scope is Scope.OWN:
        return consultation.applicant_id is not None and consultation.applicant_id == user.pk
    if scope is Scope.DIRECTORATE:
        return consultation.directorate_id == user.directorate_id
    return scope is Scope.ALL


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


# --- the letter desk ----------------------------------------------------------------


def is_director_of(user, consultation: Consultation) -> bool:
    return is_lead_of(user, consultation) and user.role == Role.DIRECTOR


def can_check_letter(actor, consultation: Consultation) -> bool:
    """The Sekretariat Pelayanan registers letters and checks their requirements."""
    return _active(actor) and actor.role == Role.FRONT_DESK


def can_receive(actor, consultation: Consultation) -> bool:
    """Only the Director of the letter's directorate receives it (the clock's start)."""
    return is_director_of(actor, consultation)


def can_dispose(actor, consultation: Consultation) -> bool:
    """The Director disposes; a team lead disposes on the letter disposed to them."""
    if is_director_of(actor, consultation):
        return True
    return is_lead_of(actor, consultation) and consultation.assignee_id == actor.pk


def can_review_draft(actor, consultation: Consultation) -> bool:
    """Team leads review a draft; the Director approves it."""
    return is_lead_of(actor, consultation)


def can_issue_answer_letter(actor, consultation: Consultation) -> bool:
    return is_director_of(actor, consultation)


# --- the walk-in desk --------------------------------------------------------------


def can_hand_off(actor, consultation: Consultation) -> bool:
    """The secretariat hands a guest to the staff on duty; the staff member holding the
    guest may pass them to a colleague."""
    if _active(actor) and actor.role == Role.FRONT_DESK:
        return True
    return is_caseworker_of(actor, consultation) and consultation.assignee_id == actor.pk


def is_assignee(actor, consultation: Consultation) -> bool:
    return is_caseworker_of(actor, consultation) and consultation.assignee_id == actor.pk


# --- the online-meeting desk ----------------------------------------------------------


def can_link_account(actor, consultation: Consultation) -> bool:
    """A case filed without an account is linked to one by the front desk (which
    registers walk-ins and letters) or by those handling cases in its directorate."""
    if consultation.applicant_id is not None or not _active(actor):
        return False
    return actor.role == Role.FRONT_DESK or is_caseworker_of(actor, consultation)


def can_handle_meeting(actor, consultation: Consultation) -> bool:
    """The assignee coordinates and reports; the directorate's leads may step in."""
    return is_assignee(actor, consultation) or is_lead_of(actor, consultation)


# The step predicates, by step: what the user's role and relation to the case allow.
_PERMITS = {
    Step.CHECK_LETTER: can_check_letter,
    Step.RETURN_LETTER: can_check_letter,
    Step.RECEIVE: can_receive,
    Step.DISPOSE: can_dispose,
    Step.WRITE_DRAFT: can_answer,
    Step.REVIEW_DRAFT: can_review_draft,
    Step.ISSUE_ANSWER_LETTER: can_issue_answer_letter,
    Step.HAND_OFF: can_hand_off,
    Step.ACCEPT_GUEST: is_assignee,
    Step.NEED_MORE_TIME: is_assignee,
    Step.RECORD_ADVICE: is_assignee,
    Step.MESSAGE_PIC: can_handle_meeting,
    Step.CONFIRM_MEETING: can_handle_meeting,
    Step.RESCHEDULE_MEETING: can_handle_meeting,
    Step.CANCEL_MEETING: can_handle_meeting,
    Step.CLOSE_CANCELLED_MEETING: can_handle_meeting,
    Step.WRITE_REPORT: can_handle_meeting,
    Step.APPROVE_REPORT: is_lead_of,
    Step.ASSIGN: can_assign,
    Step.CLAIM: can_claim,
    Step.REROUTE: can_reroute,
    Step.ADD_INTERNAL_NOTE: can_add_note,
    Step.LINK_ACCOUNT: can_link_account,
    Step.POST_MESSAGE: can_post_message,
    Step.SEND_ANSWER: can_answer,
    Step.CORRECT_ANSWER: can_answer,
}


@dataclass(frozen=True)
class CaseAccess:
    """What one user may do on one case, computed once per request (:func:`case_access`).

    ``permitted``: the steps the user's role and relation to the case allow, whatever
    the status — a POST for a step outside it is a 403. ``actions``: those of them the
    case's channel and status allow now — the forms and buttons a page shows. A step
    permitted but not in ``actions`` means the case moved on meanwhile (the service
    says ``InvalidTransition``; the page reloads with a message).
    """

    permitted: frozenset[Step]
    actions: frozenset[Step]

    def __contains__(self, step: Step) -> bool:
        return step in self.actions

    def require(self, step: Step, message: str) -> None:
        if step not in self.permitted:
            raise NotAllowed(message)


def case_access(user, consultation: Consultation) -> CaseAccess:
    permitted = frozenset(step for step, allowed in _PERMITS.items() if allowed(user, consultation))
    return CaseAccess(
        permitted=permitted,
        actions=frozenset(
            step for step in permitted if step_allowed(step, consultation.status, channel=consultation.channel)
        ),
    )


def available_actions(user, consultation: Consultation) -> frozenset[Step]:
    """The steps ``user`` may take on ``consultation`` now (``case_access(...).actions``)."""
    return case_access(user, consultation).actions
