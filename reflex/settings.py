"""RéFLEX settings: one module, read from the environment (see README.md for every variable)."""

import sys
import warnings
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)


def _env_bool(name, default):
    raw = env.str(name, default=None)
    if raw is None:
        return default
    if raw.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.strip().lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def _env_int(name, default):
    try:
        return env.int(name, default=default)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {env.str(name)!r}.") from exc


def _env_float(name, default):
    try:
        value = env.float(name, default=default)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a number, not {env.str(name)!r}.") from exc
    if value <= 0:
        raise ImproperlyConfigured(f"{name} must be positive, not {env.str(name)!r}.")
    return value


DEBUG = _env_bool("DEBUG", True)
TESTING = _env_bool("TESTING", "pytest" in sys.modules)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-change-me-in-production-0123456789abcdef")
else:
    SECRET_KEY = env.str("SECRET_KEY")  # ImproperlyConfigured names the variable when it is missing
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long in production.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # ArrayField for the directory's themes, publics and modes
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # single-use backup codes, for a lost phone
    "pgtrigger",
    "pghistory",
    "partners",
    "youths",
    "outreach",
    "accompaniment",
    "orientation",
    "reflex.reports",
    "reflex.audit",
    "reflex.privacy",
    "reflex.worker",
    "reflex.submissions",
    "reflex",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "reflex.busy.DatabaseBusyMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "reflex.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "reflex.middleware.SecondFactorMiddleware",
    "reflex.middleware.NoStoreMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "reflex.urls"
WSGI_APPLICATION = "reflex.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "reflex.navigation.navigation",
            ],
        },
    },
]

# Database: PostgreSQL only. DATABASE_URL points at any server; without it, an embedded one under var/.
if env.str("DATABASE_URL", default=""):
    try:
        with warnings.catch_warnings():  # django-environ's warning would print the URL, password included
            warnings.simplefilter("ignore")
            DATABASES = {"default": env.db("DATABASE_URL")}
    except Exception as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is malformed ({type(exc).__name__}).") from None
    if DATABASES["default"].get("ENGINE") != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            "DATABASE_URL must point at a PostgreSQL server: postgres://user:password@host:5432/name."
        )
    DATABASE_OWNER = None
else:  # the embedded server, with two roles as in production: `postgres` migrates, the application is `reflex_app`
    from reflex.embedded_db import embedded_database_urls

    _app_url, _owner_url = embedded_database_urls(VAR_DIR)
    DATABASES = {"default": environ.Env.db_url_config(_app_url)}
    DATABASE_OWNER = environ.Env.db_url_config(_owner_url)
# The owner role that migrates, when the application runs as a role that owns nothing (reflex/audit/database_roles.py):
# `manage.py migrate` connects with it, then grants DATABASE_URL's role its rights. Unset: one role does both.
if env.str("DATABASE_OWNER_URL", default=""):
    try:
        DATABASE_OWNER = env.db("DATABASE_OWNER_URL")
    except Exception as exc:
        raise ImproperlyConfigured(f"DATABASE_OWNER_URL is malformed: {exc}") from exc
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME", default=None)}
DATABASES["default"]["CONN_MAX_AGE"] = 0
# JIT compilation pays off for long analytical queries, not for a web app's: on our pages it cost more than the
# queries themselves (the planner's cost estimates for correlated subqueries at department scale cross its threshold).
# No query waits or runs for ever: a page's statements are cancelled by PostgreSQL after DATABASE_STATEMENT_TIMEOUT
# seconds, and give up waiting for a lock after DATABASE_LOCK_TIMEOUT (the person gets a "try again" page, see
# reflex/busy.py). The worker and management commands (reports, imports, migrations) have their own, longer limits.
DATABASE_STATEMENT_TIMEOUT = _env_float("DATABASE_STATEMENT_TIMEOUT", 20)
DATABASE_LOCK_TIMEOUT = _env_float("DATABASE_LOCK_TIMEOUT", 5)
WORKER_STATEMENT_TIMEOUT = _env_float("WORKER_STATEMENT_TIMEOUT", 600)
WORKER_LOCK_TIMEOUT = _env_float("WORKER_LOCK_TIMEOUT", 60)
_manage_command = sys.argv[1] if Path(sys.argv[0]).name == "manage.py" and len(sys.argv) > 1 else None
SERVES_REQUESTS = _manage_command in (None, "runserver", "testserver")  # gunicorn, pytest and the dev server
_statement_timeout, _lock_timeout = (
    (DATABASE_STATEMENT_TIMEOUT, DATABASE_LOCK_TIMEOUT)
    if SERVES_REQUESTS
    else (WORKER_STATEMENT_TIMEOUT, WORKER_LOCK_TIMEOUT)
)
DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
    "options",
    f"-c jit=off -c statement_timeout={int(_statement_timeout * 1000)} -c lock_timeout={int(_lock_timeout * 1000)}",
)
# The pool checks each connection before lending it (a connection cut by a PostgreSQL restart is replaced instead of
# failing one person's request).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["OPTIONS"]["pool"] = {
    "min_size": 1,
    "max_size": _env_int("DATABASE_POOL_MAX_SIZE", 10),
    "timeout": 10,
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "partners.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Passwords per CNIL deliberation 2022-100 (about 80 bits): 12 characters of four kinds, 14 of three, or a
# passphrase of 20; never a common password; no forced rotation (CNIL advises against it).
# Argon2id first (argon2-cffi; reflex/audit/passwords.py for its parameters); older PBKDF2 hashes still verify and
# are rewritten as Argon2 at their owner's next login (Django does it when the first hasher differs).
PASSWORD_HASHERS = [
    "reflex.audit.passwords.ReflexArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "reflex.audit.passwords.CnilStrengthValidator"},
]

# Login protection (reflex/audit/SECURITY.md): django-axes locks a username tried
# from one address after LOGIN_FAILURE_LIMIT failures, for LOGIN_LOCKOUT_MINUTES; a coordinator can unlock it.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = _env_bool("AXES_ENABLED", not TESTING)  # the test client's login() carries no request; tests opt in
AXES_FAILURE_LIMIT = _env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=_env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
# Variants the login accepts for one account (case, spaces, NFKC look-alikes) share one counter.
AXES_USERNAME_CALLABLE = "reflex.audit.lockout.username_for_axes"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# A second factor (TOTP) is required for coordinators and administrators, optional for everyone else.
OTP_TOTP_ISSUER = "RéFLEX"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin shows neither TOTP secrets nor backup codes
SECOND_FACTOR_BACKUP_CODES = 10  # single-use codes shown once at enrolment, for a lost phone
SECOND_FACTOR_ENROLMENT_LINK_HOURS = 72  # an enrolment link (administrator or password-reset e-mail) expires then
# Change history (django-pghistory): the signed-in person and URL are attached to changes made by these requests.
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# The access journal: entries older than this are purged (CNIL: 6 to 12 months).
ACCESS_JOURNAL_RETENTION_MONTHS = _env_int("ACCESS_JOURNAL_RETENTION_MONTHS", 12)
if not 6 <= ACCESS_JOURNAL_RETENTION_MONTHS <= 12:
    raise ImproperlyConfigured("ACCESS_JOURNAL_RETENTION_MONTHS must be between 6 and 12.")
# Retention (reflex/privacy): young people with no contact for this many years are anonymised (apply_retention).
RETENTION_YEARS = _env_int("RETENTION_YEARS", 2)

# Sessions end after inactivity and when the browser closes.
SESSION_COOKIE_AGE = _env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Paris"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# Generated reports: private files, never served as media. Unset: var/reports (a temporary folder under pytest).
REPORTS_ROOT = env.str("REPORTS_ROOT", default="") or None
WHITENOISE_USE_FINDERS = DEBUG or TESTING
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Capitalised labels and "— Choisir —" for empty choices in every form (reflex/form_rendering.py).
FORM_RENDERER = "reflex.form_rendering.FormRenderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="reflex@localhost")
# Where people report an accessibility barrier (the accessibility statement, /accessibilite/, publishes it).
ACCESSIBILITY_CONTACT = env.str("ACCESSIBILITY_CONTACT", default=DEFAULT_FROM_EMAIL)
if env.str("EMAIL_URL", default=""):  # smtp+tls://user:password@host:587
    try:
        _smtp = env.email_url("EMAIL_URL")
    except Exception:
        raise ImproperlyConfigured("EMAIL_URL is malformed: smtp+tls://user:password@host:587.") from None
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _smtp["EMAIL_HOST"],
                "port": _smtp["EMAIL_PORT"],
                "username": _smtp["EMAIL_HOST_USER"],
                "password": _smtp["EMAIL_HOST_PASSWORD"],
                "use_tls": _smtp.get("EMAIL_USE_TLS", False),
                "use_ssl": _smtp.get("EMAIL_USE_SSL", False),
            },
        }
    }
elif DEBUG:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    raise ImproperlyConfigured("Set EMAIL_URL (smtp+tls://user:password@host:587): staff reset passwords by e-mail.")

# The worker (`manage.py worker`, reflex/worker/runner.py): how often it says it is alive, and after how long without
# a word a running task is taken back from it (queued again, or failed after its attempts).
WORKER_HEARTBEAT_SECONDS = _env_float("WORKER_HEARTBEAT_SECONDS", 10)
WORKER_LOST_AFTER_SECONDS = _env_float("WORKER_LOST_AFTER_SECONDS", 60)
WORKER_HARD_LIMIT_GRACE_SECONDS = _env_float("WORKER_HARD_LIMIT_GRACE_SECONDS", 30)
if WORKER_LOST_AFTER_SECONDS < 2 * WORKER_HEARTBEAT_SECONDS:
    raise ImproperlyConfigured("WORKER_LOST_AFTER_SECONDS must be at least twice WORKER_HEARTBEAT_SECONDS.")

# Appointment reminders by text message (accompaniment/sms.py): "console" writes them to the log, "http" posts them
# to the provider's JSON endpoint.
SMS_BACKEND = env.str("SMS_BACKEND", default="console")
if SMS_BACKEND not in ("console", "http"):
    raise ImproperlyConfigured("SMS_BACKEND must be 'console' or 'http'.")
SMS_HTTP_URL = env.str("SMS_HTTP_URL", default="")
SMS_HTTP_TOKEN = env.str("SMS_HTTP_TOKEN", default="")
SMS_SENDER = env.str("SMS_SENDER", default="REFLEX")
if SMS_BACKEND == "http" and not (SMS_HTTP_URL and SMS_HTTP_TOKEN):
    raise ImproperlyConfigured("SMS_BACKEND=http needs SMS_HTTP_URL and SMS_HTTP_TOKEN.")

TASKS = {
    "default": {
        "BACKEND": "django.tasks.backends.immediate.ImmediateBackend"
        if TESTING
        else "django_tasks_db.DatabaseBackend",
    }
}

# Security: secure by default outside DEBUG; SECURE_PROXY_SSL_HEADER when behind a TLS-terminating proxy.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = _env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = _env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if _env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    AXES_IPWARE_PROXY_COUNT = 1  # the client address is the last one the proxy appended to X-Forwarded-For
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
# Content-Security-Policy: our own files only; inline <script>/<style> only with the request's nonce; no inline
# event handlers. Style *attributes* stay allowed (progress bars, SVG charts) — they cannot run code.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "script-src-attr": [CSP.NONE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "style-src-attr": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "pgserver": {"level": "WARNING"},
        # The pool warns at each failed attempt to connect; what a person or the worker meets is said once instead.
        "psycopg.pool": {"level": "ERROR"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
