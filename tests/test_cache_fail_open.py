"""With Redis down, sign-in, sign-up and password reset still answer (the cache fails open).

allauth's rate limiter keeps its counters in the cache; Django's RedisCache raises when
Redis is unreachable, which answered 500. The cache here points at a closed loopback port.
"""

import logging

import pytest
from django.core.cache import cache
from django.urls import reverse

import advokasi.cache

DEAD_REDIS = {
    "default": {
        "BACKEND": "advokasi.cache.FailOpenRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}


@pytest.fixture
def dead_redis(settings, monkeypatch):
    settings.CACHES = DEAD_REDIS
    monkeypatch.setattr(advokasi.cache, "_last_warning", float("-inf"))


@pytest.fixture
def client(client):
    client.raise_request_exception = False
    return client


def test_the_cache_answers_like_an_empty_one_and_logs_a_warning(dead_redis, caplog):
    with caplog.at_level(logging.WARNING, logger="advokasi.cache"):
        assert cache.get("key", "default") == "default"
    assert "Redis cache unavailable" in caplog.text
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("lock", True) is True  # a rate-limit lock is taken at once, not waited for
    cache.set("key", "value")
    cache.delete("key")
    with pytest.raises(ValueError):
        cache.incr("counter")


@pytest.mark.django_db
def test_sign_in_page_and_a_failed_sign_in_answer(dead_redis, client, applicant_a):
    assert client.get(reverse("account_login")).status_code == 200
    response = client.post(reverse("account_login"), {"login": applicant_a.email, "password": "salah-sama-sekali"})
    assert response.status_code == 200
    assert "tidak benar" in response.content.decode()


@pytest.mark.django_db
def test_sign_in_succeeds(dead_redis, client, applicant_a):
    from accounts.tests.factories import PASSWORD

    response = client.post(reverse("account_login"), {"login": applicant_a.email, "password": PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_sign_up_and_password_reset_answer(dead_redis, client, applicant_a):
    assert client.get(reverse("account_signup")).status_code == 200
    response = client.post(reverse("account_signup"), {"email": "baru@example.go.id", "password1": "x", "password2": "y"})
    assert response.status_code == 200  # the form with its errors, not a 500
    response = client.post(reverse("account_reset_password"), {"email": applicant_a.email})
    assert response.status_code == 302


def test_a_live_redis_is_used_as_usual(settings):
    """Failing open must not hide a working Redis (skipped where none runs on loopback)."""
    import redis

    url = "redis://127.0.0.1:6379/11"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.CACHES = {**DEAD_REDIS, "default": {**DEAD_REDIS["default"], "LOCATION": url}}
    cache.set("advokasi-test-key", "nilai", 10)
    try:
        assert cache.get("advokasi-test-key") == "nilai"
        assert cache.add("advokasi-test-key", "lain") is False
    finally:
        cache.delete("advokasi-test-key")
