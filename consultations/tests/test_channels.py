"""The channel registry: four channels as data, each with its SPEC.md rules."""

from dataclasses import FrozenInstanceError, replace
from datetime import datetime, timedelta

import pytest
from django.utils.module_loading import import_string

from consultations.channels import (
    CHANNELS,
    Channel,
    ClockStart,
    ClockStop,
    DeadlineRule,
    OutputKind,
    check_step,
    compute_due_at,
    spec,
    step_allowed,
)
from consultations.channels.website.forms import ConsultationForm
from consultations.channels.website.services import submit_website_consultation
from consultations.errors import InvalidTransition
from consultations.workflow import Status, Step
from consultations.workflow import check_step as check_status_step

from .conftest import SPEC_DUE, SPEC_START, WIB


def test_every_channel_has_exactly_one_entry_with_the_public_codes():
    assert set(CHANNELS) == set(Channel)
    assert sorted(Channel.values) == ["daring", "surat", "tatap_muka", "website"]


@pytest.mark.parametrize(
    "channel, working_days, hours, clock_start, clock_stop, output",
    [
        (Channel.SURAT, 15, None, ClockStart.DIRECTOR_RECEIVED, ClockStop.ANSWER_LETTER_ISSUED, OutputKind.ANSWER_LETTER),
        (Channel.TATAP_MUKA, None, 1, ClockStart.FRONT_DESK_REGISTERED, ClockStop.ADVICE_RECORDED, OutputKind.VERBAL_ADVICE),
        (Channel.WEBSITE, 10, None, ClockStart.SUBMITTED, ClockStop.ANSWER_SENT, OutputKind.WRITTEN_ANSWER),
        (Channel.DARING, 2, None, ClockStart.DIRECTOR_RECEIVED, ClockStop.MEETING_CONFIRMED, OutputKind.MEETING_REPORT),
    ],
)
def test_rules_per_channel_follow_the_standard(channel, working_days, hours, clock_start, clock_stop, output):
    entry = spec(channel)
    assert entry.code == channel
    assert entry.deadline.working_days == working_days
    assert entry.deadline.hours == hours
    assert entry.clock_start == clock_start
    assert entry.clock_stop == clock_stop
    assert entry.output == output
    assert entry.name == channel.label


def test_requirement_checklists():
    keys = {code: [item.key for item in entry.requirements] for code, entry in CHANNELS.items()}
    assert keys == {
        Channel.SURAT: ["signed", "letterhead", "stamped_or_esigned"],
        Channel.TATAP_MUKA: ["email", "identity_document", "phone", "form"],
        Channel.WEBSITE: ["account"],
        Channel.DARING: ["signed", "letterhead"],
    }
    letterhead = spec(Channel.SURAT).requirements[1]
    assert letterhead.institutions_only and "kop surat" in str(letterhead.label)
    assert "KTP" in str(spec(Channel.TATAP_MUKA).requirements[1].label)


def test_entries_are_frozen():
    with pytest.raises(FrozenInstanceError):
        spec(Channel.WEBSITE).deadline = DeadlineRule("x", working_days=1)


def test_a_rule_counts_days_or_hours_not_both():
    with pytest.raises(ValueError):
        DeadlineRule("x", working_days=1, hours=1)
    with pytest.raises(ValueError):
        DeadlineRule("x")


def test_walk_in_is_due_one_hour_after_registration_whatever_the_calendar():
    # A Saturday night in the middle of the Idul Fitri holidays: still one hour.
    start = datetime(2025, 3, 29, 23, 30, tzinfo=WIB)
    assert compute_due_at(Channel.TATAP_MUKA, start) == start + timedelta(hours=1)


def test_naive_clock_starts_are_refused():
    with pytest.raises(ValueError):
        compute_due_at(Channel.TATAP_MUKA, datetime(2025, 3, 27, 10, 0))  # noqa: DTZ001 - naive on purpose


def test_website_deadline_is_the_spec_example(holidays):
    assert compute_due_at(Channel.WEBSITE, SPEC_START) == SPEC_DUE


def test_letter_and_online_meeting_count_their_working_days(holidays):
    # Monday 5 May 2025 (no holiday until Monday 12 May, Waisak; 13 May is cuti bersama).
    start = datetime(2025, 5, 5, 9, 0, tzinfo=WIB)
    assert compute_due_at(Channel.DARING, start) == datetime(2025, 5, 7, 23, 59, 59, tzinfo=WIB)
    # 15 working days: 6-9 May (4), 14-16 (3), 19-23 (5), 26-28 (3) -> Wednesday 28 May;
    # 29 May is Ascension Day, 30 May cuti bersama.
    assert compute_due_at(Channel.SURAT, start) == datetime(2025, 5, 28, 23, 59, 59, tzinfo=WIB)


# --- channels as behaviour: the steps, the clock's steps, the intake --------------------


@pytest.mark.parametrize(
    "channel, starts, stops, delivered",
    [
        (Channel.SURAT, Step.RECEIVE, Step.ISSUE_ANSWER_LETTER, "Surat jawaban diterbitkan"),
        (Channel.TATAP_MUKA, Step.REGISTER_VISIT, Step.RECORD_ADVICE, "Saran telah dicatat"),
        (Channel.WEBSITE, Step.SUBMIT, Step.SEND_ANSWER, "Sudah dijawab"),
        (Channel.DARING, Step.RECEIVE, Step.CONFIRM_MEETING, "Jadwal pertemuan dikonfirmasi"),
    ],
)
def test_each_channel_names_the_steps_of_its_clock_and_its_word_for_delivered(channel, starts, stops, delivered):
    entry = spec(channel)
    assert (entry.clock_start_step, entry.clock_stop_step) == (starts, stops)
    assert {starts, stops} <= entry.steps
    # The clock-stop step is an output step: it leads to DELIVERED.
    assert check_status_step(stops, Status.ASSIGNED) == Status.DELIVERED
    assert entry.status_label(Status.DELIVERED) == delivered
    assert entry.status_label(Status.ASSIGNED) == "Sedang ditangani"


def test_a_step_the_channel_does_not_have_is_refused_whatever_the_status_allows():
    # The status table allows an answer from "assigned"; a letter is answered by letter.
    assert check_status_step(Step.SEND_ANSWER, Status.ASSIGNED) == Status.DELIVERED
    with pytest.raises(InvalidTransition):
        check_step(Step.SEND_ANSWER, Status.ASSIGNED, channel=Channel.SURAT)
    assert not step_allowed(Step.SEND_ANSWER, Status.ASSIGNED, channel=Channel.SURAT)
    assert step_allowed(Step.SEND_ANSWER, Status.ASSIGNED, channel=Channel.WEBSITE)
    assert check_step(Step.SEND_ANSWER, Status.ASSIGNED, channel=Channel.WEBSITE) == Status.DELIVERED


def test_a_spec_whose_clock_steps_it_does_not_allow_is_refused_when_the_module_loads():
    with pytest.raises(ValueError, match="not among its steps"):
        replace(spec(Channel.WEBSITE), steps=frozenset({Step.SUBMIT}))


def test_the_intake_paths_name_the_service_and_form_that_exist():
    entry = spec(Channel.WEBSITE)
    assert import_string(entry.intake) is submit_website_consultation
    assert import_string(entry.intake_form) is ConsultationForm
    # Channels whose intake is not built yet say so, rather than naming a stub.
    letters = spec(Channel.SURAT)
    assert import_string(letters.intake).__name__ == "upload_letter"
    assert import_string(letters.intake_form).__name__ == "LetterUploadForm"
    walk_ins = spec(Channel.TATAP_MUKA)
    assert import_string(walk_ins.intake).__name__ == "register_visit"
    assert import_string(walk_ins.intake_form).__name__ == "VisitRegistrationForm"
    assert [code for code, e in CHANNELS.items() if e.intake is None] == [
        Channel.DARING,
    ]


def test_a_delivered_case_reads_in_its_channel_words(db):
    from .factories import ConsultationFactory

    case = ConsultationFactory.build(status=Status.DELIVERED)
    assert case.status_label == "Sudah dijawab"
    case.channel = Channel.DARING
    assert case.status_label == "Jadwal pertemuan dikonfirmasi"
