"""Settings, read from the environment with safe defaults for local use.

Every variable is documented in the README. SQLite out of the box, PostgreSQL when
DATABASE_URL says so.
"""
import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("MAILLAGE_DATA_DIR", BASE_DIR / "data"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "oui"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _local_secret_key() -> str:
    """A key generated once and kept in the data folder, so sessions survive restarts."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or _local_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "maillage.apps.MaillageAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "template_partials",
    "django_htmx",
    "simple_history",
    "ninja",
    "axes",
    "csp",
    "core",
    "maillage",
    "accounts",
    "territories",
    "plan",
    "projects",
    "fund",
    "registry",
    "matching",
    "observatory",
    "mobility",
    "governance",
    "dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "accounts.middleware.UserTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "maillage.urls"
WSGI_APPLICATION = "maillage.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'maillage.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Each request opens its connection, so SQLite's own page cache (2 MB) starts empty each
    # time: the file is read through a memory map instead, the kernel's cache shared by every
    # connection and process (bench/search.py: a frequent word's 8 854 matches joined to their
    # documents, 47 → 31 ms).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA mmap_size=1073741824;",
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The dashboard's aggregates are short queries: JIT compilation costs more than it saves.
    # The tables the pages read are in memory (or on SSD): an index page costs about what a
    # table page does, so the planner walks the covering indexes in their order instead of
    # reading the table and sorting it (bench/README.md: régions of the dashboard, 131 →
    # 53 ms at 150 000 projects). PostgreSQL's default, 4, is for spinning disks.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off -c random_page_cost=1.1"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def cache_config(url: str) -> dict:
    """The default cache from CACHE_URL: empty, Django's local memory (one per process,
    enough for one app server); `redis://host:port/db` (or `rediss://`), Redis shared by
    every worker and app server (docs/deployment.md)."""
    url = url.strip()
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if url.split("://", 1)[0] in {"redis", "rediss", "unix"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"CACHE_URL « {url} » : adresse non reconnue ; vide (mémoire locale) ou redis://hôte:port/base attendu."
    )


CACHES = {"default": cache_config(os.environ.get("CACHE_URL", ""))}

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "space"  # each one's space (dashboard.space)
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "fr"
# English is being translated (locale/en covers the layout, accounts and registry); it is
# offered once complete, so that nobody is served a page half in French, half in English.
LANGUAGES = [
    ("fr", _("Français (France)")),
    ("fr-ca", _("Français (Québec)")),
    ("en", _("English")),  # each language is named in itself in every catalogue
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Paris")
FORMAT_MODULE_PATH = ["maillage.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "staticfiles"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files come from the apps themselves (no collectstatic needed to run locally).
WHITENOISE_USE_FINDERS = True
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
# The reporting organisation of the IATI export (GET /api/v1/export/iati.xml,
# dashboard/opendata/iati.py): its organisation identifier (an agency prefix of IATI's
# OrganisationRegistrationAgency list, e.g. XI-IATI-… once IATI assigns one), its name and
# its OrganisationType (10: government). The activities' identifiers start with the
# identifier: keep it stable once published.
IATI_REPORTING_ORG_REF = os.environ.get("IATI_REPORTING_ORG_REF", "XI-IATI-MAILLAGE")
IATI_REPORTING_ORG_NAME = os.environ.get(
    "IATI_REPORTING_ORG_NAME", "Secrétariat de la coopération décentralisée franco-québécoise")
IATI_REPORTING_ORG_TYPE = os.environ.get("IATI_REPORTING_ORG_TYPE", "10")
# Uploaded files are served only by projects:document_download, which checks access; never
# route MEDIA_URL to MEDIA_ROOT (urls.py, the web server).
# The largest file accepted; a request announcing more (plus a form's margin) gets a 413
# before its body is read (core.middleware.RequestSizeLimitMiddleware).
MAX_UPLOAD_SIZE = int(os.environ.get("MAX_UPLOAD_MB", "10")) * 1024 * 1024
# Django's defaults, stated beside the limit: form fields and API bodies (files not
# counted) up to 2.5 MiB, refused above (400); uploads above 2.5 MiB are streamed to disk.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Maillage <noreply@maillage.local>")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
# A working day: accounts edit records and the secretariat administers everything, so a
# session left open on a shared computer must not last Django's two weeks. Counted from the
# login (the session is not saved on every request, which would write the database each time).
SESSION_COOKIE_AGE = int(float(os.environ.get("SESSION_HOURS", "8")) * 3600)
# Browsers that restore tabs keep "session" cookies anyway: SESSION_HOURS is the real bound.
SESSION_EXPIRE_AT_BROWSER_CLOSE = False
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# No script reads the CSRF cookie: htmx sends the token from <body hx-headers> (base.html),
# forms from their hidden field.
CSRF_COOKIE_HTTPONLY = True
# A refused form gets the French 403 page in the layout (templates/403.html).
CSRF_FAILURE_VIEW = "maillage.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
# HTTPS in production; off by default so that a local run over plain HTTP works.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    # Only behind a proxy that sets this header itself: clients could forge it otherwise.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Behind a reverse proxy every request comes from the proxy's address: the login and
# password-reset limits per IP address need the client's, from the proxy's X-Forwarded-For.
TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR", False)

# Content-Security-Policy (django-csp): everything comes from this server, no inline script
# and no inline style (the SVG charts use presentation attributes, htmx's indicator styles
# are in site.css). data: images are Swagger UI's icons (its CSS), on /api/v1/docs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Password guessing (django-axes, accounts/throttling.py): an account, and separately an IP
# address, is locked after LOGIN_FAILURE_LIMIT failed logins, for LOGIN_COOLOFF_MINUTES after
# the last one; the secretariat unlocks it in the admin.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
AXES_LOCKOUT_CALLABLE = "accounts.throttling.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_ip"
# Kept off (axes' default): a successful login would erase its IP address's failures, so one
# valid account would let its owner guess other accounts' passwords past the per-IP limit.
AXES_RESET_ON_SUCCESS = False
# Password-reset mails per hour, per e-mail address and per IP address.
PASSWORD_RESET_LIMIT_PER_EMAIL = int(os.environ.get("PASSWORD_RESET_LIMIT_PER_EMAIL", "3"))
PASSWORD_RESET_LIMIT_PER_IP = int(os.environ.get("PASSWORD_RESET_LIMIT_PER_IP", "10"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "accounts.backends.SecretariatBackend"]
