"""Fixtures of the complaints desk's tests: the real calendar, uploads in a temporary
folder, a handler for each directorate, and a frozen Monday."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine

from accounts.models import Role
from accounts.tests.factories import InternalUserFactory, directorate
from core.time import WIB

# Monday 3 November 2025, 10:00 WIB: a week without holidays ...
MONDAY = datetime(2025, 11, 3, 10, 0, tzinfo=WIB)
# ... so 5 working days later is the end of Monday 10 November.
MONDAY_DUE = datetime(2025, 11, 10, 23, 59, 59, tzinfo=WIB)


@pytest.fixture(autouse=True)
def _uploads(tmp_uploads):
    return tmp_uploads


@pytest.fixture
def monday(holidays):
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def handler_daerah(db):
    return InternalUserFactory(email="pengaduan.daerah@lkpp.go.id", role=Role.COMPLAINT_HANDLER,
                               directorate=directorate("daerah"))


@pytest.fixture
def pusat():
    return directorate("pusat")

