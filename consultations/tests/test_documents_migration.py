"""Migration 0019: letters the Director received before it get their agenda numbers, per
directorate and year in the order of their receipt, and the counters go on from there.
The real migration runs back and forward on the suite's database."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from consultations.channels.surat import services as letters
from consultations.models import IncomingLetter
from core.time import WIB

from .test_letters import on_desk

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("consultations", "0018_form_submission_moves_to_core")]


def test_letters_received_before_the_migration_are_numbered_in_receipt_order(
    holidays, front_desk, director_pusat, director_daerah
):
    with time_machine.travel(datetime(2026, 11, 2, 9, 0, tzinfo=WIB), tick=False) as clock:
        later = on_desk(front_desk)
        earlier = on_desk(front_desk)
        daerah = on_desk(front_desk, addressee="direktur_daerah")
        waiting = on_desk(front_desk)
        letters.receive_letter(consultation=earlier, actor=director_pusat)
        clock.shift(60)
        letters.receive_letter(consultation=daerah, actor=director_daerah)
        clock.shift(60)
        letters.receive_letter(consultation=later, actor=director_pusat)
    leaf = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        MigrationExecutor(connection).migrate(BEFORE)
    finally:
        MigrationExecutor(connection).migrate(leaf)
    numbers = dict(IncomingLetter.objects.values_list("consultation_id", "agenda_number"))
    assert (numbers[earlier.pk], numbers[later.pk], numbers[daerah.pk], numbers[waiting.pk]) == (
        "0001/D.1/2026", "0002/D.1/2026", "0001/D.2/2026", ""
    )
    with time_machine.travel(datetime(2026, 11, 3, 9, 0, tzinfo=WIB), tick=False):
        letters.receive_letter(consultation=waiting, actor=director_pusat)
    assert IncomingLetter.objects.get(consultation=waiting).agenda_number == "0003/D.1/2026"
