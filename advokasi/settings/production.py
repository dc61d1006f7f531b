"""Production: DEBUG off, a real secret, HTTPS everywhere. Passes ``check --deploy``."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=False)


def _repeats(key: str) -> bool:
    """Whether ``key`` is a pattern of at most half its length, repeated."""
    return any(key == (key[:period] * (len(key) // period + 1))[: len(key)] for period in range(1, len(key) // 2 + 1))


# Signed sessions, password-reset links and CSRF tokens are only as strong as this key.
# Django's own deploy check (security.W009) asks for 50 characters with 5 distinct; here
# 10 distinct, and no short pattern repeated ('abcdefghij' * 5), so that a typed key
# fails while a generated one passes, a hex one too (`openssl rand -hex 32` has only 16
# symbols to choose from).
SECRET_KEY = env.str("SECRET_KEY", default="")
_KEY_HELP = "Generate one: python -c 'import secrets; print(secrets.token_urlsafe(64))'"
if not SECRET_KEY:
    raise ImproperlyConfigured(f"SECRET_KEY must be set in production. {_KEY_HELP}")
if SECRET_KEY.startswith(("dev-only-", "django-insecure", "test-secret-key")):
    raise ImproperlyConfigured(f"SECRET_KEY is a development or test key; production needs its own. {_KEY_HELP}")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(f"SECRET_KEY is too short ({len(SECRET_KEY)} characters; at least 50). {_KEY_HELP}")
if len(set(SECRET_KEY)) < 10:
    raise ImproperlyConfigured(
        f"SECRET_KEY is not random enough ({len(set(SECRET_KEY))} distinct characters; at least 10). {_KEY_HELP}"
    )
if _repeats(SECRET_KEY):
    raise ImproperlyConfigured(f"SECRET_KEY is a short pattern repeated; production needs a random key. {_KEY_HELP}")
if not env.str("DATABASE_URL", default=""):
    raise ImproperlyConfigured("DATABASE_URL must be set in production.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the host names this site answers to.")
# Every e-mail links back to the site: without it, applicants would be sent to the
# development address of base.py (http://127.0.0.1:8000).
if not env.str("SITE_URL", default=""):
    raise ImproperlyConfigured("SITE_URL must be set in production: the public address e-mails link to, e.g. https://advokasi.lkpp.go.id")

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Behind a proxy, set TRUSTED_PROXY_COUNT (base.py): login throttling keys on the client.
