"""Calendar invitations of online meetings (RFC 5545, built with ``icalendar``): one
VEVENT per meeting with a stable UID, times in TZID Asia/Jakarta, the link and the case
number; every change raises SEQUENCE (METHOD:REQUEST), a cancellation is METHOD:CANCEL.
Mail clients replace the earlier invitation by UID and SEQUENCE."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

JAKARTA = ZoneInfo("Asia/Jakarta")
PRODID = "-//LKPP//E-Advokasi//ID"


def invitation(
    *,
    uid: str,
    sequence: int,
    starts_at: datetime,
    ends_at: datetime,
    summary: str,
    description: str,
    link: str,
    organizer_email: str,
    organizer_name: str,
    attendees: list[tuple[str, str]],
    cancelled: bool = False,
    now: datetime | None = None,
) -> bytes:
    """The ``.ics`` of one meeting, as its attendees' calendars should hold it now."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", (now or timezone.now()).astimezone(ZoneInfo("UTC")))
    event.add("dtstart", starts_at.astimezone(JAKARTA))
    event.add("dtend", ends_at.astimezone(JAKARTA))
    event.add("summary", summary)
    event.add("description", description)
    event.add("location", link)
    event.add("url", link)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{organizer_email}")
    organizer.params["cn"] = vText(organizer_name)
    event["organizer"] = organizer
    for email, name in attendees:
        attendee = vCalAddress(f"mailto:{email}")
        attendee.params["cn"] = vText(name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
