"""qihub settings, read from the environment.

Every variable is listed, with its default, in the README's "Configuration" table. Nothing secret
lives here: production must set QIHUB_SECRET_KEY, and the demo/debug defaults apply only when
QIHUB_DEBUG is on.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("QIHUB_VAR_DIR", BASE_DIR / "var"))

DEBUG = env_bool("QIHUB_DEBUG")
# Demo mode lets `qihub demo` create the well-known demo accounts; it is never on in production.
DEMO_MODE = env_bool("QIHUB_DEMO_MODE", default=DEBUG)

SECRET_KEY = os.environ.get("QIHUB_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set QIHUB_SECRET_KEY (or QIHUB_DEBUG=1 for local development).")
    SECRET_KEY = "insecure-development-key-" + "x" * 40
# Old keys still accepted after a rotation (comma-separated): sessions signed with them, and votes
# sealed with them while a competition's voting is open (see docs/competitions.md).
SECRET_KEY_FALLBACKS = env_list("QIHUB_SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env_list("QIHUB_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("QIHUB_CSRF_TRUSTED_ORIGINS")
SITE_NAME = os.environ.get("QIHUB_SITE_NAME", "qihub")
WAGTAIL_SITE_NAME = SITE_NAME
WAGTAILADMIN_BASE_URL = os.environ.get("QIHUB_BASE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "qihub.core",
    "qihub.engagement",
    "qihub.microsite",
    "qihub.measurement",
    "qihub.api",
    "qihub.competitions",
    "qihub.programme",
    "qihub.consultations",
    "qihub.events",
    "qihub.groups",
    "qihub.critical_mass",
    "wagtailnhsukfrontend",
    "wagtailnhsukfrontend.settings",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_tasks",
    "django_tasks_db",
    # Swagger UI's scripts and styles for /api/v1/docs, served from this site, not a CDN.
    "ninja",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "qihub.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "qihub.urls"
WSGI_APPLICATION = "qihub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "qihub" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "qihub.core.context_processors.qi_team",
                "qihub.microsite.context_processors.chrome",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'qihub.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # IMMEDIATE transactions take the write lock up front, so concurrent writers queue on the
    # busy timeout instead of failing with "database is locked" mid-transaction.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    # Django's and allauth's, each loading the person and QI-team membership with the user.
    "qihub.core.auth_backends.ModelBackend",
    "qihub.core.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:account"

# django-allauth: email is the identifier; a one-time code by email is an alternative to a
# password; attempts are rate-limited (allauth's defaults, stated here so they are visible).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_FORM_CLASS = "qihub.core.forms.SignupForm"
ACCOUNT_ADAPTER = "qihub.core.adapters.AccountAdapter"
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "request_login_code": "20/m/ip,3/m/key",
}
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_PROVIDERS: dict[str, dict] = {}
OIDC_REQUIRED = ["QIHUB_OIDC_SERVER_URL", "QIHUB_OIDC_CLIENT_ID", "QIHUB_OIDC_CLIENT_SECRET"]
OIDC_GIVEN = [name for name in OIDC_REQUIRED if os.environ.get(name)]
if OIDC_GIVEN:
    # Single sign-on (Microsoft Entra ID, NHSmail or any OpenID Connect provider): off unless set.
    OIDC_MISSING = [name for name in OIDC_REQUIRED if name not in OIDC_GIVEN]
    if OIDC_MISSING:
        raise ImproperlyConfigured(
            f"Single sign-on is half set up: set {' and '.join(OIDC_MISSING)} as well as "
            f"{' and '.join(OIDC_GIVEN)}, or unset them all (docs/sso.md)."
        )
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "APPS": [
            {
                "provider_id": os.environ.get("QIHUB_OIDC_PROVIDER_ID", "sso"),
                "name": os.environ.get("QIHUB_OIDC_NAME", "your organisation account"),
                "client_id": os.environ["QIHUB_OIDC_CLIENT_ID"],
                "secret": os.environ["QIHUB_OIDC_CLIENT_SECRET"],
                "settings": {"server_url": os.environ["QIHUB_OIDC_SERVER_URL"]},
            }
        ],
        "EMAIL_AUTHENTICATION": True,
        "VERIFIED_EMAIL": env_bool("QIHUB_OIDC_EMAIL_VERIFIED", default=True),
    }

# "default" holds allauth's sign-in rate-limit counters, so every worker process and app server
# must share it: Redis when QIHUB_REDIS_URL is set, else the database (its table is made by
# `qihub migrate`); only development keeps it in each process's memory, where two workers would
# let twice the attempts through. "local" is each process's own memory, for values that may
# differ between processes for a moment (the voting shortlist and turnout in the rush).
# "template_fragments" (the name Django's {% cache %} tag looks for) holds the rendered NHS header,
# navigation and footer (qihub/microsite/chrome.py). It is always each process's own memory,
# bounded: the navigation is kept per path, and a flood of made-up paths must not push the
# rate-limit counters out of a shared cache. A back-office edit clears it in the process that
# made it; the five-minute timeout brings every other process up to date.
FRAGMENT_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "template-fragments",
    "TIMEOUT": 300,
    "OPTIONS": {"MAX_ENTRIES": 1000},
}
if os.environ.get("QIHUB_REDIS_URL"):
    SHARED_CACHE = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["QIHUB_REDIS_URL"],
    }
elif DEBUG:
    SHARED_CACHE = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
else:
    SHARED_CACHE = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "qihub_cache",
    }
CACHES = {
    "default": SHARED_CACHE,
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "local"},
    "template_fragments": FRAGMENT_CACHE,
}

# Votes wait, sealed, until this many can go into the ballot box together (docs/competitions.md).
QIHUB_VOTE_MIX_BATCH = env_int("QIHUB_VOTE_MIX_BATCH", 100)
if QIHUB_VOTE_MIX_BATCH < 10:
    raise ImproperlyConfigured(
        "QIHUB_VOTE_MIX_BATCH must be at least 10: a batch is the crowd a ballot hides in."
    )

TASKS = {
    "default": {
        "BACKEND": os.environ.get("QIHUB_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

if not DEBUG:
    DEFAULT_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
elif DEMO_MODE:
    # Saves every email under var/mail/, prints only those for the person trying the demo.
    DEFAULT_EMAIL_BACKEND = "qihub.core.mail.DemoEmailBackend"
else:
    DEFAULT_EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_BACKEND = os.environ.get("QIHUB_EMAIL_BACKEND", DEFAULT_EMAIL_BACKEND)
EMAIL_HOST = os.environ.get("QIHUB_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("QIHUB_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("QIHUB_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("QIHUB_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("QIHUB_EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("QIHUB_DEFAULT_FROM_EMAIL", "qihub <qihub@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "en-gb"
# Sentence case for allauth's pages (qihub/locale/en_GB/LC_MESSAGES/django.po).
LOCALE_PATHS = [BASE_DIR / "qihub" / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("QIHUB_STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("QIHUB_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "qihub.core.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Every way into an account goes through allauth (rate limits, email verification): the back
# office and private pages send people to its sign-in page, Wagtail's own password reset and its
# account page's email and password forms are off (allauth's pages do both), and qihub/urls.py
# redirects Wagtail's sign-in and reset addresses to allauth's.
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
# No avatars from gravatar.com: it would learn a hash of each QI-team member's email.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "pdf", "pptx", "xlsx", "txt"]
# Back-office images are checked and cleaned as competition entries' are (qihub/core/images.py):
# PNG or JPEG, 10 MB, 40 million pixels and 10,000 a side, stored without metadata.
WAGTAILIMAGES_IMAGE_FORM_BASE = "qihub.core.wagtail_images.CheckedImageForm"
WAGTAILIMAGES_EXTENSIONS = ["png", "jpg", "jpeg"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000

# Security headers. The Content-Security-Policy allows only this site's own scripts and styles;
# the Wagtail back office (inline scripts and styles) and the API's Swagger UI (inline styles)
# get policies of their own, which still load nothing from elsewhere (qihub.core.middleware).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("QIHUB_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("QIHUB_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("QIHUB_HSTS_PRELOAD", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SITE_CSP = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF, "data:"],
    "font-src": [SELF],
    "connect-src": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [NONE],
    "base-uri": [SELF],
    "object-src": [NONE],
}
CONTENT_SECURITY_POLICY = {"DIRECTIVES": SITE_CSP}
QIHUB_CSP_BY_PATH = {
    "/admin/": {
        **SITE_CSP,
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        # The page editor's live preview shows the page in a frame of the back office.
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
    },
    "/api/v1/docs": {**SITE_CSP, "style-src": [SELF, UNSAFE_INLINE]},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("QIHUB_LOG_LEVEL", "WARNING")},
}
