"""One settings module; every deployment difference comes from environment variables.

DEBUG defaults to off. `make run` sets DEBUG=1 for local development.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from ocop.env import env, env_bool, env_int, env_list, env_rates

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env("OCOP_DATA_DIR", str(BASE_DIR / "data")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and not env_bool("OCOP_TESTING"):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # serves its Swagger UI from the app, not a CDN
    "django_tasks_db",
    "axes",  # login throttling and lockout, attempts logged
    "simple_history",  # one audit history for the records that need it
    "django_otp",
    "django_otp.plugins.otp_totp",  # TOTP two-factor for offices
    "ocop.core",
    "ocop.places",
    "ocop.accounts",
    "ocop.taxonomy",
    "ocop.producers",
    "ocop.recognitions",
    "ocop.imports",
    "ocop.stats",
    "ocop.criteria",
    "ocop.notifications",
    "ocop.certificates",
    "ocop.monitoring",
    "ocop.catalogue",
    "ocop.promotion",
    "ocop.plans",
    "ocop.people",
    "ocop.evaluation",
    "ocop.demo",
    "ocop.ops",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",  # pages compressed (with Django's BREACH mitigation); static files by WhiteNoise
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ocop.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "ocop.accounts.middleware.OfficeSecurityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last: answers a locked-out login
]

ROOT_URLCONF = "ocop.urls"
FORM_RENDERER = "ocop.core.renderers.Renderer"  # Django's, with selects written in Python (see the module)
WSGI_APPLICATION = "ocop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "ocop" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "ocop.accounts.context_processors.roles",
                "ocop.notifications.context_processors.unread",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'ocop.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # mmap_size: the database file read through the memory map (the pages the OS already caches, shared by
        # every process) instead of a read() call per page outside SQLite's small page cache: the register's
        # look-ups by index reach rows all over the file (at 200,000 products, 29 -> 15 ms for the recognitions
        # of one province). Settable with OCOP_SQLITE_MMAP (bytes; 0 turns it off).
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                        f"PRAGMA mmap_size={env_int('OCOP_SQLITE_MMAP', 1 << 30)};",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Content-Security-Policy (Django's own): scripts only from this site, never inline; styles from this site
# (style attributes carry data-driven bar widths); no framing, no plugins, forms post only here.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "ocop.accounts.backends.UsernameOrEmailBackend"]

# Login throttling (django-axes): an account is locked after OCOP_LOGIN_FAILURES wrong passwords in a row,
# whatever the address, for OCOP_LOCKOUT_MINUTES; every attempt is logged (admin: Axes).
AXES_FAILURE_LIMIT = env_int("OCOP_LOGIN_FAILURES", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("OCOP_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username"]
# Locking by account (not by address) is the point: an attacker rotating addresses must not get more guesses.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failed login kept (the lockout counter is reset on success)
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", 1) if env_bool("BEHIND_PROXY") else None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if env_bool("BEHIND_PROXY") else ["REMOTE_ADDR"]

# Sessions: at most OCOP_SESSION_HOURS; office accounts are logged out after OCOP_OFFICE_IDLE_MINUTES idle,
# and must confirm a TOTP code after login when OCOP_REQUIRE_2FA is on (on by default when DEBUG is off).
SESSION_COOKIE_AGE = env_int("OCOP_SESSION_HOURS", 12) * 3600
OCOP_OFFICE_IDLE_MINUTES = env_int("OCOP_OFFICE_IDLE_MINUTES", 30)
OCOP_REQUIRE_2FA = env_bool("OCOP_REQUIRE_2FA", not DEBUG and not env_bool("OCOP_TESTING"))
OTP_TOTP_ISSUER = "OCOP"
OCOP_API_TOKEN_DAYS = env_int("OCOP_API_TOKEN_DAYS", 90)

# Daily jobs run by the task worker (`ocop worker`), once a day whatever the number of workers.
OCOP_DAILY_JOBS = {
    "certificates_daily": {"task": "ocop.certificates.tasks.certificates_daily_task",
                           "at": env("OCOP_CERTIFICATES_DAILY_AT", "00:05")},
    "stats_daily": {"task": "ocop.stats.tasks.stats_daily_task", "at": env("OCOP_STATS_DAILY_AT", "00:01")},
    "import_files": {"task": "ocop.imports.tasks.import_files_cleanup_task", "at": "00:03"},
}
# Stored import files (producers' contacts) are deleted this many days after their import finished.
OCOP_IMPORT_FILES_DAYS = env_int("OCOP_IMPORT_FILES_DAYS", 90)
# Jobs every task worker runs every few seconds: the verification counts waiting in the shared cache, and the
# sweep that marks failed the import jobs whose worker stopped (so within a minute).
OCOP_PERIODIC_JOBS = {
    "verification_log": {"call": "ocop.certificates.verification_log.flush", "every": 5},
    "stale_import_jobs": {"call": "ocop.imports.jobs.sweep_stale_jobs", "every": env_int("OCOP_SWEEP_SECONDS", 15)},
}
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "certificates:start"  # producers land on "my products", everyone else on the dashboard
LOGOUT_REDIRECT_URL = "stats:dashboard"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "ocop" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
if DEBUG or env_bool("OCOP_TESTING"):
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
    WHITENOISE_USE_FINDERS = True
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
OCOP_SERVE_MEDIA = env_bool("OCOP_SERVE_MEDIA", True)  # off when the reverse proxy serves /media/
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Made-once downloads (certificate PDFs, the public register files): private, served by their views.
    "downloads": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                  "OPTIONS": {"location": str(DATA_DIR / "private" / "downloads")}},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("OCOP_TESTING")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
OCOP_IMPORT_MAX_BYTES = env_int("OCOP_IMPORT_MAX_BYTES", 30 * 1024 * 1024)

TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Console e-mail while developing; SMTP (EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER...) when DEBUG is off.
_EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend" if DEBUG
                     else "django.core.mail.backends.smtp.EmailBackend")
MAILERS = {"default": {"BACKEND": _EMAIL_BACKEND}}
if _EMAIL_BACKEND.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": env("EMAIL_HOST", "localhost"), "port": env_int("EMAIL_PORT", 25),
        "username": env("EMAIL_HOST_USER") or None, "password": env("EMAIL_HOST_PASSWORD") or None,
        "use_tls": env_bool("EMAIL_USE_TLS", False), "timeout": env_int("EMAIL_TIMEOUT", 10),
    }
elif _EMAIL_BACKEND.endswith("filebased.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {"file_path": env("EMAIL_FILE_PATH", str(DATA_DIR / "mail"))}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "ocop@localhost")

# The shared cache: rate limits and counters must be the same for every server process. Redis when REDIS_URL is
# set (exact counts, several machines); otherwise files in the data folder, shared by the processes of one machine.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("REDIS_URL")}
        if env("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(DATA_DIR / "cache")}
    )
}

# Per-client limits (requests per window of seconds) for the public pages that cost the most, counted in the shared
# cache (`ocop.core.clients.rate_limited`). Generous: a shop scanning every package's QR code, or an office behind one
# address, never meets them; a scraper does. Tune with OCOP_RATE_LIMITS="verify=3000/600,export=40/600".
OCOP_RATE_LIMITS = env_rates("OCOP_RATE_LIMITS", {
    "search": (600, 300),   # catalogue and register search pages, /api/v1/products and /api/v1/producers
    "verify": (1200, 600),  # /v/<id>, /check/, traceability pages, /api/v1/verify/<id>
    "export": (30, 600),    # register .xlsx, open data CSV/JSON/.xlsx, the office's certificate list
    "pdf": (300, 600),      # certificate and revocation PDFs, label sheets
})
OCOP_RATE_CACHE = env("OCOP_RATE_CACHE", "default")

# Security: strict by default, relaxed only when DEBUG is on.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
BEHIND_PROXY = env_bool("BEHIND_PROXY")
PROXY_COUNT = env_int("PROXY_COUNT", 1)  # trusted proxies in front of the app (X-Forwarded-For)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # A 404/410 answer to a public verification is an expected outcome, not a warning worth a log line.
    "loggers": {"django.request": {"level": env("REQUEST_LOG_LEVEL", "ERROR"), "propagate": True}},
}

# Programme rules that can change are data, but a few operational defaults live here.
OCOP_DEMO_ADMIN_PASSWORD = env("OCOP_DEMO_ADMIN_PASSWORD", "ocop-demo-2026")
# The address printed in QR codes (the public verification page); default: the request's own host.
OCOP_PUBLIC_URL = env("OCOP_PUBLIC_URL")
# The first year OCOP records can carry (Quảng Ninh ran the programme from 2013, the country from 2018).
OCOP_FIRST_YEAR = env_int("OCOP_FIRST_YEAR", 2013)
OCOP_FONT_DIR = env("OCOP_FONT_DIR")
# Stored downloads (certificate PDFs, the public register files) handed to the reverse proxy: the internal
# location that serves the downloads folder (nginx: `location /protected/ { internal; alias /var/lib/ocop/private/downloads/; }`).
OCOP_ACCEL_REDIRECT = env("OCOP_ACCEL_REDIRECT")
# Verification counts are written in batches (see ocop/certificates/verification_log.py); a write that affects
# more than OCOP_ANSWERS_SYNC_MAX products has its verification answers recomputed in the background.
OCOP_VERIFY_LOG_BATCH = env_int("OCOP_VERIFY_LOG_BATCH", 100)
OCOP_VERIFY_LOG_SECONDS = float(env("OCOP_VERIFY_LOG_SECONDS", "1.0"))
OCOP_ANSWERS_SYNC_MAX = env_int("OCOP_ANSWERS_SYNC_MAX", 500)
# Verification answers each web process keeps in memory once read (0: none; see ocop/certificates/answers.py).
OCOP_ANSWER_MEMO = env_int("OCOP_ANSWER_MEMO", 20_000)
