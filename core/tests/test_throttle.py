"""The counters behind the public doors' limits (core/throttle.py)."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from core import throttle
from core.throttle import Claim, Rate, Throttled

HOUR = 3600
# A moment 10 minutes into an hour (and into a day, UTC).
T0 = 1_800_000_000 - 1_800_000_000 % 86400 + 600


def test_rates_are_read_from_settings_text():
    assert throttle.parse("5/h, 20/d") == (Rate(5, HOUR), Rate(20, 86400))
    assert throttle.parse("10/15m") == (Rate(10, 900),)
    assert throttle.parse("3/90s") == (Rate(3, 90),)
    assert throttle.parse("") == ()


@pytest.mark.parametrize("spec", ["5", "5/x", "0/h", "-1/h", "5/0m", "a/h", "5/h;20/d"])
def test_a_wrong_rate_is_refused_at_start_up_with_its_name(spec):
    with pytest.raises(ImproperlyConfigured, match="THROTTLE_X"):
        throttle.parse(spec, name="THROTTLE_X")


def test_take_refuses_past_the_amount_and_says_when_the_window_ends():
    claim = Claim("form", "203.0.113.5", (Rate(3, HOUR),))
    for _ in range(3):
        throttle.take(claim, now=T0)
    with pytest.raises(Throttled) as refusal:
        throttle.take(claim, now=T0 + 5)
    assert refusal.value.retry_after == HOUR - 600 - 5
    assert refusal.value.minutes == 50
    # Another address is counted apart; the next window starts afresh.
    throttle.take(Claim("form", "203.0.113.6", (Rate(3, HOUR),)), now=T0)
    throttle.take(claim, now=T0 + HOUR)


def test_a_refused_request_counts_against_none_of_its_limits():
    """Refused on the e-mail limit: the address limit is not spent either, so a flood at one
    victim's address does not lock out the sender's other, honest requests (or the victim)."""
    address = Claim("form", "203.0.113.5", (Rate(10, HOUR),))
    for _ in range(2):
        throttle.take(address, Claim("form-email", "victim@example.org", (Rate(2, HOUR),)), now=T0)
    for _ in range(5):
        with pytest.raises(Throttled) as refusal:
            throttle.take(address, Claim("form-email", "victim@example.org", (Rate(2, HOUR),)), now=T0)
        assert refusal.value.scope == "form-email"
    for _ in range(8):
        throttle.take(address, now=T0)
    with pytest.raises(Throttled):
        throttle.take(address, now=T0)


def test_the_longest_wait_is_told_when_two_rates_are_used_up():
    claim = Claim("form", "203.0.113.5", (Rate(1, HOUR), Rate(1, 86400)))
    throttle.take(claim, now=T0)
    with pytest.raises(Throttled) as refusal:
        throttle.take(claim, now=T0)
    assert refusal.value.retry_after == 86400 - 600


def test_a_cost_counts_bytes_against_a_quota():
    quota = (Rate(1000, 86400),)
    throttle.take(Claim("bytes", "203.0.113.5", quota, cost=600), now=T0)
    with pytest.raises(Throttled):
        throttle.take(Claim("bytes", "203.0.113.5", quota, cost=500), now=T0)
    throttle.take(Claim("bytes", "203.0.113.5", quota, cost=400), now=T0)


def test_guesses_are_refused_once_the_failures_fill_the_window():
    claim = Claim("guess", "203.0.113.5", (Rate(3, 900),))
    for _ in range(2):
        throttle.count(claim, now=T0)
        assert throttle.refused(claim, now=T0) is None
    throttle.count(claim, now=T0)
    refusal = throttle.refused(claim, now=T0 + 60)
    assert refusal is not None and refusal.retry_after == 900 - 600 % 900 - 60
    assert throttle.refused(claim, now=T0 + 900) is None


def test_the_cache_holds_no_address_in_clear():
    from django.core.cache import cache

    throttle.take(Claim("form-email", "victim@example.org", (Rate(2, HOUR),)), now=T0)
    keys = list(cache._cache.keys())  # LocMemCache in tests
    assert keys and not any("victim" in key for key in keys)


def test_the_429_page_is_in_the_site_layout_with_retry_after(db):
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    request.session = {}
    response = throttle.too_many(request, Throttled(scope="form", rate=Rate(3, HOUR), retry_after=125))
    assert response.status_code == 429
    assert response["Retry-After"] == "125"
    assert response["Cache-Control"] == "private, no-store"
    body = response.content.decode()
    assert "Terlalu banyak permintaan" in body and "3 menit" in body
    assert 'data-history-back' not in body  # a page, not a form: nothing typed to go back to


def test_a_refused_form_is_told_its_text_is_still_there_and_why(db):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().post("/", {})
    request.user = AnonymousUser()
    request.session = {}
    response = throttle.too_many(request, Throttled(scope="form", rate=Rate(3, HOUR), retry_after=3600),
                                 context={"why": "Terlalu banyak formulir dari alamat ini."})
    body = response.content.decode()
    assert "Terlalu banyak formulir dari alamat ini." in body and "60 menit" in body
    assert "isian Anda belum hilang" in body
