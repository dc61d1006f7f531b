"""A toy fifth channel, for ``test_toy_channel.py``: everything a channel is, in one
package — its spec (this module), its intake service, its view and URL, its staff case
page panel and template — and one registry line (``channels.register(SPEC)``).

A question sent by "pigeon post", answered in 3 working days."""

from __future__ import annotations

from consultations.channels import ChannelSpec, ClockStart, ClockStop, DeadlineRule, OutputKind
from consultations.workflow import Step

SPEC = ChannelSpec(
    code="merpati",
    requirements=(),
    deadline=DeadlineRule("Maksimal 3 (tiga) hari kerja.", working_days=3),
    clock_start=ClockStart.SUBMITTED,
    clock_stop=ClockStop.ANSWER_SENT,
    clock_start_step=Step.SUBMIT,
    clock_stop_step=Step.SEND_ANSWER,
    output=OutputKind.WRITTEN_ANSWER,
    steps=frozenset({Step.SUBMIT, Step.SEND_ANSWER, Step.ADD_INTERNAL_NOTE}),
    delivered_label="Sudah dijawab lewat merpati",
    intake="consultations.tests.toy_channel.services.send_by_pigeon",
    package=__name__,
)
