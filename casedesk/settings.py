"""casedesk settings: every value comes from the environment (CASEDESK_*, DATABASE_URL)."""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be 0 or 1, not {value!r}")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("CASEDESK_DEBUG", False)
SECRET_KEY = env_str("CASEDESK_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and env_bool("CASEDESK_REQUIRE_SECRET_KEY", False):
        raise ImproperlyConfigured("CASEDESK_SECRET_KEY must be set")
    # Local and demo runs only; a deployment sets CASEDESK_SECRET_KEY.
    SECRET_KEY = "casedesk-insecure-local-key-set-CASEDESK_SECRET_KEY-in-production"

ALLOWED_HOSTS = env_list("CASEDESK_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
VAR_DIR = Path(env_str("CASEDESK_VAR_DIR", str(BASE_DIR / "var")))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_fsm",
    "viewflow",
    "viewflow.workflow",
    "casedesk.units",
    "casedesk.cases",
    "casedesk.web",
    "casedesk.documents",
    "casedesk.api",
    "casedesk.desk",
    "casedesk.reports",
    "casedesk.outreach",
    "casedesk.consultations",
    "casedesk.portal",
    "captcha",
    "casedesk.payments",
    "casedesk.roster",
    "casedesk.backups",
    "casedesk.feeds",
    "casedesk.demo",
    "workflows",
]

# Desk roles double as the permissions viewflow routes workflow tasks by (workflows.permissions).
# AxesStandaloneBackend first: it refuses a locked-out (username, client address) before any password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "workflows.permissions.RoleBackend",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "casedesk.desk.content_policy.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "casedesk.api.middleware.RequestSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A 400/403/404/405 answered without a page of its own gets the desk's (casedesk.desk.error_pages).
    "casedesk.desk.error_pages.ErrorPageMiddleware",
    "casedesk.desk.idle.IdleLogoutMiddleware",
    "casedesk.desk.two_factor.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "casedesk.desk.unavailable.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a lockout flagged during the view into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "casedesk.urls"
WSGI_APPLICATION = "casedesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "casedesk.desk.context.organisation",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'casedesk.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        # A server database keeps each worker's connection open (checked before reuse): opening one
        # per request costs a third of an API transition's time (bench/: api_transitions_per_s_conn_max_age_0).
        conn_max_age=env_int("CASEDESK_DB_CONN_MAX_AGE", 0 if DATABASE_URL.startswith("sqlite") else 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, reading timestamps with psycopg's compiled loader (casedesk/db/postgresql).
    DATABASES["default"]["ENGINE"] = "casedesk.db.postgresql"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer instead of failing at once; WAL lets readers go on meanwhile.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # The figures' indexes also hold the columns the figures read, for PostgreSQL's index-only scans
    # (casedesk.cases.models.FIGURES_COLUMNS); SQLite has no such columns and keeps the indexes' keys.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DATABASES["default"]["TEST"] = {"NAME": env_str("CASEDESK_TEST_DB_NAME") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "casedesk.desk.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Plain copies, served by whitenoise: viewflow's CSS names font files it does not ship, which
    # a manifest storage refuses, and compressing its 37 MB of assets took minutes per collectstatic.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(env_str("CASEDESK_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "desk:home"
LOGOUT_REDIRECT_URL = "login"

# A request body over this many bytes is refused (413) before any view reads it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
CASEDESK_MAX_BODY_BYTES = DATA_UPLOAD_MAX_MEMORY_SIZE
# Evidence uploaded with an online application (casedesk.portal): images and PDFs, each at most this
# many bytes, at most this many files; the application's page, its API and the answer to a request for
# more take a body that large (no other).
CASEDESK_PORTAL_UPLOAD_MAX_BYTES = env_int("CASEDESK_PORTAL_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
CASEDESK_PORTAL_UPLOAD_MAX_FILES = env_int("CASEDESK_PORTAL_UPLOAD_MAX_FILES", 10)
_PORTAL_UPLOAD_BODY = CASEDESK_MAX_BODY_BYTES + CASEDESK_PORTAL_UPLOAD_MAX_FILES * (CASEDESK_PORTAL_UPLOAD_MAX_BYTES + 4096)
CASEDESK_MAX_BODY_BYTES_FOR_PATH = {
    "/apply/": _PORTAL_UPLOAD_BODY,
    "/api/portal/applications/": _PORTAL_UPLOAD_BODY,  # multipart with files; JSON keeps the 1 MB limit
    # The worker's answer to the desk's request for more, with further evidence files.
    "/track/answer/": _PORTAL_UPLOAD_BODY,
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "casedesk.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["casedesk.api.parsers.SafeJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "casedesk.api.pagination.CasePagination",
    "PAGE_SIZE": 20,
    "EXCEPTION_HANDLER": "casedesk.web.json_errors.json_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "casedesk API",
    "DESCRIPTION": "工会劳动争议调解案件台账 / a case desk for a trade union's rights-protection work",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ClaimKindEnum": "casedesk.cases.choices.ClaimKind",
        "ReferralKindEnum": "casedesk.cases.choices.ReferralKind",
        "StatusEnum": "casedesk.cases.choices.Status",
        "IdTypeEnum": "casedesk.cases.choices.IdType",
        "DocumentKindEnum": "casedesk.documents.kinds.Kind",
        "ChannelEnum": "casedesk.cases.choices.Channel",
        "ConsultationChannelEnum": "casedesk.consultations.choices.ConsultationChannel",
        "PaymentMethodEnum": "casedesk.cases.choices.PaymentMethod",
        "VisitMethodEnum": "casedesk.cases.choices.VisitMethod",
    },
}

# Personal data (ID numbers, phones, bank accounts) is encrypted at rest with these Fernet keys,
# comma-separated: the first encrypts, all decrypt (casedesk.cases.crypto; README "Personal data key").
CASEDESK_FIELD_KEY = env_str("CASEDESK_FIELD_KEY")
if not CASEDESK_FIELD_KEY:
    # Local, demo and test runs only; `check --deploy` warns while this key is in use.
    CASEDESK_FIELD_KEY = "Y2FzZWRlc2stbG9jYWwtZGV2ZWxvcG1lbnQta2V5ISE="

# The organisation and its documents.
CASEDESK_ORG_NAME = env_str("CASEDESK_ORG_NAME", "某某县总工会")
CASEDESK_DOC_PREFIX = env_str("CASEDESK_DOC_PREFIX", "某工调字")
CASEDESK_PDF_FONT = env_str("CASEDESK_PDF_FONT", "Noto Serif CJK SC")
# Where the QR code on every document leads (the verification page is BASE_URL/verify/<code>/); by
# default the address `make run` serves on (CASEDESK_BIND), so another port stays right.
CASEDESK_BASE_URL = env_str("CASEDESK_BASE_URL", f"http://{env_str('CASEDESK_BIND', '127.0.0.1:8000')}").rstrip("/")
# The PDF variant WeasyPrint writes ("pdf/a-3b" keeps documents and the case file archivable; "" for plain PDF).
CASEDESK_PDF_VARIANT = env_str("CASEDESK_PDF_VARIANT", "pdf/a-3b")
CASEDESK_BROKER_URL = env_str("CASEDESK_BROKER_URL")

# Background work (casedesk.reports): Celery with Redis when CASEDESK_BROKER_URL is set, else
# everything runs in the request or the cron command. Reminders go out daily at this hour.
CELERY_BROKER_URL = CASEDESK_BROKER_URL or None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CASEDESK_REMINDER_HOUR = env_int("CASEDESK_REMINDER_HOUR", 8)

# E-mail (deadline reminders): sent only when CASEDESK_EMAIL_HOST is set.
EMAIL_HOST = env_str("CASEDESK_EMAIL_HOST")
EMAIL_PORT = env_int("CASEDESK_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("CASEDESK_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("CASEDESK_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("CASEDESK_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("CASEDESK_EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("CASEDESK_EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("CASEDESK_EMAIL_FROM", "casedesk@localhost")

# Statutory periods ([M] in DOMAIN.md: kept as settings with the cited default).
CASEDESK_ACCEPTANCE_WORKING_DAYS = env_int("CASEDESK_ACCEPTANCE_WORKING_DAYS", 3)
CASEDESK_MEDIATION_DAYS = env_int("CASEDESK_MEDIATION_DAYS", 15)
CASEDESK_COURT_MEDIATION_DAYS = env_int("CASEDESK_COURT_MEDIATION_DAYS", 30)
CASEDESK_COURT_EXTENSION_MAX_DAYS = env_int("CASEDESK_COURT_EXTENSION_MAX_DAYS", 30)
# The same unmasked view of a case by the same user within this many minutes is counted on one row
# of the access log (0: a row for every view).
CASEDESK_ACCESS_LOG_REPEAT_MINUTES = env_int("CASEDESK_ACCESS_LOG_REPEAT_MINUTES", 5)
# The longest extension of the union's own mediation, past the period's end (a reasonable maximum).
CASEDESK_MAX_EXTENSION_DAYS = env_int("CASEDESK_MAX_EXTENSION_DAYS", 30)
CASEDESK_CONFIRMATION_DAYS = env_int("CASEDESK_CONFIRMATION_DAYS", 30)
CASEDESK_COLLECTIVE_THRESHOLD = env_int("CASEDESK_COLLECTIVE_THRESHOLD", 10)
# A deadline this many working days away or nearer is "due soon" (desk, supervisors' list, timeline).
CASEDESK_DUE_SOON_WORKING_DAYS = env_int("CASEDESK_DUE_SOON_WORKING_DAYS", 2)
# Days after a missed instalment before the mediator may record that the agreement was not performed.
CASEDESK_PERFORMANCE_GRACE_DAYS = env_int("CASEDESK_PERFORMANCE_GRACE_DAYS", 7)
# The arbitration commission the guide to arbitration on an unperformed agreement names.
CASEDESK_ARBITRATION_COMMISSION = os.environ.get("CASEDESK_ARBITRATION_COMMISSION", "某某县劳动人事争议仲裁委员会")
# Document numbers a volunteer or mediator may look up at registration in a minute (repeats of a
# number looked up in the last hour not counted): typing numbers in a loop is enumeration.
CASEDESK_IDENTITY_LOOKUPS_PER_MINUTE = env_int("CASEDESK_IDENTITY_LOOKUPS_PER_MINUTE", 30)
# The look-up counts live in the cache, shared by gunicorn's workers: files under var/ by default.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env_str("CASEDESK_CACHE_DIR", str(VAR_DIR / "cache")),
    }
}

# The online application (casedesk.portal): the phone the worker is given on /track/ and in messages;
# successful applications one client address may send in an hour; wrong tracking number/code pairs
# allowed per tracking number and per address within the window before /track/ answers 429; the
# backend that tells workers when their case moves (dotted path; the default keeps every message in the
# desk's outbox and sends nothing).
CASEDESK_ORG_PHONE = env_str("CASEDESK_ORG_PHONE", "12351")
CASEDESK_PORTAL_APPLICATIONS_PER_HOUR = env_int("CASEDESK_PORTAL_APPLICATIONS_PER_HOUR", 5)
CASEDESK_PORTAL_TRACK_FAILURES = env_int("CASEDESK_PORTAL_TRACK_FAILURES", 5)
CASEDESK_PORTAL_TRACK_WINDOW_MINUTES = env_int("CASEDESK_PORTAL_TRACK_WINDOW_MINUTES", 15)
CASEDESK_PORTAL_MESSAGE_BACKEND = env_str("CASEDESK_PORTAL_MESSAGE_BACKEND", "casedesk.portal.messages.OutboxBackend")
# The generic HTTP SMS gateway (casedesk.portal.messages.SmsGatewayBackend): where to POST, the template the
# gateway fills in, the credentials (HTTP basic), and how long to wait for its answer.
CASEDESK_SMS_GATEWAY_URL = env_str("CASEDESK_SMS_GATEWAY_URL")
CASEDESK_SMS_GATEWAY_TEMPLATE = env_str("CASEDESK_SMS_GATEWAY_TEMPLATE")
CASEDESK_SMS_GATEWAY_KEY_ID = env_str("CASEDESK_SMS_GATEWAY_KEY_ID")
CASEDESK_SMS_GATEWAY_SECRET = env_str("CASEDESK_SMS_GATEWAY_SECRET")
CASEDESK_SMS_GATEWAY_TIMEOUT = env_int("CASEDESK_SMS_GATEWAY_TIMEOUT", 10)
# After this many applications from one address within the hour, /apply/ asks for a picture's characters
# (a challenge, django-simple-captcha) before the next; after this many wrong tracking pairs from one
# address in the tracking window, /track/ does. Both below their 429 limits; 0: never.
CASEDESK_PORTAL_APPLY_CHALLENGE_AFTER = env_int("CASEDESK_PORTAL_APPLY_CHALLENGE_AFTER", 2)
CASEDESK_PORTAL_TRACK_CHALLENGE_AFTER = env_int("CASEDESK_PORTAL_TRACK_CHALLENGE_AFTER", 2)
CAPTCHA_LENGTH = 4
CAPTCHA_TIMEOUT = 10  # minutes a challenge may be answered in
CAPTCHA_FONT_SIZE = 30

# Holds the desk's clock (casedesk.cases.clock) at one ISO moment, e.g. 2026-11-02T10:00+08:00: for
# the test suite and its subprocesses, or a demo of a given day. Never on a real desk (check --deploy).
CASEDESK_CLOCK = env_str("CASEDESK_CLOCK")

SESSION_COOKIE_AGE = env_int("CASEDESK_SESSION_SECONDS", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Desk PCs are shared: a login left alone this long ends (casedesk.desk.idle); typing keeps it alive.
CASEDESK_IDLE_SECONDS = env_int("CASEDESK_IDLE_SECONDS", 30 * 60)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "casedesk.desk.views.account.csrf_failure"

# Password guessing (django-axes): after AXES_FAILURE_LIMIT failures for one user name from one
# client address, that pair is refused for the cool-off time; other users behind the same NAT,
# and the same user from elsewhere, can still log in. A success clears the count.
AXES_FAILURE_LIMIT = env_int("CASEDESK_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("CASEDESK_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "casedesk.web.lockout.client_address"
AXES_LOCKOUT_CALLABLE = "casedesk.web.lockout.lockout_response"
# Two-factor login (casedesk.web.two_factor): supervisors and admins (is_staff, is_superuser) give a
# code from an authenticator app (TOTP) or a recovery code after their password, on the desk and at
# POST /api/auth/token/. Required by default on a real desk, the one served over HTTPS
# (CASEDESK_HTTPS=1, what `check --deploy` expects); `make run` and the tests leave it off, and
# `check --deploy` warns while it is off. Wrong codes count as failed log-ins for django-axes above,
# so django-otp's own per-device delays are off: one throttle, not two.
CASEDESK_REQUIRE_2FA = env_bool("CASEDESK_REQUIRE_2FA", env_bool("CASEDESK_HTTPS", False))
OTP_TOTP_ISSUER = f"{CASEDESK_ORG_NAME} casedesk"
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
# How many reverse proxies of ours stand in front of the desk, each appending to X-Forwarded-For.
# 0: the client address is REMOTE_ADDR and X-Forwarded-For is ignored (it can be forged).
CASEDESK_TRUSTED_PROXY_COUNT = env_int("CASEDESK_TRUSTED_PROXY_COUNT", 0)

# Content-Security-Policy (django-csp): no inline script or style anywhere on the desk; a page
# drawn from a template under a prefix of CASEDESK_CSP_RELAXED_TEMPLATES gets those extra sources
# (casedesk.desk.content_policy).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
# None today: viewflow's own pages, which needed inline styles, are no longer served (workflows.urls).
CASEDESK_CSP_RELAXED_TEMPLATES = {}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if env_bool("CASEDESK_HTTPS", False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("CASEDESK_LOG_LEVEL", "WARNING")},
}
