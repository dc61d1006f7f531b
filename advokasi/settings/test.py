"""Settings for the test suite: fast hashing, mail in memory, tasks eager unless a test
starts a real worker. DATABASE_URL and CELERY_BROKER_URL still come from the environment,
so the same suite runs on SQLite + filesystem broker and on PostgreSQL + Redis.

ADVOKASI_TEST_DB=memory (what `make test-fast` sets) keeps an SQLite test database in
memory instead of a file; tests that hand the database to another process are marked
``db_file`` and run on a file."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, VAR_DIR, env

# Under pytest-xdist every worker process (gw0, gw1, ...) has folders of its own.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
_PER_WORKER = f"-{_WORKER}" if _WORKER else ""

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production-0123456789abcdefghijklmnopqrstuvwxyz"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / f"test-uploads{_PER_WORKER}")},
    },
}
TEST_DB = env.str("ADVOKASI_TEST_DB", default="file").strip() or "file"
if TEST_DB not in ("file", "memory"):
    raise ImproperlyConfigured(f"ADVOKASI_TEST_DB must be 'file' or 'memory', not {TEST_DB!r}")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if TEST_DB == "memory":
        # Each process its own, nothing written to disk: no subprocess can open it.
        DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
    else:
        # A file, so that a subprocess (a real Celery worker, a sweep killed mid-way) sees
        # the same data; pytest-django adds _gw0, _gw1, ... under pytest-xdist.
        DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-advokasi.sqlite3")}
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]

# A Celery worker started by a test (tests/test_celery_worker.py) must use the test
# database that pytest-django created, whose name only the test process knows.
if env.str("ADVOKASI_TEST_DATABASE_NAME", default=""):
    DATABASES["default"]["NAME"] = env.str("ADVOKASI_TEST_DATABASE_NAME")
