"""The admin edits the wording but cannot add, duplicate or delete the fixed rows."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from pages.models import ChannelStandard, ServiceStandard

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(admin_user) -> Client:
    client = Client()
    client.force_login(admin_user, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


def _form_data(obj, exclude=("id", "updated_at")) -> dict:
    return {k: v for k, v in model_to_dict(obj).items() if k not in exclude}


def test_admin_lists_and_opens_the_content(admin_client):
    standard = ServiceStandard.objects.get()
    channel = ChannelStandard.objects.get(code="daring")
    for url in (
        reverse("admin:pages_servicestandard_changelist"),
        reverse("admin:pages_servicestandard_change", args=[standard.pk]),
        reverse("admin:pages_channelstandard_changelist"),
        reverse("admin:pages_channelstandard_change", args=[channel.pk]),
    ):
        assert admin_client.get(url).status_code == 200, url


def test_admin_cannot_add_a_second_service_standard(admin_client):
    url = reverse("admin:pages_servicestandard_add")
    assert admin_client.get(url).status_code == 403
    data = _form_data(ServiceStandard.objects.get()) | {"service_name": "Standar kedua"}
    assert admin_client.post(url, data).status_code == 403
    assert ServiceStandard.objects.count() == 1
    assert ServiceStandard.objects.get().service_name != "Standar kedua"


def test_admin_cannot_delete_the_standard_or_a_channel(admin_client):
    standard = ServiceStandard.objects.get()
    channel = ChannelStandard.objects.get(code="surat")
    assert admin_client.post(reverse("admin:pages_servicestandard_delete", args=[standard.pk]), {"post": "yes"}).status_code == 403
    assert admin_client.post(reverse("admin:pages_channelstandard_delete", args=[channel.pk]), {"post": "yes"}).status_code == 403
    changelist = admin_client.get(reverse("admin:pages_channelstandard_changelist"))
    assert "delete_selected" not in changelist.content.decode()
    assert ServiceStandard.objects.count() == 1
    assert ChannelStandard.objects.count() == 4


def test_admin_cannot_add_a_channel(admin_client):
    assert admin_client.get(reverse("admin:pages_channelstandard_add")).status_code == 403


def test_admin_edits_the_english_text_and_the_page_follows(admin_client):
    channel = ChannelStandard.objects.get(code="website")
    data = _form_data(channel) | {"output_en": "A written answer in the portal, also sent by e-mail"}
    data.pop("code")  # read-only: the rest of the system keys on it
    response = admin_client.post(reverse("admin:pages_channelstandard_change", args=[channel.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    channel.refresh_from_db()
    assert channel.output_en == "A written answer in the portal, also sent by e-mail"
    assert channel.code == "website"

    client = Client()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "A written answer in the portal, also sent by e-mail" in client.get(reverse("pages:standard")).content.decode()


def test_the_admin_edits_prose_not_the_rules(admin_client):
    channel = ChannelStandard.objects.get(code="website")
    html = admin_client.get(reverse("admin:pages_channelstandard_change", args=[channel.pk])).content.decode()
    assert 'name="procedure"' in html and 'name="output_en"' in html
    for rule in ("requirements", "requirements_en", "deadline", "deadline_en"):
        assert f'name="{rule}"' not in html
    # The form says where the rules are kept instead.
    assert "ditetapkan oleh sistem" in html


def test_admin_edits_the_standard(admin_client):
    standard = ServiceStandard.objects.get()
    data = _form_data(standard) | {"cost": "Gratis, tidak dipungut biaya"}
    response = admin_client.post(reverse("admin:pages_servicestandard_change", args=[standard.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "Gratis, tidak dipungut biaya" in Client().get(reverse("pages:standard")).content.decode()


def test_channel_code_cannot_be_changed_in_the_admin(admin_client):
    channel = ChannelStandard.objects.get(code="surat")
    data = _form_data(channel) | {"code": "pos"}
    admin_client.post(reverse("admin:pages_channelstandard_change", args=[channel.pk]), data)
    channel.refresh_from_db()
    assert channel.code == "surat"


def test_models_are_registered():
    assert site.is_registered(ServiceStandard) and site.is_registered(ChannelStandard)
