"""The four intake channels of the service standard: the registry.

Everything that differs between channels — the requirement checklist, the deadline rule,
the step that starts the clock and the one that stops it, the output, the steps a case
may take, the intake service and form — lives in one :class:`ChannelSpec` per channel,
one module each (``surat``, ``tatap_muka``, ``website``, ``daring``), collected in
:data:`CHANNELS`. Code asks the registry (``spec(channel).deadline``,
``check_step(step, status, channel=...)``) instead of comparing channel codes, so a
fifth channel is one package and one :func:`register` line (``consultations/tests/
test_toy_channel.py`` shows it). Each channel's package holds what is its own: its spec,
services, forms, views, templates, e-mails, URL patterns and staff case-page panel.

The public service-standard pages read requirements and deadlines from here too.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from types import MappingProxyType

from ..errors import InvalidTransition
from ..workflow import Status, Step
from ..workflow import check_step as check_status_step
from ..workflow import step_allowed as status_allows
from . import daring, surat, tatap_muka, website
from .base import Channel, ChannelSpec, ClockStart, ClockStop, DeadlineRule, OutputKind, Requirement

_REGISTRY: dict[str, ChannelSpec] = {}
# Read-only to everyone but :func:`register`.
CHANNELS: Mapping[str, ChannelSpec] = MappingProxyType(_REGISTRY)


def register(entry: ChannelSpec) -> ChannelSpec:
    """Put a channel on the registry (its package's ``SPEC``). A fifth channel is one
    package and one line below."""
    code = str(entry.code)
    if code in _REGISTRY and _REGISTRY[code] is not entry:
        raise ValueError(f"the channel {code!r} is registered already")
    _REGISTRY[code] = entry
    return entry


@contextmanager
def registered(entry: ChannelSpec) -> Iterator[ChannelSpec]:
    """A channel on the registry for the block only (tests of the registry itself)."""
    register(entry)
    try:
        yield entry
    finally:
        _REGISTRY.pop(str(entry.code), None)


# The four channels of the service standard, in its order.
for _package in (surat, tatap_muka, website, daring):
    register(_package.SPEC)

# A Channel member without an entry would fail only when a case of it arrives; fail now.
assert set(CHANNELS) == set(Channel), "every Channel needs exactly one ChannelSpec package"

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
    "register",
    "registered",
    "spec",
    "step_allowed",
]


def spec(channel: Channel | str) -> ChannelSpec:
    return CHANNELS[str(channel)]


def urlpatterns() -> list:
    """Every channel's URL patterns, in the registry's order (``consultations/urls.py``)."""
    return [pattern for entry in CHANNELS.values() for pattern in entry.urlpatterns()]


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
