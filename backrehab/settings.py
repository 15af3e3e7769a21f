"""Django settings, all driven by environment variables.

SQLite by default so a fresh checkout just works; DATABASE_URL switches to PostgreSQL.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

# Lets the code write ModelAdmin[Model] and QuerySet[Model] for the type checker.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("BACKREHAB_DATA_DIR", BASE_DIR.parent / "var"))


def envbool(name: str, default: str) -> bool:
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


def envint(name: str, default: str) -> int:
    return int(os.environ.get(name, default))


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEV_SECRET_KEY = "dev-only-insecure-key-change-me"
# On by default so a fresh checkout just works; production sets DEBUG=0 and a SECRET_KEY.
DEBUG = envbool("DEBUG", "1")
SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY if DEBUG else "")
if not DEBUG and SECRET_KEY in ("", DEV_SECRET_KEY):
    # A known key lets anyone forge sessions: refuse to serve health data with one.
    raise ImproperlyConfigured(
        "Set SECRET_KEY to a long random value (or DEBUG=1 for local development)."
    )

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "ninja",
    "backrehab.library",
    "backrehab.clinic",
    "backrehab.care",
    "backrehab.audit",
    "backrehab.messaging",
    "backrehab.portal",
    "backrehab.workspace",
    "backrehab.records",
    "backrehab.exports",
    "backrehab.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "backrehab.no_store.NoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out log-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

if not DEBUG:
    # In production whitenoise serves the collected static files; in DEBUG runserver does.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "backrehab.urls"
WSGI_APPLICATION = "backrehab.wsgi.application"

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
                "backrehab.messaging.context_processors.unread_messages",
            ],
        },
    },
]

if not os.environ.get("DATABASE_URL"):
    # The embedded SQLite database lives in DATA_DIR; a fresh checkout has no such folder yet.
    DATA_DIR.mkdir(parents=True, exist_ok=True)

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'backrehab.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", "60"),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several server processes write to one file: take the write lock when a transaction starts
    # (two that began by reading cannot both upgrade it: "database is locked"), let readers go
    # on during a write (WAL), and wait for the lock rather than fail. Measured in make bench:
    # 9.6 % of session-log POSTs failed without this, none with it. synchronous=FULL: a log
    # the phone was told is saved survives a power cut too (NORMAL was faster, 168 vs 116/s).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compilation cost 50-85 ms on the whole-clinic dashboard query and never paid back.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2 for new and changed passwords; the others only read hashes made before the switch.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    # Counts failed log-ins and refuses further attempts for a while (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = envbool("AXES_ENABLED", "1")
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", "15"))
# Lock the account being guessed from that address, so one patient's typos don't lock a clinic
# sharing one IP address, and a guesser can't lock a patient out from everywhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "locked_out.html"
# The reverse proxies in front of the app (nginx: 1). Their X-Forwarded-For tells the client's
# address to the log-in throttle and the audit log; with 0 (the default) the header is ignored,
# since anyone can send it. See backrehab/client_address.py and docs/production.md.
PROXY_COUNT = envint("PROXY_COUNT", "0")
AXES_CLIENT_IP_CALLABLE = "backrehab.client_address.client_ip"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/my/"
LOGOUT_REDIRECT_URL = "/"
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "backrehab <noreply@localhost>")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "0")
# The address patients use, for links in e-mails (e.g. https://rehab.example.org).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Web Push (notifications on the patient's phone). The server signs each push with a VAPID key
# pair: `backrehab setup` writes one into DATA_DIR (VAPID_KEY_FILE), or production sets
# VAPID_PRIVATE_KEY (PEM, or the raw key in base64url). VAPID_SUBJECT tells push services whom to
# contact (a mailto: or https: address); without it, the DEFAULT_FROM_EMAIL address.
VAPID_PRIVATE_KEY = os.environ.get("VAPID_PRIVATE_KEY", "")
VAPID_KEY_FILE = Path(os.environ.get("VAPID_KEY_FILE", DATA_DIR / "vapid-private-key.pem"))
VAPID_SUBJECT = os.environ.get("VAPID_SUBJECT", "")
# The push services the server posts to (a subscription naming another host is refused, so the
# server cannot be made to post to an address of the patient's choosing). Subdomains included.
PUSH_SERVICE_HOSTS = envlist(
    "PUSH_SERVICE_HOSTS",
    "fcm.googleapis.com,updates.push.services.mozilla.com,push.services.mozilla.com,"
    "push.apple.com,notify.windows.com",
)
# Plain-HTTP push endpoints on this machine (127.0.0.1, localhost): for development and the tests'
# own push service. Always allowed with DEBUG.
PUSH_ALLOW_LOCAL_ENDPOINTS = envbool("PUSH_ALLOW_LOCAL_ENDPOINTS", "0")

# The clinic's licensed ODI / RMDQ wording (a JSON or YAML file, see clinical/questionnaires.py);
# without it those questionnaires are left out of the online evaluation and scoring still works.
BACKREHAB_QUESTIONNAIRE_TEXT = os.environ.get("BACKREHAB_QUESTIONNAIRE_TEXT", "")

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS: list[Path | tuple[str, Path]] = [BASE_DIR / "static"]
# The camera coach's pose model: @mediapipe/pose from the npm registry (package.json; `make run`
# installs it into node_modules, it is never committed), served by our own static files under
# vendor/mediapipe-pose/ so that nothing is fetched from another host. Without it the session
# player simply does not offer the camera.
MEDIAPIPE_POSE_DIR = Path(
    os.environ.get("MEDIAPIPE_POSE_DIR", BASE_DIR.parent / "node_modules" / "@mediapipe" / "pose")
)
MEDIAPIPE_POSE_PREFIX = "vendor/mediapipe-pose"
if (MEDIAPIPE_POSE_DIR / "pose.js").is_file():
    STATICFILES_DIRS.append((MEDIAPIPE_POSE_PREFIX, MEDIAPIPE_POSE_DIR))
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# collectstatic pre-compresses every file (gzip and brotli) except these: the pose model's
# weights and WebAssembly (about 50 MB, fetched once per phone when the camera coach is first
# used, then cached) would make it take minutes for little gain.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [
    # whitenoise's own list (already compressed: images, archives, fonts, video) ...
    *("jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br"),
    *("swf", "flv", "woff", "woff2", "3gp", "3gpp", "asf", "avi", "m4v", "mov", "mp4"),
    *("mpeg", "mpg", "webm", "wmv"),
    # ... and the pose model's
    *("tflite", "data", "wasm", "binarypb"),
]

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Health data travels only over HTTPS in production: cookies are marked Secure and browsers are
# told (HSTS) never to use plain HTTP for this site again. DEBUG (local development) is HTTP.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG and envbool("SECURE_COOKIES", "1")
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = 0 if DEBUG else envint("SECURE_HSTS_SECONDS", "31536000")
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG and envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "1")
SECURE_SSL_REDIRECT = not DEBUG and envbool("SECURE_SSL_REDIRECT", "0")
if envbool("BEHIND_HTTPS_PROXY", "0"):
    # The reverse proxy ends TLS and says so in this header (see README, production set-up).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# No inline script anywhere: every script is a file served by the app, and nothing is loaded
# from another host (django-csp sends the header on every response).
# The session page alone adds 'wasm-unsafe-eval' for the camera coach (portal/views/session.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
