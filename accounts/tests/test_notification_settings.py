"""A director chooses per-case deadline e-mails or a daily digest, on their profile."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts import services

pytestmark = pytest.mark.django_db


def test_a_director_switches_to_the_daily_digest_and_back(login, director_pusat):
    client = login(director_pusat)
    assert reverse("accounts:notification_settings") in client.get(reverse("accounts:profile")).content.decode()
    response = client.post(reverse("accounts:notification_settings"), {"digest": "1"})
    assert response.status_code == 302
    director_pusat.refresh_from_db()
    assert director_pusat.notification_digest is True
    client.post(reverse("accounts:notification_settings"), {"digest": "0"})
    director_pusat.refresh_from_db()
    assert director_pusat.notification_digest is False


def test_a_bad_choice_is_refused(login, director_pusat):
    response = login(director_pusat).post(reverse("accounts:notification_settings"), {"digest": "2"})
    assert response.status_code == 200 and response.context["form"].errors
    director_pusat.refresh_from_db()
    assert director_pusat.notification_digest is False


def test_other_roles_have_no_such_choice(login, staff):
    assert reverse("accounts:notification_settings") not in login(staff).get(reverse("accounts:profile")).content.decode()
    assert login(staff).post(reverse("accounts:notification_settings"), {"digest": "1"}).status_code == 403
    with pytest.raises(ValueError):
        services.set_notification_digest(user=staff, digest=True)


def test_the_admin_can_set_it(director_pusat):
    services.admin_update_user(
        user=director_pusat,
        full_name=director_pusat.full_name,
        role=director_pusat.role,
        directorate=director_pusat.directorate,
        is_active=True,
        language="id",
        notification_digest=True,
    )
    director_pusat.refresh_from_db()
    assert director_pusat.notification_digest is True
