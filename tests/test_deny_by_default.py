"""The access machinery itself: undeclared views are refused, declarations are enforced."""

import pytest
from allauth.account.models import EmailAddress
from django.core import checks

from accounts.access import roles

pytestmark = pytest.mark.django_db


def test_the_project_declares_every_view():
    errors = [e for e in checks.run_checks() if e.id == "accounts.E001"]
    assert errors == []


def test_system_check_reports_an_undeclared_view(settings):
    settings.ROOT_URLCONF = "tests.urls_undeclared"
    errors = [e for e in checks.run_checks() if e.id == "accounts.E001"]
    assert len(errors) == 1
    assert "forgotten/" in errors[0].msg


def test_middleware_refuses_an_undeclared_view_even_for_an_admin(settings, client, admin_user):
    settings.ROOT_URLCONF = "tests.urls_undeclared"
    client.force_login(admin_user)
    response = client.get("/forgotten/")
    assert response.status_code == 403
    assert b"should never be served" not in response.content


def test_roles_are_enforced(settings, client, director_pusat, staff):
    settings.ROOT_URLCONF = "tests.urls_undeclared"
    assert client.get("/open/").status_code == 200
    anonymous = client.get("/leads/")
    assert anonymous.status_code == 302 and "/akun/login/" in anonymous.headers["Location"]
    client.force_login(staff)
    assert client.get("/leads/").status_code == 403
    client.force_login(director_pusat)
    assert client.get("/leads/").status_code == 200


def test_verified_email_requirement(settings, client, applicant_a):
    settings.ROOT_URLCONF = "tests.urls_undeclared"
    client.force_login(applicant_a)
    assert client.get("/verified/").status_code == 200
    EmailAddress.objects.filter(user=applicant_a).update(verified=False)
    response = client.get("/verified/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/akun/email/")


def test_unknown_roles_are_a_programming_error():
    with pytest.raises(ValueError):
        roles("superhero")
    with pytest.raises(ValueError):
        roles()
