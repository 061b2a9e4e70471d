"""Settings for ``glimmers server``: many people, one PostgreSQL, settings from the environment.

Built on the local app's settings (``glimmers.settings.build``) so both serve
the same pages; what differs is who may see them (accounts instead of a
token on loopback), where state lives (PostgreSQL only: sessions, rate
limits and lockouts in the database, so any process can answer any request)
and how it is served (gunicorn, whitenoise's hashed and compressed files).

Every value comes from an environment variable (docs/DEPLOY.md lists them);
a missing or bad one stops the server with a sentence saying which. With
``GLIMMERS_SERVER_LOCAL=1`` (``glimmers server run --local``) it runs on this
computer for trying out: loopback names, plain HTTP, a key kept in the data
folder, emails printed instead of sent.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Mapping

from glimmers import paths
from glimmers.settings import SettingsError, _flag, build as build_local

SIGNUP_MODES = ("open", "invite", "closed")
# How mail leaves: TLS from the start (port 465), STARTTLS, or plain to a relay on this machine.
EMAIL_SECURITY = ("tls", "starttls", "none")
LOCAL_SERVER_HOSTS = ("127.0.0.1", "localhost", "[::1]")
MIN_SECRET_LENGTH = 50
# A signed-in browser stays signed in while it is used; after two weeks
# without a visit it must sign in again.
SESSION_IDLE_SECONDS = 60 * 60 * 24 * 14
PASSWORD_MIN_LENGTH = 10
# Failed sign-ins before an account (and the address trying it) must wait, and for how long.
LOCKOUT_FAILURES = 5
LOCKOUT_HOURS = 1


def _database(environ: Mapping[str, str]) -> dict:
    import dj_database_url

    url = environ.get("DATABASE_URL", "").strip()
    if not url:
        raise SettingsError(
            "glimmers server needs a PostgreSQL database: set DATABASE_URL, e.g. postgresql://glimmers@127.0.0.1:5432/glimmers."
        )
    try:
        # Connections are kept between requests (health-checked first): a new
        # connection per request costs more than the request itself.
        parsed = dj_database_url.parse(
            url, conn_max_age=600, conn_health_checks=True,
            # Behind PgBouncer in transaction pooling, a cursor cannot outlive its transaction.
            disable_server_side_cursors=_flag(environ, "GLIMMERS_DB_TRANSACTION_POOLING"),
        )
    except Exception as exc:  # noqa: BLE001 - the library raises several kinds
        raise SettingsError(f"DATABASE_URL is not a database address I understand: {exc}") from None
    if not parsed.get("ENGINE", "").endswith("postgresql"):
        raise SettingsError("glimmers server runs on PostgreSQL only; DATABASE_URL must start with postgresql://.")
    return parsed


def _secret_key(environ: Mapping[str, str], local: bool) -> str:
    key = environ.get("GLIMMERS_SECRET_KEY", "").strip()
    if key:
        if len(key) < MIN_SECRET_LENGTH:
            raise SettingsError(f"GLIMMERS_SECRET_KEY must be at least {MIN_SECRET_LENGTH} characters long.")
        return key
    if local:
        # Kept in the data folder (owner-only), so sessions outlive a restart.
        import hashlib

        return hashlib.sha512(paths.secret("server_secret_key").encode()).hexdigest()
    raise SettingsError(
        "Set GLIMMERS_SECRET_KEY to a long random value (python3 -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )


def _hosts(environ: Mapping[str, str], local: bool) -> list[str]:
    hosts = [host.strip() for host in environ.get("GLIMMERS_ALLOWED_HOSTS", "").split(",") if host.strip()]
    if hosts:
        return hosts
    if local:
        return list(LOCAL_SERVER_HOSTS)
    raise SettingsError("Set GLIMMERS_ALLOWED_HOSTS to the names the service answers to, e.g. glimmers.example.org.")


def _email(environ: Mapping[str, str], local: bool) -> dict:
    host = environ.get("GLIMMERS_EMAIL_HOST", "").strip()
    sender = environ.get("GLIMMERS_EMAIL_FROM", "").strip() or "glimmers <no-reply@localhost>"
    values = {"DEFAULT_FROM_EMAIL": sender, "SERVER_EMAIL": sender, "EMAIL_SUBJECT_PREFIX": "[glimmers] "}
    if environ.get("GLIMMERS_EMAIL_BACKEND", "").strip():
        # For tests and unusual setups: a dotted path to any Django email backend.
        return values | {"EMAIL_BACKEND": environ["GLIMMERS_EMAIL_BACKEND"].strip()}
    if not host:
        if local:
            # Trying it out: the links an email would carry are printed where the server runs.
            return values | {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
        raise SettingsError("Set GLIMMERS_EMAIL_HOST (and GLIMMERS_EMAIL_FROM): sign-up and password resets send email.")
    try:
        port = int(environ.get("GLIMMERS_EMAIL_PORT", "587"))
    except ValueError:
        raise SettingsError("GLIMMERS_EMAIL_PORT must be a number.") from None
    security = environ.get("GLIMMERS_EMAIL_SECURITY", "").strip().lower() or ("tls" if port == 465 else "starttls")
    if security not in EMAIL_SECURITY:
        raise SettingsError(f"GLIMMERS_EMAIL_SECURITY is one of {', '.join(EMAIL_SECURITY)}, not {security!r}.")
    if security == "none" and host not in LOCAL_SERVER_HOSTS:
        raise SettingsError("GLIMMERS_EMAIL_SECURITY=none is only for a relay on this machine (127.0.0.1 or localhost).")
    return values | {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": host,
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": environ.get("GLIMMERS_EMAIL_USER", ""),
        "EMAIL_HOST_PASSWORD": environ.get("GLIMMERS_EMAIL_PASSWORD", ""),
        "EMAIL_USE_TLS": security == "starttls",
        "EMAIL_USE_SSL": security == "tls",
        "EMAIL_TIMEOUT": 20,
    }


def _signup(environ: Mapping[str, str], local: bool) -> str:
    mode = environ.get("GLIMMERS_SIGNUP", "").strip().lower() or ("open" if local else "invite")
    if mode not in SIGNUP_MODES:
        raise SettingsError(f"GLIMMERS_SIGNUP is one of {', '.join(SIGNUP_MODES)}, not {mode!r}.")
    return mode


def build(environ: Mapping[str, str] | None = None) -> dict:
    environ = os.environ if environ is None else environ
    local = _flag(environ, "GLIMMERS_SERVER_LOCAL")
    database = _database(environ)  # the first thing a new operator must give
    base = build_local({key: value for key, value in environ.items() if key != "DATABASE_URL"} | {"GLIMMERS_DEMO": ""})
    secure = not local and not _flag(environ, "GLIMMERS_INSECURE_HTTP")
    hosts = _hosts(environ, local)
    static_root = Path(environ.get("GLIMMERS_STATIC_ROOT", "") or paths.ensure_home() / "server-static")
    middleware = [
        "glimmers.server.logs.request_log",
        "glimmers.web.middleware.request_guard",
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "allauth.account.middleware.AccountMiddleware",
        # allauth.usersessions.middleware.UserSessionsMiddleware, written to less often:
        "glimmers.server.middleware.track_sessions",
        # Every request reads and writes as the person signed in, and only them;
        # signed out, only the open pages (help, sign-in) answer.
        "glimmers.server.middleware.acting_person",
        "glimmers.web.middleware.speak_language",
        "glimmers.web.middleware.privacy_headers",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
        "glimmers.web.middleware.person_timezone",
        "glimmers.server.middleware.staff_two_factor",
        "glimmers.web.errors.error_exit",
        "glimmers.web.text_guard.refuse_unreadable_text",
        # Last, as django-axes asks: it answers a locked-out sign-in.
        "axes.middleware.AxesMiddleware",
    ]
    apps = [
        "django.contrib.admin",
        "django.contrib.contenttypes",
        "django.contrib.auth",
        "django.contrib.sessions",
        "django.contrib.messages",
        "django.contrib.staticfiles",
        "django.contrib.humanize",  # allauth's list of sessions uses its filters
        "allauth",
        "allauth.account",
        "allauth.mfa",
        "allauth.usersessions",
        "axes",
        *[app for app in base["INSTALLED_APPS"] if app.startswith("glimmers.")],
        "glimmers.sharing",  # people who help: only where there are other people
        # Last, so its admin can take back what the others registered (glimmers.server.admin).
        "glimmers.server",
    ]
    templates = [dict(base["TEMPLATES"][0])]
    # Looked at before any app's: the account pages in glimmers' own layout win over allauth's.
    templates[0]["DIRS"] = [str(Path(__file__).resolve().parent / "templates")]
    templates[0]["OPTIONS"] = {
        **templates[0]["OPTIONS"],
        "context_processors": [*templates[0]["OPTIONS"]["context_processors"], "django.contrib.auth.context_processors.auth"],
    }
    settings = base | {
        "TEMPLATES": templates,
        "GLIMMERS_ACCOUNTS": True,
        "GLIMMERS_SERVER_LOCAL": local,
        "GLIMMERS_SIGNUP": _signup(environ, local),
        "GLIMMERS_TIMEZONE": "UTC",  # each person's own zone is in their settings
        "GLIMMERS_ACCESS_TOKEN": "",
        "DEBUG": False,
        "SECRET_KEY": _secret_key(environ, local),
        "ALLOWED_HOSTS": hosts,
        "CSRF_TRUSTED_ORIGINS": [f"{'https' if secure else 'http'}://{host}" for host in hosts if host != "*"],
        "INSTALLED_APPS": apps,
        "MIDDLEWARE": middleware,
        "ROOT_URLCONF": "glimmers.server.urls",
        "WSGI_APPLICATION": "glimmers.server.wsgi.application",
        "DATABASES": {"default": database},
        # Shared by every process (rate limits of sign-in and sign-up live here).
        "CACHES": {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "glimmers_cache"}},
        "SESSION_ENGINE": "django.contrib.sessions.backends.db",
        "SESSION_COOKIE_AGE": SESSION_IDLE_SECONDS,
        # Lax, not Strict: a link in an email (confirm, reset) must arrive signed in.
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure,
        "CSRF_COOKIE_SECURE": secure,
        "SECURE_SSL_REDIRECT": secure and not _flag(environ, "GLIMMERS_TLS_REDIRECT_OFF"),
        "SECURE_REDIRECT_EXEMPT": [r"^health/$"],
        "SECURE_HSTS_SECONDS": 60 * 60 * 24 * 365 if secure else 0,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": secure,
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https") if _flag(environ, "GLIMMERS_BEHIND_TLS_PROXY") else None,
        "USE_X_FORWARDED_HOST": False,
        "STATIC_ROOT": str(static_root),
        "STORAGES": {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
        },
        "WHITENOISE_USE_FINDERS": False,
        "WHITENOISE_AUTOREFRESH": False,
        "AUTH_USER_MODEL": "auth.User",
        "PASSWORD_HASHERS": [
            "django.contrib.auth.hashers.Argon2PasswordHasher",
            "django.contrib.auth.hashers.PBKDF2PasswordHasher",
            "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
            "django.contrib.auth.hashers.ScryptPasswordHasher",
        ],
        "AUTH_PASSWORD_VALIDATORS": [
            {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
            {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH}},
            {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
            {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
        ],
        "AUTHENTICATION_BACKENDS": [
            # django-axes first, so a locked-out account is refused before its password is checked.
            "axes.backends.AxesStandaloneBackend",
            "allauth.account.auth_backends.AuthenticationBackend",
        ],
        "LOGIN_URL": "account_login",
        "LOGIN_REDIRECT_URL": "home",
        "ACCOUNT_ADAPTER": "glimmers.server.accounts.AccountAdapter",
        "ACCOUNT_LOGIN_METHODS": {"email"},
        "ACCOUNT_SIGNUP_FIELDS": ["email*", "password1*", "password2*"],
        "ACCOUNT_USER_MODEL_USERNAME_FIELD": "username",
        "ACCOUNT_EMAIL_VERIFICATION": "mandatory",
        "ACCOUNT_UNIQUE_EMAIL": True,
        "ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION": True,
        "ACCOUNT_CONFIRM_EMAIL_ON_GET": False,
        "ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE": False,
        "ACCOUNT_SESSION_REMEMBER": True,
        # django-axes pauses an address at 5 failures from one network (the person then
        # sees why, and the way to reset); allauth's cap per address is a backstop against
        # guessing from many networks, set above it so the two never disagree.
        "ACCOUNT_RATE_LIMITS": {"login_failed": "30/m/ip,20/h/key"},
        # The account's own name is random and never shown; the address is how people know it.
        "ACCOUNT_USER_DISPLAY": "glimmers.server.accounts.shown_name",
        "ACCOUNT_PREVENT_ENUMERATION": True,
        "ACCOUNT_EMAIL_SUBJECT_PREFIX": "[glimmers] ",
        "ACCOUNT_DEFAULT_HTTP_PROTOCOL": "https" if secure else "http",
        "ACCOUNT_FORMS": {"signup": "glimmers.server.accounts.SignupForm"},
        "MFA_SUPPORTED_TYPES": ["totp", "recovery_codes"],
        "MFA_ADAPTER": "glimmers.server.accounts.TwoFactorAdapter",
        "GLIMMERS_MFA_KEY": environ.get("GLIMMERS_MFA_KEY", "").strip(),
        "MFA_TOTP_ISSUER": "glimmers",
        "USERSESSIONS_TRACK_ACTIVITY": True,
        "AXES_FAILURE_LIMIT": LOCKOUT_FAILURES,
        "AXES_COOLOFF_TIME": LOCKOUT_HOURS,
        "AXES_LOCKOUT_PARAMETERS": [["username", "ip_address"]],
        "AXES_USERNAME_CALLABLE": "glimmers.server.accounts.signing_in_as",
        "AXES_RESET_ON_SUCCESS": True,
        "AXES_LOCKOUT_TEMPLATE": "server/locked_out.html",
        # Behind the proxy every request comes from the proxy: the visitor's own address is
        # the last one it adds to X-Forwarded-For, read by allauth for both (else one
        # stranger's wrong passwords would lock everyone out).
        "ALLAUTH_TRUSTED_PROXY_COUNT": 1 if _flag(environ, "GLIMMERS_BEHIND_TLS_PROXY") else 0,
        "AXES_CLIENT_IP_CALLABLE": "glimmers.server.accounts.client_ip",
        # Successful sign-ins are not kept (the sessions list shows where one is signed in).
        "AXES_DISABLE_ACCESS_LOG": True,
        "AXES_VERBOSE": False,
        "LOGGING": _logging(),
    } | _email(environ, local)
    return settings


def _logging() -> dict:
    """One JSON object a line on stderr, each with the request's id; no journal content ever
    (glimmers.server.logs)."""
    from glimmers.server.logs import json_lines

    return json_lines({
        "glimmers": "INFO",
        "django": "WARNING",
        # Django logs every 4xx with the path; the access line already says it, once.
        "django.request": "ERROR",
        "axes": "WARNING",
    })
