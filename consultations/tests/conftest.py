"""Fixtures of the consultation tests: calendar, uploads, frozen time, ready-made cases."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine

from accounts.models import InstitutionType, Role
from accounts.tests.factories import InternalUserFactory, directorate
from core.time import WIB

from .factories import set_institution_type, submit

# The SPEC.md example: a clock started on Thursday 27 March 2025 ...
SPEC_START = datetime(2025, 3, 27, 10, 0, tzinfo=WIB)
# ... with 10 working days is due at the end of Tuesday 22 April 2025.
SPEC_DUE = datetime(2025, 4, 22, 23, 59, 59, tzinfo=WIB)


@pytest.fixture(autouse=True)
def _uploads(tmp_uploads):
    return tmp_uploads


@pytest.fixture
def spec_day():
    with time_machine.travel(SPEC_START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def kl_applicant(applicant_a):
    """Applicant A works for a ministry (K/L): her questions go to pusat."""
    return set_institution_type(applicant_a, InstitutionType.KL)


@pytest.fixture
def case(kl_applicant, spec_day, holidays, django_capture_on_commit_callbacks):
    """A website case of applicant A, submitted on the SPEC.md day, routed to pusat."""
    with django_capture_on_commit_callbacks(execute=True):
        return submit(kl_applicant)


@pytest.fixture
def lead(db):
    """A team lead of pusat (the online-meeting desk's reviewer)."""
    return InternalUserFactory(email="ketua.p@lkpp.go.id", full_name="Kurnia Ketua", role=Role.TEAM_LEAD,
                               directorate=directorate("pusat"))


@pytest.fixture
def member(db):
    """A staff member of pusat, to whom meetings are disposed."""
    return InternalUserFactory(email="staf.p@lkpp.go.id", full_name="Putri Pegawai", role=Role.STAFF,
                               directorate=directorate("pusat"))


@pytest.fixture
def category_pk(db):
    from consultations.models import Category

    return str(Category.objects.get(code="perencanaan").pk)
