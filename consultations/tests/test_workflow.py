"""The status table: what may follow what."""

import pytest

from consultations.errors import InvalidTransition
from consultations.workflow import (
    ALLOWED_TRANSITIONS,
    INITIAL_STATUSES,
    STEPS,
    Status,
    Step,
    check_step,
    check_transition,
    step_allowed,
)


def test_the_derived_transition_table():
    assert ALLOWED_TRANSITIONS == {
        None: {Status.REGISTERED, Status.SUBMITTED},
        # a letter is received (the clock starts) or returned as incomplete (it never does)
        Status.REGISTERED: {Status.SUBMITTED, Status.RETURNED},
        Status.SUBMITTED: {Status.SUBMITTED, Status.ASSIGNED, Status.DELIVERED},
        # an online meeting cancelled for a new schedule goes back to the desk, or is
        # closed as cancelled (from its confirmation, or from the desk after a cancellation)
        Status.ASSIGNED: {Status.SUBMITTED, Status.ASSIGNED, Status.DELIVERED, Status.CANCELLED},
        Status.DELIVERED: {Status.ASSIGNED, Status.CANCELLED},
        Status.RETURNED: set(),
        Status.CANCELLED: set(),
    }
    assert INITIAL_STATUSES == {Status.REGISTERED, Status.SUBMITTED}


@pytest.mark.parametrize(
    "step, current, expected",
    [
        (Step.SUBMIT, None, Status.SUBMITTED),
        (Step.REGISTER, None, Status.REGISTERED),
        (Step.RECEIVE, Status.REGISTERED, Status.SUBMITTED),
        (Step.CHECK_LETTER, Status.REGISTERED, Status.REGISTERED),
        (Step.RETURN_LETTER, Status.REGISTERED, Status.RETURNED),
        (Step.DISPOSE, Status.SUBMITTED, Status.ASSIGNED),
        (Step.DISPOSE, Status.ASSIGNED, Status.ASSIGNED),
        (Step.WRITE_DRAFT, Status.ASSIGNED, Status.ASSIGNED),
        (Step.ASSIGN, Status.SUBMITTED, Status.ASSIGNED),
        (Step.ASSIGN, Status.ASSIGNED, Status.ASSIGNED),
        (Step.CLAIM, Status.SUBMITTED, Status.ASSIGNED),
        (Step.REROUTE, Status.ASSIGNED, Status.SUBMITTED),
        (Step.SEND_ANSWER, Status.SUBMITTED, Status.DELIVERED),
        (Step.SEND_ANSWER, Status.ASSIGNED, Status.DELIVERED),
        (Step.CORRECT_ANSWER, Status.DELIVERED, Status.DELIVERED),
        (Step.POST_MESSAGE, Status.DELIVERED, Status.DELIVERED),
        (Step.ADD_INTERNAL_NOTE, Status.REGISTERED, Status.REGISTERED),
        (Step.CANCEL_MEETING, Status.DELIVERED, Status.ASSIGNED),
        (Step.CLOSE_CANCELLED_MEETING, Status.DELIVERED, Status.CANCELLED),
        (Step.CLOSE_CANCELLED_MEETING, Status.ASSIGNED, Status.CANCELLED),
        (Step.ADD_INTERNAL_NOTE, Status.CANCELLED, Status.CANCELLED),
    ],
)
def test_allowed_steps(step, current, expected):
    assert check_step(step, current) == expected


@pytest.mark.parametrize(
    "step, current",
    [
        (Step.SUBMIT, Status.SUBMITTED),
        (Step.CLAIM, Status.ASSIGNED),
        (Step.ASSIGN, Status.DELIVERED),
        (Step.ASSIGN, Status.REGISTERED),
        (Step.REROUTE, Status.DELIVERED),
        (Step.REROUTE, Status.REGISTERED),
        (Step.SEND_ANSWER, Status.DELIVERED),
        (Step.SEND_ANSWER, Status.REGISTERED),
        (Step.CORRECT_ANSWER, Status.ASSIGNED),
        (Step.POST_MESSAGE, Status.REGISTERED),
        (Step.RECEIVE, Status.SUBMITTED),
        (Step.CANCEL_MEETING, Status.ASSIGNED),
        (Step.CLOSE_CANCELLED_MEETING, Status.SUBMITTED),
        (Step.CONFIRM_MEETING, Status.CANCELLED),
        (Step.MESSAGE_PIC, Status.CANCELLED),
        (Step.WRITE_REPORT, Status.CANCELLED),
    ],
)
def test_refused_steps(step, current):
    assert not step_allowed(step, current)
    with pytest.raises(InvalidTransition) as caught:
        check_step(step, current)
    assert caught.value.current == str(current)


def test_check_transition_by_status():
    assert check_transition(Status.SUBMITTED, Status.ASSIGNED) == Status.ASSIGNED
    with pytest.raises(InvalidTransition):
        check_transition(Status.DELIVERED, Status.SUBMITTED)
    with pytest.raises(InvalidTransition):
        check_transition(Status.CANCELLED, Status.ASSIGNED)
    with pytest.raises(ValueError):
        check_transition("bogus", Status.ASSIGNED)


def test_every_step_has_a_rule():
    assert set(STEPS) == set(Step)
