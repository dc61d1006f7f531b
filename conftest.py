"""Persona fixtures, as SPEC.md names the people who use the system.

applicant_a / applicant_b: two members of the public (B must never see A's things);
front_desk; director_pusat / director_daerah / director_hukum; team_lead and staff
(directorate pusat); complaint_handler (pusat); admin; anonymous is simply no login.
"""

import os

import pytest
from hypothesis import settings as hypothesis_settings

# Property tests: no per-example time limit (CI machines are slow and shared); in CI the
# examples are derandomised so a run is reproducible, locally they explore freely.
hypothesis_settings.register_profile("default", deadline=None)
hypothesis_settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "default")

from accounts.models import Role  # noqa: E402 - after the hypothesis profile is loaded
from accounts.tests.factories import ApplicantFactory, InternalUserFactory, directorate  # noqa: E402


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters and cached pages start empty in every test: the URL walk asks
    for unknown tracking codes as eleven personas from one address."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def applicant_a(db):
    return ApplicantFactory(email="pemohon.a@contoh.go.id", full_name="Ayu Lestari")


@pytest.fixture
def applicant_b(db):
    return ApplicantFactory(email="pemohon.b@contoh.co.id", full_name="Budi Santoso")


@pytest.fixture
def front_desk(db):
    return InternalUserFactory(email="sekretariat@lkpp.go.id", role=Role.FRONT_DESK, directorate=None)


def _director(code):
    return InternalUserFactory(
        email=f"direktur.{code}@lkpp.go.id", role=Role.DIRECTOR, directorate=directorate(code)
    )


@pytest.fixture
def director_pusat(db):
    return _director("pusat")


@pytest.fixture
def director_daerah(db):
    return _director("daerah")


@pytest.fixture
def director_hukum(db):
    return _director("hukum")


@pytest.fixture
def team_lead(db):
    return InternalUserFactory(email="ketua.tim@lkpp.go.id", role=Role.TEAM_LEAD)


@pytest.fixture
def staff(db):
    return InternalUserFactory(email="pegawai@lkpp.go.id", role=Role.STAFF)


@pytest.fixture
def complaint_handler(db):
    return InternalUserFactory(email="pengaduan@lkpp.go.id", role=Role.COMPLAINT_HANDLER)


@pytest.fixture
def admin_user(db):
    return InternalUserFactory(
        email="admin@lkpp.go.id", role=Role.ADMIN, directorate=None, is_superuser=True
    )


PERSONAS = (
    "anonymous", "applicant_a", "applicant_b", "front_desk", "director_pusat",
    "director_daerah", "director_hukum", "team_lead", "staff", "complaint_handler", "admin_user",
)


@pytest.fixture
def login(client):
    """Sign a persona in on the test client: ``login(user).get(...)``."""

    def sign_in(user):
        client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
        return client

    return sign_in


@pytest.fixture
def persona(request):
    """Indirect fixture: the user for a persona name, or None for anonymous."""
    name = request.param
    return None if name == "anonymous" else request.getfixturevalue(name)


@pytest.fixture
def holidays(db):
    """The real Indonesian calendar, 2024-2026, from the holidays package."""
    from workdays.calendar import invalidate_calendar
    from workdays.services import sync_from_package

    sync_from_package(from_year=2024, to_year=2026)
    invalidate_calendar()


@pytest.fixture
def tmp_uploads(settings, tmp_path):
    """Uploads in this test's own folder (a desk's conftest makes it autouse)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "uploads")},
        },
    }
    return tmp_path / "uploads"


@pytest.fixture(autouse=True)
def _fresh_working_day_calendar():
    """Tests roll the database back without post_delete signals, so a calendar cached
    by one test must not leak into the next."""
    from workdays.calendar import invalidate_calendar

    invalidate_calendar()
    yield
    invalidate_calendar()


class RealWorker:
    """A ``celery worker`` subprocess on the configured broker and the test database."""

    def __init__(self, process, log):
        self.process = process
        self.log = log

    def wait_for(self, condition, *, timeout: float = 90, what: str = "the task") -> None:
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            assert self.process.poll() is None, f"worker died:\n{self.log.read_text()}"
            time.sleep(0.5)
        pytest.fail(f"the worker did not run {what} in {timeout}s:\n{self.log.read_text()}")


@pytest.fixture
def real_worker(tmp_path, monkeypatch):
    """Start a real Celery worker; tasks sent by the test go through the real broker.

    Needs ``django_db(transaction=True)`` so the worker, another process, sees the rows.
    The test settings run tasks eagerly; here they are sent to the broker instead.
    """
    import subprocess
    import sys
    from pathlib import Path

    from django.db import connection

    from advokasi.celery import app as celery_app

    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "advokasi.settings.test",
        # The test database's name is known only here (pytest-django made it).
        "ADVOKASI_TEST_DATABASE_NAME": str(connection.settings_dict["NAME"]),
        "PYTHONUNBUFFERED": "1",
    }
    log = tmp_path / "worker.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "advokasi", "worker", "--pool=solo",
             "--without-mingle", "--without-gossip", "--without-heartbeat", "--loglevel=INFO",
             f"--hostname=test-{os.getpid()}@%h"],
            cwd=Path(__file__).resolve().parent, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        yield RealWorker(process, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
