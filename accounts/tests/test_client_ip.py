"""The client address behind the proxy, for login throttling (axes) and allauth's limits.

With N trusted proxies, each appending the address it got the request from to
X-Forwarded-For, the client is the N-th entry from the right; further left is whatever
the client wrote. Without a proxy the header is ignored: anybody can send one.
"""

from datetime import datetime

import pytest
import time_machine
from allauth.core.internal.httpkit import get_client_ip as allauth_client_ip
from django.test import RequestFactory
from django.urls import reverse

from accounts.tests.factories import PASSWORD
from accounts.throttling import client_ip
from core.time import WIB

START = datetime(2025, 3, 27, 9, 0, tzinfo=WIB)
PROXY = "10.0.0.5"
CLIENT_A = "203.0.113.10"
CLIENT_B = "198.51.100.20"


def _request(remote_addr, forwarded_for=None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("count", "forwarded_for", "expected"),
    [
        (0, None, PROXY),
        (0, CLIENT_A, PROXY),  # no proxy: a header is a forgery
        (1, None, PROXY),
        (1, CLIENT_A, CLIENT_A),
        (1, f"1.2.3.4, {CLIENT_A}", CLIENT_A),  # the client wrote 1.2.3.4 itself
        (2, f"{CLIENT_A}, 10.0.0.9", CLIENT_A),
        (2, f"1.2.3.4, {CLIENT_A}, 10.0.0.9", CLIENT_A),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_is_the_nth_entry_from_the_right(settings, count, forwarded_for, expected):
    settings.TRUSTED_PROXY_COUNT = count
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = count
    request = _request(PROXY, forwarded_for)
    assert client_ip(request) == expected
    # allauth's rate limits (sign-up, password reset) see the same client.
    assert allauth_client_ip(request) == expected


def test_a_header_shorter_than_the_proxy_chain_is_not_trusted(settings):
    """It did not pass every proxy, so its entries may all be the client's own writing."""
    settings.TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = 3
    assert client_ip(_request(PROXY, f"1.2.3.4, {CLIENT_A}")) == PROXY


def attempt(client, email, password, *, forwarded_for=None, remote_addr=PROXY):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded_for:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


@pytest.mark.django_db
def test_behind_the_proxy_one_clients_failures_do_not_lock_another(client, settings, applicant_a):
    settings.TRUSTED_PROXY_COUNT = 1
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            attempt(client, applicant_a.email, "salah-sama-sekali-123", forwarded_for=CLIENT_A)
        assert attempt(client, applicant_a.email, PASSWORD, forwarded_for=CLIENT_A).status_code == 429

        # Another person, through the same proxy, signs in to the same account.
        response = attempt(client, applicant_a.email, PASSWORD, forwarded_for=CLIENT_B)
        assert response.status_code == 302
        assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_behind_the_proxy_a_forged_entry_does_not_escape_the_lock(client, settings, applicant_a):
    settings.TRUSTED_PROXY_COUNT = 1
    with time_machine.travel(START, tick=False):
        for n in range(5):
            attempt(client, applicant_a.email, "salah-sama-sekali-123", forwarded_for=f"192.0.2.{n}, {CLIENT_A}")
        response = attempt(client, applicant_a.email, PASSWORD, forwarded_for=f"192.0.2.99, {CLIENT_A}")
        assert response.status_code == 429


@pytest.mark.django_db
def test_without_a_proxy_a_spoofed_header_does_not_change_the_address(client, settings, applicant_a):
    settings.TRUSTED_PROXY_COUNT = 0
    with time_machine.travel(START, tick=False):
        for n in range(5):
            attempt(client, applicant_a.email, "salah-sama-sekali-123", remote_addr=CLIENT_A,
                    forwarded_for=f"192.0.2.{n}")
        response = attempt(client, applicant_a.email, PASSWORD, remote_addr=CLIENT_A, forwarded_for=CLIENT_B)
        assert response.status_code == 429
        assert "_auth_user_id" not in client.session
