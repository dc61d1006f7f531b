"""Production settings pass `check --deploy` and refuse to start without a secret."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args, **env_overrides):
    # Not the test run's own knobs (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE).
    dropped = ("SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "SITE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(DJANGO_SETTINGS_MODULE="advokasi.settings.production", SITE_URL="https://advokasi.lkpp.go.id")
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def _database_url(tmp_path):
    return os.environ.get("DATABASE_URL") or f"sqlite:///{tmp_path / 'deploy.sqlite3'}"


def test_production_settings_pass_check_deploy(tmp_path):
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="advokasi.lkpp.go.id",
        DATABASE_URL=_database_url(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = _manage("check", ALLOWED_HOSTS="advokasi.lkpp.go.id", DATABASE_URL=_database_url(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_the_development_key(tmp_path):
    result = _manage(
        "check", SECRET_KEY="dev-only-insecure-key-never-use-in-production",
        ALLOWED_HOSTS="advokasi.lkpp.go.id", DATABASE_URL=_database_url(tmp_path),
    )
    assert result.returncode != 0


def test_every_datetime_setting_is_jakarta(settings):
    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert settings.USE_TZ is True
    assert settings.LANGUAGE_CODE == "id"
    assert [code for code, _ in settings.LANGUAGES] == ["id", "en"]


# --- Weak secrets ------------------------------------------------------------------

@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("x" * 60, "not random enough"),
        ("abcde" * 12, "not random enough"),
        ("abcdefghij" * 5, "a short pattern repeated"),
        ("0123456789" * 6 + "01", "a short pattern repeated"),
        (secrets.token_urlsafe(30), "too short"),
        ("django-insecure-" + secrets.token_urlsafe(48), "a development or test key"),
    ],
    ids=["one-character", "repeated-pattern", "ten-symbol-pattern", "ten-symbol-pattern-cut", "short", "django-insecure"],
)
def test_production_refuses_weak_secret_keys(tmp_path, key, reason):
    result = _manage("check", SECRET_KEY=key, ALLOWED_HOSTS="advokasi.lkpp.go.id", DATABASE_URL=_database_url(tmp_path))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"SECRET_KEY is {reason}" in result.stderr


def test_production_requires_the_public_address_for_e_mail_links(tmp_path):
    result = _manage(
        "check", SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS="advokasi.lkpp.go.id",
        DATABASE_URL=_database_url(tmp_path), SITE_URL="",
    )
    assert result.returncode != 0
    assert "SITE_URL must be set in production" in result.stderr


def test_production_accepts_a_generated_hex_key(tmp_path):
    result = _manage(
        "check", SECRET_KEY=secrets.token_hex(32), ALLOWED_HOSTS="advokasi.lkpp.go.id",
        DATABASE_URL=_database_url(tmp_path),
    )
    assert result.returncode == 0, result.stderr


# --- Empty and malformed variables ---------------------------------------------------

def _setting(tmp_path, expression, module="advokasi.settings.base", **env_overrides):
    """Evaluate ``expression`` on django.conf.settings in a fresh process."""
    dropped = ("DATABASE_URL", "REDIS_URL", "CACHE_URL", "SITE_URL", "HOST", "PORT", "DEBUG", "SECRET_KEY",
               "TRUSTED_PROXY_COUNT", "AXES_IPWARE_PROXY_COUNT", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(DJANGO_SETTINGS_MODULE=module, ADVOKASI_VAR_DIR=str(tmp_path / "var"), **env_overrides)
    code = f"import django; django.setup(); from django.conf import settings; print(repr({expression}))"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_blank_variables_count_as_unset(tmp_path):
    """A .env with `DATABASE_URL=` and friends left blank starts on the defaults."""
    result = _setting(
        tmp_path, "(settings.DATABASES['default']['ENGINE'], settings.DEBUG, settings.SITE_URL, "
        "settings.CACHES['default']['BACKEND'], settings.TRUSTED_PROXY_COUNT)",
        DATABASE_URL="", DEBUG=" ", SITE_URL="", REDIS_URL="", CACHE_URL="", TRUSTED_PROXY_COUNT="",
        EMAIL_URL="",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == repr((
        "django.db.backends.sqlite3", True, "http://127.0.0.1:8000",
        "django.core.cache.backends.filebased.FileBasedCache", 0,
    ))


def test_production_says_a_blank_database_url_must_be_set(tmp_path):
    result = _manage("check", SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS="a.go.id", DATABASE_URL="")
    assert result.returncode != 0
    assert "DATABASE_URL must be set in production" in result.stderr
    assert "KeyError" not in result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DATABASE_URL", "foo", "DATABASE_URL is not a database URL"),
        ("DATABASE_URL", "postgres://", "DATABASE_URL is not a database URL"),
        ("DEBUG", "maybe", "DEBUG must be true or false"),
        ("CONN_MAX_AGE", "lama", "CONN_MAX_AGE cannot be read"),
        ("TRUSTED_PROXY_COUNT", "-1", "TRUSTED_PROXY_COUNT must be 0"),
        ("TRUSTED_PROXY_COUNT", "satu", "TRUSTED_PROXY_COUNT cannot be read"),
        ("REDIS_URL", "127.0.0.1:6379", "REDIS_URL must be a URL starting with redis://"),
        ("SITE_URL", "advokasi.lkpp.go.id", "SITE_URL must be a URL starting with http://"),
        ("CACHE_URL", "foo", "CACHE_URL is not a cache URL"),
        ("EMAIL_URL", "foo", "EMAIL_URL is not an e-mail URL"),
    ],
)
def test_malformed_variables_are_refused_by_name(tmp_path, variable, value, message):
    result = _setting(tmp_path, "settings.DEBUG", **{variable: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_debug_reads_the_usual_spellings(tmp_path):
    result = _setting(tmp_path, "settings.DEBUG", DEBUG="off")
    assert result.stdout.strip() == "False", result.stderr
    result = _setting(tmp_path, "settings.DEBUG", DEBUG="Yes")
    assert result.stdout.strip() == "True", result.stderr


# --- Addresses ------------------------------------------------------------------------

def test_site_url_follows_host_and_port_when_not_set(tmp_path):
    """`make run PORT=8111` must not mail links to :8000."""
    result = _setting(tmp_path, "settings.SITE_URL", HOST="127.0.0.1", PORT="8111")
    assert result.stdout.strip() == repr("http://127.0.0.1:8111"), result.stderr
    result = _setting(tmp_path, "settings.SITE_URL", PORT="8111", SITE_URL="https://advokasi.lkpp.go.id/")
    assert result.stdout.strip() == repr("https://advokasi.lkpp.go.id"), result.stderr


@pytest.mark.parametrize(
    ("host", "url"),
    [("0.0.0.0", "http://127.0.0.1:8111"), ("::", "http://[::1]:8111"), ("::1", "http://[::1]:8111"),
     ("advokasi.local", "http://advokasi.local:8111")],
)
def test_site_url_from_a_wildcard_or_ipv6_host_is_one_a_browser_opens(tmp_path, host, url):
    result = _setting(tmp_path, "settings.SITE_URL", HOST=host, PORT="8111")
    assert result.stdout.strip() == repr(url), result.stderr


@pytest.mark.parametrize(
    "variable",
    ["ADVOKASI_MESSAGES_PER_CASE_PER_HOUR", "ADVOKASI_MESSAGES_PER_APPLICANT_PER_HOUR", "ADVOKASI_CASE_ATTACHMENT_BYTES_MAX"],
)
@pytest.mark.parametrize("value", ["0", "-5"])
def test_limits_must_be_positive(tmp_path, variable, value):
    result = _setting(tmp_path, f"settings.{variable}", **{variable: value})
    assert result.returncode != 0
    assert f"{variable} must be a positive number" in result.stderr


def test_one_proxy_count_for_axes_and_allauth(tmp_path):
    expression = "(settings.TRUSTED_PROXY_COUNT, settings.ALLAUTH_TRUSTED_PROXY_COUNT, settings.AXES_CLIENT_IP_CALLABLE)"
    result = _setting(tmp_path, expression, TRUSTED_PROXY_COUNT="2")
    assert result.stdout.strip() == repr((2, 2, "accounts.throttling.client_ip")), result.stderr
    # The name earlier READMEs documented still works.
    result = _setting(tmp_path, expression, AXES_IPWARE_PROXY_COUNT="1")
    assert result.stdout.strip() == repr((1, 1, "accounts.throttling.client_ip")), result.stderr


def test_database_connections_are_health_checked(tmp_path):
    """After a database restart a persistent connection is replaced, not used and failed."""
    result = _setting(tmp_path, "settings.DATABASES['default']['CONN_HEALTH_CHECKS']", CONN_MAX_AGE="60")
    assert result.stdout.strip() == "True", result.stderr


def test_redis_cache_fails_open_with_short_timeouts(tmp_path):
    result = _setting(tmp_path, "settings.CACHES['default']", REDIS_URL="redis://127.0.0.1:6379/0")
    assert "advokasi.cache.FailOpenRedisCache" in result.stdout, result.stderr
    assert "'socket_timeout': 0.5" in result.stdout
