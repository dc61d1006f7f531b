"""Reads for the public pages: everything a page needs, in a fixed number of queries.

A channel on the page is two things put together here: the admin's prose about it
(``ChannelStandard``: name, summary, procedure, output) and its rules from the channel
registry (requirements and deadline), which is in memory and costs no query. The
registry's labels are lazy translations, so they render in the visitor's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.utils.functional import Promise

from accounts.models import Directorate
from consultations.channels import CHANNELS, Channel, spec

from .models import ChannelStandard, ServiceStandard


@dataclass(frozen=True)
class ChannelContent:
    """One intake channel as the public pages show it."""

    prose: ChannelStandard
    # The registry's wording; institutions-only items already say so ("Bagi badan hukum/instansi: ...").
    requirements: tuple[Promise | str, ...]
    deadline: Promise | str

    @property
    def code(self) -> str:
        return self.prose.code


@dataclass(frozen=True)
class StandardContent:
    standard: ServiceStandard
    channels: list[ChannelContent]
    # Complaint phone extensions live with the directorates, not in the page content.
    directorates: list[Directorate]


def channel_content(prose: ChannelStandard) -> ChannelContent:
    """``prose`` with its channel's rules from the registry; no query."""
    rules = spec(prose.code)
    return ChannelContent(
        prose=prose,
        requirements=tuple(item.label for item in rules.requirements),
        deadline=rules.deadline.label,
    )


def service_standard_content() -> StandardContent:
    """The standard, its channels in display order and the directorates: three queries.

    Only channels the registry knows are shown: a row without rules would promise a
    service the system cannot take.
    """
    standard = ServiceStandard.objects.first()
    if standard is None:
        # The data migration creates the row and the admin cannot delete it.
        raise Http404("The service standard has not been loaded.")
    known = {Channel(code).value for code in CHANNELS}
    rows = ChannelStandard.objects.filter(code__in=known).order_by("sort_order", "id")
    return StandardContent(
        standard=standard,
        channels=[channel_content(row) for row in rows],
        directorates=list(Directorate.objects.order_by("id")),
    )
