"""Settings shared by every environment.

Everything that differs between a laptop and production comes from the environment
(twelve-factor). The defaults need no server: SQLite and kombu's filesystem broker
under ``var/``, e-mail written to ``var/mail/`` so a person can read what was sent.
"""

from datetime import timedelta
from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from core.throttle import parse as parse_rates

from .env import Env

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# Empty variables count as unset; unreadable ones stop the start naming the variable.
env = Env()
# An optional .env next to manage.py, for people who prefer a file over exports.
Env.read_env(BASE_DIR / ".env", overwrite=False)

VAR_DIR = Path(env.str("ADVOKASI_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DEBUG", default=True)

# A development key only while DEBUG is on; production.py refuses to start without one.
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-never-use-in-production")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Absolute links in e-mails. Unset, it follows the address `make run HOST=... PORT=...`
# serves on, so that a link in a mail reaches the server that sent it.
def _served_url(host: str, port: int) -> str:
    """The address a browser on this machine opens for ``runserver HOST:PORT``: a
    wildcard bind (0.0.0.0, ::) is reached at the loopback, IPv6 needs brackets."""
    host = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


SITE_URL = (
    env.url_str("SITE_URL", schemes=("http", "https"))
    or _served_url(env.str("HOST", default="127.0.0.1"), env.int("PORT", default=8000))
).rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "accounts",
    "workdays",
    "core",
    "notifications",
    "files",
    "consultations",
    "pages",
    "complaints",
    "knowledge",
    "search",
    "surveys",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response that does not set its own (downloads
    # set a stricter one in consultations/views/files.py, which the middleware keeps).
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "advokasi.middleware.LanguageMiddleware",
    # Inside the language middleware: the 405 page is rendered in the user's language.
    "advokasi.middleware.MethodNotAllowedPageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Staff sessions that idled or lasted too long end here, before any view runs.
    "accounts.sessions.StaffSessionMiddleware",
    "accounts.access.AccessMiddleware",
    # Last, so that it sees every failed login of allauth and the admin.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "advokasi.urls"

# --- Content-Security-Policy (django-csp) ----------------------------------------
# Only our own files: no inline script or style anywhere (templates keep JavaScript and
# CSS in static files; tests/test_csp.py checks both). Bootstrap's CSS draws its icons
# (menu button, select arrow, check marks) as data: SVG images, hence img-src data:.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            # Django's two loaders, and the templates of the consultation channels'
            # packages (consultations/channels/<code>/templates/); cached, as Django does.
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    [
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                        "consultations.channels.loader.Loader",
                    ],
                ),
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
                "notifications.context_processors.notices",
            ],
        },
    },
]

WSGI_APPLICATION = "advokasi.wsgi.application"

# --- Database -------------------------------------------------------------------
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'advokasi.sqlite3'}"
    ),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
# A persistent connection is tested before its first use in a request, so that a
# database restart costs no request an error (each worker reconnects instead).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the Celery worker write the same file without
    # "database is locked" on every overlap; the timeout covers the rest.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: this is a transactional site, and the full-text plans' estimated costs (a
    # ts_rank over a GIN match) pass jit_above_cost, so PostgreSQL compiled each search
    # first, up to half of its time (bench/README.md, "Why the search misses at size").
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------
# Shared between the web and worker processes: Redis when one is configured,
# otherwise a file cache under var/ (one host only, like the rest of the defaults).
REDIS_URL = env.url_str("REDIS_URL", schemes=("redis", "rediss", "unix"))
if env.str("CACHE_URL", default=""):
    CACHES = {"default": env.cache_url("CACHE_URL")}
elif REDIS_URL:
    CACHES = {
        "default": {
            # The cache only holds rate-limit counters and the like: with Redis down it
            # answers like an empty cache (logged) instead of failing sign-in with a 500,
            # and the short timeouts make a dead Redis cost milliseconds, not seconds.
            "BACKEND": "advokasi.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# --- Accounts -------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out user/IP before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "pages:home"

SITE_ID = 1
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
# allauth's forms with consistent Indonesian labels (accounts engineer; see that module).
ACCOUNT_FORMS = {
    name: f"accounts.allauth_forms.{cls}"
    for name, cls in {
        "login": "LoginForm", "signup": "SignupForm", "add_email": "AddEmailForm",
        "change_password": "ChangePasswordForm", "set_password": "SetPasswordForm",
        "reset_password": "ResetPasswordForm", "reset_password_from_key": "ResetPasswordKeyForm",
        "reauthenticate": "ReauthenticateForm",
    }.items()
}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[E-Advokasi LKPP] "  # the brand used in every e-mail (accounts engineer)
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_SESSION_REMEMBER = None
# Throttling of failed password logins is django-axes' job (per user and IP, below; the
# adapter skips allauth's own count of them). allauth's "login_failed" limit therefore
# counts only wrong two-factor codes: 5 per account in 15 minutes, 10 a minute per
# address. Its other limits stay on for sign-up and password-reset mail.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/15m/key"}

# --- Two-factor sign-in and staff sessions (docs/decisions/0011) ----------------
# Staff must have an authenticator app (accounts/access.py sends them to enrolment);
# applicants may. TOTP with recovery codes; WebAuthn is left out (see the ADR).
MFA_ADAPTER = "accounts.two_factor.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "E-Advokasi LKPP"
# One 30-second step either side: a phone whose clock is a little off still signs in.
MFA_TOTP_TOLERANCE = 1
# Staff sessions end after this long without activity, and this long in all
# (accounts/sessions.py); applicants keep Django's two-week session.
STAFF_SESSION_IDLE_MINUTES = env.int("STAFF_SESSION_IDLE_MINUTES", default=30)
STAFF_SESSION_MAX_HOURS = env.int("STAFF_SESSION_MAX_HOURS", default=12)
if STAFF_SESSION_IDLE_MINUTES < 1 or STAFF_SESSION_MAX_HOURS < 1:
    raise ImproperlyConfigured("STAFF_SESSION_IDLE_MINUTES and STAFF_SESSION_MAX_HOURS must be at least 1")

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
# allauth passes email=..., not username=...; this reads it (lower-cased) so the lock is
# really per account and IP, not per IP alone (accounts engineer).
AXES_USERNAME_CALLABLE = "accounts.throttling.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# The client address behind TRUSTED_PROXY_COUNT proxies (the N-th entry from the right of
# X-Forwarded-For; 0 = no proxy, the header is ignored so that it cannot be forged). One
# variable for axes and allauth so that both count the same client. AXES_IPWARE_PROXY_COUNT
# is the name earlier READMEs documented and still works.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=env.int("AXES_IPWARE_PROXY_COUNT", default=0))
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 (no proxy) or the number of proxies in front.")
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_ip"
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
AXES_VERBOSE = False

# --- Internationalisation -------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "advokasi_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
# Django spools uploads over 2.5 MB to temporary files while a request is read and deletes
# them when it ends; a process killed in between leaves them. Kept here, not in the
# system /tmp, so that each web process sweeps them when it starts (advokasi/wsgi.py) and
# the nightly clean-up too (files/housekeeping.py).
FILE_UPLOAD_TEMP_DIR = str(Path(env.str("FILE_UPLOAD_TEMP_DIR", default=str(VAR_DIR / "upload-tmp"))))
Path(FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)
STORAGES = {
    # Uploads live outside any public path and are served only through views that
    # check access (later issues); there is deliberately no MEDIA_URL route.
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "uploads"))))},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail ---------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="E-Advokasi LKPP <no-reply@advokasi.invalid>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)

# --- Celery ---------------------------------------------------------------------
_broker_dir = VAR_DIR / "broker"
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or REDIS_URL or "filesystem://"
if CELERY_BROKER_URL.startswith("filesystem://"):
    for sub in ("queue", "processed", "control"):
        (_broker_dir / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Redis hands a message that was taken but not acknowledged to another worker
        # after this long. With acks_late, a task is acknowledged when it ends, and a
        # retry waiting for its countdown (up to notifications.tasks.EMAIL_BACKOFF_MAX,
        # one hour) sits unacknowledged in a worker: below that, Redis would hand it to a
        # second worker while the first still holds it. So: the longest countdown plus
        # the longest task, with room to spare. Work lost with a whole worker is not
        # waited for this long: the outbox sweep re-dispatches it within minutes.
        "visibility_timeout": 2 * 60 * 60,
        # A publish from a web request tries the broker once and gives up at once:
        # kombu's default is to retry the connection for up to 4 s inside the request,
        # and the outbox sweep sends what was not enqueued (notifications/tasks.py).
        "max_retries": 0,
        "socket_connect_timeout": 1,
        # A broker that stops answering without closing the connection.
        "socket_timeout": 5,
    }
    CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# How often the SLA dashboard's monthly rollup is rebuilt (the page says so).
DASHBOARD_REFRESH_MINUTES = env.int("DASHBOARD_REFRESH_MINUTES", default=10)
if DASHBOARD_REFRESH_MINUTES < 1:
    raise ImproperlyConfigured("DASHBOARD_REFRESH_MINUTES must be at least 1")
CELERY_BEAT_SCHEDULE = {
    # Keeps the calendar filled a few years ahead; never overwrites an admin's edit.
    "sync-holidays-weekly": {
        "task": "workdays.tasks.sync_holidays",
        "schedule": timedelta(days=7),
    },
    # The outbox: e-mails whose first enqueue failed (broker down) go out from here.
    "notifications-dispatch-pending-emails": {
        "task": "notifications.tasks.dispatch_pending_emails",
        "schedule": timedelta(minutes=1),
    },
    # Deadlines enforce themselves, on every desk at once (core.lifecycle): breaches
    # recorded (a consultation's: credit, apology, escalation; a complaint's: escalation,
    # no credit) and at-risk reminders, read from the database every minute (walk-ins are
    # due in an hour).
    "deadlines-sweep": {
        "task": "core.tasks.sweep_deadlines",
        "schedule": timedelta(minutes=1),
    },
    # A safety net; calendar edits already trigger the same recompute through a signal.
    "deadlines-recompute": {
        "task": "core.tasks.recompute_deadlines",
        "schedule": crontab(hour=0, minute=30),
    },
    "complaints-remove-orphan-scans": {
        "task": "complaints.tasks.remove_orphan_scans",
        "schedule": crontab(hour=1, minute=45),
    },
    # The satisfaction survey: whoever a delivered case is for is invited once (all channels).
    "surveys-invite-delivered": {
        "task": "surveys.tasks.invite_delivered",
        "schedule": timedelta(minutes=5),
    },
    # Files of uploads whose process died before commit, and old one-time form tokens.
    "consultations-clean-up-intake": {
        "task": "consultations.tasks.clean_up_intake",
        "schedule": crontab(hour=1, minute=15),
    },
    # Directors who chose it: one e-mail listing the at-risk and late cases (CELERY_TIMEZONE
    # is WIB; a public holiday is skipped by the task, idempotent per director and date).
    "consultations-send-daily-digests": {
        "task": "consultations.tasks.send_daily_digests",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon-fri"),
    },
    # The SLA dashboard's monthly rollup, rebuilt from the cases.
    "consultations-refresh-dashboard-rollup": {
        "task": "consultations.tasks.refresh_dashboard_rollup",
        "schedule": timedelta(minutes=DASHBOARD_REFRESH_MINUTES),
    },
}

# --- Logging --------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # No bearer code (tracking, walk-in, survey, verification) in any log line
    # (advokasi/redaction.py): on the handler, and on the loggers that write request
    # paths, so that every handler of theirs (Django's own console in DEBUG too) gets it.
    "filters": {"redact_secrets": {"()": "advokasi.redaction.RedactSecrets"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}", "style": "{"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact_secrets"]},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server", "filters": ["redact_secrets"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint tells every step of every render at INFO; its warnings (a refused
    # resource) still show. pypdf warns about each damaged scan it is shown.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint.progress": {"level": "WARNING"},
                "pypdf": {"level": "ERROR"},
                "django.request": {"filters": ["redact_secrets"]},
                "django.security.csrf": {"filters": ["redact_secrets"]},
                # runserver's request lines, as Django writes them, redacted.
                "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False,
                                  "filters": ["redact_secrets"]}},
}

# --- Product --------------------------------------------------------------------
# What one applicant may send (consultations/limits.py; docs/decisions/consultations-intake-limits.md).
ADVOKASI_MESSAGES_PER_CASE_PER_HOUR = env.int("ADVOKASI_MESSAGES_PER_CASE_PER_HOUR", default=10)
ADVOKASI_MESSAGES_PER_APPLICANT_PER_HOUR = env.int("ADVOKASI_MESSAGES_PER_APPLICANT_PER_HOUR", default=20)
ADVOKASI_CASE_ATTACHMENT_BYTES_MAX = env.int("ADVOKASI_CASE_ATTACHMENT_BYTES_MAX", default=100 * 1024 * 1024)
for _name in ("ADVOKASI_MESSAGES_PER_CASE_PER_HOUR", "ADVOKASI_MESSAGES_PER_APPLICANT_PER_HOUR",
              "ADVOKASI_CASE_ATTACHMENT_BYTES_MAX"):
    if globals()[_name] < 1:
        raise ImproperlyConfigured(f"{_name} must be a positive number (it is {globals()[_name]}).")
# The busiest pages' queries (core/prepared.py) become prepared statements of the database
# session when PostgreSQL connections are kept (CONN_MAX_AGE > 0). Turn off behind a
# pooler that hands one server session to several clients (PgBouncer's transaction mode).
ADVOKASI_PREPARED_STATEMENTS = env.bool("ADVOKASI_PREPARED_STATEMENTS", default=True)
# The staff search (search/selectors.py): a search's ranked ids are kept this many
# seconds per scope, query and filters (the next page, the same words again); 0 turns
# it off. Every row is opened through the person's scope again when shown.
SEARCH_CACHE_SECONDS = env.int("SEARCH_CACHE_SECONDS", default=30)
if SEARCH_CACHE_SECONDS < 0:
    raise ImproperlyConfigured("SEARCH_CACHE_SECONDS must be 0 or more.")
ADVOKASI_OFFICE_NAME = _("Lembaga Kebijakan Pengadaan Barang/Jasa Pemerintah (LKPP)")
LAPOR_URL = "https://www.lapor.go.id/"
# Unknown codes one client may try per window (complaint tracking, walk-in codes,
# verification, letter tracking: one counter, accounts/guessing.py) before every page
# opened by a code is refused until the window ends; THROTTLE_CODE_GUESSES_PER_ADDRESS
# below, when set, says the same in rates.
COMPLAINT_LOOKUP_FAILURES_MAX = env.int("COMPLAINT_LOOKUP_FAILURES_MAX", default=10)
COMPLAINT_LOOKUP_WINDOW = env.int("COMPLAINT_LOOKUP_WINDOW", default=15 * 60)
if COMPLAINT_LOOKUP_FAILURES_MAX < 1 or COMPLAINT_LOOKUP_WINDOW < 1:
    raise ImproperlyConfigured("COMPLAINT_LOOKUP_FAILURES_MAX and COMPLAINT_LOOKUP_WINDOW must be at least 1")
# The public doors (core/throttle.py; README "Limits on the public doors"). Each is a list
# of rates, "amount/window" with the window in s, m, h or d: "5/h,20/d" is five an hour
# and twenty a day. Counted per client address (behind TRUSTED_PROXY_COUNT proxies) and,
# for the forms that mail a typed address, per that address too.
THROTTLE_RATES = {
    name: parse_rates(env.str(f"THROTTLE_{name.upper()}", default=default), name=f"THROTTLE_{name.upper()}")
    for name, default in {
        # The walk-in form beforehand and the complaint form (both need no account).
        "walk_in_form_per_address": "5/h,20/d",
        "walk_in_form_per_email": "3/h,5/d",
        # Bytes of attachments on the walk-in form, per client address.
        "walk_in_upload_bytes_per_address": "100000000/d",
        "complaint_form_per_address": "5/h,20/d",
        "complaint_form_per_email": "3/h,5/d",
        # Unknown codes one client may try (walk-in codes, answer-letter verification,
        # complaint tracking) before every try is refused until the window ends.
        "code_guesses_per_address": f"{COMPLAINT_LOOKUP_FAILURES_MAX}/{COMPLAINT_LOOKUP_WINDOW}s",
        # The knowledge base's suggestions under the question forms (knowledge:similar), asked
        # while a visitor types; past the limit the suggestions pause, the form does not.
        "knowledge_similar_per_address": "60/m,600/h",
    }.items()
}
