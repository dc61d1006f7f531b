"""Settings for the test suite: fast hashing, mail in memory, tasks eager unless a test
starts a real worker. DATABASE_URL and CELERY_BROKER_URL still come from the environment,
so the same suite runs on SQLite + filesystem broker and on PostgreSQL + Redis."""

from .base import *  # noqa: F403
from .base import DATABASES, VAR_DIR, env

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
        "OPTIONS": {"location": str(VAR_DIR / "test-uploads")},
    },
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not :memory:, so that a real Celery worker subprocess sees the same data.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-advokasi.sqlite3")}
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]

# A Celery worker started by a test (tests/test_celery_worker.py) must use the test
# database that pytest-django created, whose name only the test process knows.
if env.str("ADVOKASI_TEST_DATABASE_NAME", default=""):
    DATABASES["default"]["NAME"] = env.str("ADVOKASI_TEST_DATABASE_NAME")
