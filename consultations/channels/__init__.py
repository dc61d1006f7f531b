"""The four intake channels of the service standard: the registry.

Everything that differs between channels — the requirement checklist, the deadline rule,
the step that starts the clock and the one that stops it, the output, the steps a case
may take, the intake service and form — lives in one :class:`ChannelSpec` per channel,
one module each (``surat``, ``tatap_muka``, ``website``, ``daring``), collected in
:data:`CHANNELS`. Code asks the registry (``spec(channel).deadline``,
``check_step(step, status, channel=...)``) instead of comparing channel codes, so a
fifth channel is one ``Channel`` member, one module and one line in ``_MODULES``.

The public service-standard pages read requirements and deadlines from here too.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType

from ..errors import InvalidTransition
from ..workflow import Status, Step
from ..workflow import check_step as check_status_step
from ..workflow import step_allowed as status_allows
from . import daring, surat, tatap_muka, website
from .base import Channel, ChannelSpec, ClockStart, ClockStop, DeadlineRule, OutputKind, Requirement

# In the standard's order.
_MODULES = (surat, tatap_muka, website, daring)

CHANNELS: Mapping[Channel, ChannelSpec] = MappingProxyType({module.SPEC.code: module.SPEC for module in _MODULES})

# A Channel member without an entry would fail only when a case of it arrives; fail now.
assert set(CHANNELS) == set(Channel), "every Channel needs exactly one ChannelSpec module"
assert len(_MODULES) == len(CHANNELS), "two channel modules claim the same code"

__all__ = [
    "CHANNELS",
    "Channel",
    "ChannelSpec",
    "ClockStart",
    "ClockStop",
    "DeadlineRule",
    "OutputKind",
    "Requirement",
    "check_step",
    "compute_due_at",
    "spec",
    "step_allowed",
]


def spec(channel: Channel | str) -> ChannelSpec:
    return CHANNELS[Channel(channel)]


def compute_due_at(channel: Channel | str, clock_started_at: datetime) -> datetime:
    """When a case of ``channel`` whose clock started at ``clock_started_at`` is due.

    Working-day rules end at 23:59:59 WIB of the Nth working day (``workdays.deadlines``);
    hourly rules are exact.
    """
    return spec(channel).deadline.due_at(clock_started_at)


def step_allowed(step: Step, current: str | None, *, channel: Channel | str) -> bool:
    """May a case of ``channel`` in status ``current`` take ``step``: the channel has
    the step, and the status table allows it from ``current``."""
    return step in spec(channel).steps and status_allows(step, current)


def check_step(step: Step, current: str | None, *, channel: Channel | str) -> Status:
    """The status after ``step``, or InvalidTransition when the channel does not have
    the step or the status does not allow it."""
    if step not in spec(channel).steps:
        raise InvalidTransition(str(current), None, action=f"{step} ({channel})")
    return check_status_step(step, current)
