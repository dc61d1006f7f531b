"""The role groupings of accounts/roles.py: how they relate, and that the navigation
offers the consultation queue to exactly the roles the queue view admits."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import resolve, reverse

from accounts import roles
from accounts.access import access_of
from accounts.context_processors import navigation
from accounts.models import Role as ReExportedRole
from accounts.roles import Role


def test_groupings_nest_as_the_spec_says():
    assert roles.CASEWORKER_ROLES <= roles.DIRECTORATE_ROLES
    assert roles.LEAD_ROLES <= roles.CASEWORKER_ROLES
    assert roles.TEAM_LEAD_ASSIGNABLE <= roles.CASEWORKER_ROLES
    assert roles.QUEUE_ROLES <= roles.INTERNAL_ROLES
    assert not roles.CASEWORKER_ROLES & roles.ALL_CASES_ROLES
    assert Role.COMPLAINT_HANDLER not in roles.CASE_ROLES
    assert roles.INTERNAL_ROLES == frozenset(Role) - {Role.APPLICANT}


def test_role_is_still_importable_from_the_models():
    assert ReExportedRole is Role


@pytest.mark.parametrize("role", list(Role))
def test_the_navigation_offers_the_queue_to_whom_the_queue_admits(role):
    request = RequestFactory().get("/")
    request.user = type("U", (), {"is_authenticated": True, "role": role.value})()
    queue_access = access_of(resolve(reverse("consultations:queue")).func)
    assert navigation(request)["has_queue"] == (role.value in queue_access.roles)
