"""Benchmark settings: production settings (DEBUG off, real middleware) served over
plain HTTP on loopback, with the floor view mounted next to the project's URLs."""

import hashlib
import os

# Stable across the gunicorn workers (sessions must verify in each), and random-looking
# enough for production.py's key checks. Not a secret: the bench serves loopback only.
os.environ.setdefault("SECRET_KEY", hashlib.sha256(b"e-advokasi bench, loopback only").hexdigest())
os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/advokasi_bench")

from advokasi.settings.production import *  # noqa: E402,F403

ROOT_URLCONF = "bench.urls"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
CONN_MAX_AGE = 600
DATABASES["default"]["CONN_MAX_AGE"] = 600  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
