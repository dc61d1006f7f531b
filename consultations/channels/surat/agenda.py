"""The agenda number ("nomor agenda") of an incoming letter or meeting invitation: given
at the Director's receipt, when the letter enters the directorate's agenda, numbered per
directorate and year (``0001/D.1/2026``) without gaps, drawn like case numbers
(``intake.allocate_case_number``): the counter row stays locked until the receiving
transaction commits."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Directorate
from consultations.models import AgendaCounter, IncomingLetter

__all__ = ["AGENDA_FIELDS", "agenda_label", "assign_agenda_number"]

# What ``assign_agenda_number`` sets (the caller's ``update_fields``).
AGENDA_FIELDS = ["agenda_number", "agenda_directorate", "agenda_year", "agenda_sequence"]


def agenda_label(*, sequence: int, directorate: Directorate, year: int) -> str:
    """As printed: ``0001/D.1/2026`` (the directorate's letter code, else its code)."""
    return f"{sequence:04d}/{directorate.letter_code or directorate.code}/{year}"


def assign_agenda_number(letter: IncomingLetter, *, directorate: Directorate, now: datetime) -> None:
    """Give ``letter`` (locked by the caller) the next agenda number of ``directorate``'s
    year in WIB; the caller saves the ``agenda_*`` fields. Inside the transaction only."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("assign_agenda_number must run inside the receiving transaction")
    year = timezone.localtime(now).year
    try:
        # A savepoint: losing the race to create the year's row must not break the caller.
        with transaction.atomic():
            AgendaCounter.objects.get_or_create(directorate=directorate, year=year)
    except IntegrityError:
        pass  # created by a concurrent receipt meanwhile; locked below
    counter = AgendaCounter.objects.select_for_update().get(directorate=directorate, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    letter.agenda_directorate, letter.agenda_year, letter.agenda_sequence = directorate, year, counter.last_number
    letter.agenda_number = agenda_label(sequence=counter.last_number, directorate=directorate, year=year)
