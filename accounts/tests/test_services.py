from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.sites.models import Site
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts import services
from accounts.models import Directorate, Role, User

pytestmark = pytest.mark.django_db


def test_internal_user_gets_a_verified_address():
    user = services.create_internal_user(
        email="Ketua.Daerah@LKPP.go.id", full_name="Rudi Hartono", role=Role.TEAM_LEAD,
        directorate=Directorate.objects.get(code="daerah"), password="Ketua-Tim-Daerah-2025",
    )
    assert user.email == "ketua.daerah@lkpp.go.id"
    assert EmailAddress.objects.get(user=user).verified


def test_internal_user_rules():
    with pytest.raises(ValueError):
        services.create_internal_user(email="a@lkpp.go.id", full_name="A", role=Role.APPLICANT)
    with pytest.raises(ValidationError) as missing:
        services.create_internal_user(email="b@lkpp.go.id", full_name="B", role=Role.DIRECTOR)
    assert "directorate" in missing.value.message_dict
    with pytest.raises(ValidationError):
        services.create_internal_user(
            email="c@lkpp.go.id", full_name="C", role=Role.FRONT_DESK,
            directorate=Directorate.objects.get(code="pusat"),
        )
    assert not User.objects.exists()


def test_the_database_refuses_a_director_without_directorate(staff):
    staff.role = Role.DIRECTOR
    staff.directorate = None
    with pytest.raises(IntegrityError), transaction.atomic():
        staff.save()


def test_signup_service_turns_any_user_into_an_applicant():
    user = User(email="x@contoh.go.id", role=Role.ADMIN, is_superuser=True)
    user.set_password("Apa-Saja-Panjang-2025")
    profile = services.complete_applicant_signup(
        user=user, full_name="X", phone="081234567890", institution_name="CV Maju",
        institution_type="penyedia", language="en",
    )
    user.refresh_from_db()
    assert (user.role, user.is_superuser, user.language) == (Role.APPLICANT, False, "en")
    assert profile.user == user and profile.institution_type == "penyedia"


def test_admin_update_keeps_applicants_and_staff_apart(applicant_a, staff):
    with pytest.raises(ValueError):
        services.admin_update_user(
            user=applicant_a, full_name="A", role=Role.STAFF,
            directorate=Directorate.objects.get(code="pusat"), is_active=True, language="id",
        )
    with pytest.raises(ValueError):
        services.admin_update_user(
            user=staff, full_name="S", role=Role.APPLICANT, directorate=None, is_active=True, language="id",
        )
    services.admin_update_user(
        user=applicant_a, full_name="Ayu", role=Role.APPLICANT, directorate=None, is_active=False, language="en",
    )
    applicant_a.refresh_from_db()
    assert (applicant_a.is_active, applicant_a.language) == (False, "en")


def test_site_is_named_after_the_service():
    site = Site.objects.get(pk=1)
    assert site.name == "E-Advokasi LKPP"
    assert site.domain == urlsplit(settings.SITE_URL).netloc
