"""Reads for the public pages: everything a page needs, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from accounts.models import Directorate

from .models import ChannelStandard, ServiceStandard


@dataclass(frozen=True)
class StandardContent:
    standard: ServiceStandard
    channels: list[ChannelStandard]
    # Complaint phone extensions live with the directorates, not in the page content.
    directorates: list[Directorate]


def service_standard_content() -> StandardContent:
    """The standard, its channels in display order and the directorates: three queries."""
    standard = ServiceStandard.objects.first()
    if standard is None:
        # The data migration creates the row and the admin cannot delete it.
        raise Http404("The service standard has not been loaded.")
    return StandardContent(
        standard=standard,
        channels=list(ChannelStandard.objects.order_by("sort_order", "id")),
        directorates=list(Directorate.objects.order_by("id")),
    )
