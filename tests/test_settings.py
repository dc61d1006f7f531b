"""Production settings pass `check --deploy` and refuse to start without a secret."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args, **env_overrides):
    # Not the test run's own knobs (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE).
    dropped = ("SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(DJANGO_SETTINGS_MODULE="advokasi.settings.production", **env_overrides)
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
