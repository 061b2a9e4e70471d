"""Django settings, built by a function from the environment.

Nothing is read at import time of this module; ``glimmers.web.settings``
calls :func:`build` once. Bad values fail loudly with a readable message.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Mapping

from glimmers import config, paths
from glimmers.core.errors import GlimmersError
from glimmers.core.i18n import LANGUAGES

PACKAGE_DIR = Path(__file__).resolve().parent
SQLITE_TIMEOUT_SECONDS = 30


class SettingsError(GlimmersError):
    exit_code = 78  # EX_CONFIG


def _flag(environ: Mapping[str, str], name: str) -> bool:
    value = environ.get(name, "").strip().lower()
    if value in ("", "0", "false", "no", "off"):
        return False
    if value in ("1", "true", "yes", "on"):
        return True
    raise SettingsError(f"{name} must be true or false, not {value!r}.")


def sqlite_database(path: Path) -> dict:
    """SQLite tuned so that nothing committed is ever lost.

    WAL lets the web app and the terminal write side by side; IMMEDIATE
    transactions take the write lock up front so a busy writer waits (up to
    the timeout) instead of failing; synchronous=FULL syncs each commit.
    Django turns foreign keys on for every SQLite connection itself.
    """
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            "timeout": SQLITE_TIMEOUT_SECONDS,
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=FULL;"
                f"PRAGMA busy_timeout={SQLITE_TIMEOUT_SECONDS * 1000};"
            ),
        },
    }


def database(environ: Mapping[str, str]) -> dict:
    url = environ.get("DATABASE_URL", "").strip()
    if _flag(environ, "GLIMMERS_DEMO") or not url:
        return sqlite_database(paths.database_file(demo=_flag(environ, "GLIMMERS_DEMO")))
    import dj_database_url

    try:
        parsed = dj_database_url.parse(url, conn_max_age=0)
    except Exception as exc:  # noqa: BLE001 - the library raises several kinds
        raise SettingsError(f"DATABASE_URL is not a database address I understand: {exc}") from None
    engine = parsed.get("ENGINE", "")
    if engine.endswith("postgresql"):
        return parsed
    if engine.endswith("sqlite3"):
        return sqlite_database(Path(parsed["NAME"]).expanduser())  # the file SQLite opens is the one every check looks at
    raise SettingsError("DATABASE_URL must name a PostgreSQL or SQLite database.")


# A signed-in browser stays signed in while it is used; after a day without a
# request it must sign in again (the cookie's age restarts with every request).
SESSION_IDLE_SECONDS = 60 * 60 * 24
# What the local web app answers to; any other Host is refused before anything else.
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]", "testserver")


def build(environ: Mapping[str, str] | None = None) -> dict:
    environ = os.environ if environ is None else environ
    paths.ensure_home()
    person = config.load()
    debug = _flag(environ, "GLIMMERS_DEBUG")
    return {
        "DEBUG": debug,
        # A new key for every process: sessions signed by one 'glimmers serve'
        # end when it stops, and nothing else is signed with it.
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": list(LOCAL_HOSTS),
        "INSTALLED_APPS": [
            "django.contrib.contenttypes",
            "django.contrib.auth",
            "django.contrib.messages",
            "django.contrib.staticfiles",
            "glimmers.journal",
            "glimmers.care",
            "glimmers.toolkit",
            "glimmers.analysis",
            "glimmers.web",
        ],
        "MIDDLEWARE": [
            "glimmers.web.middleware.request_guard",
            "django.middleware.security.SecurityMiddleware",
            "whitenoise.middleware.WhiteNoiseMiddleware",
            "django.contrib.sessions.middleware.SessionMiddleware",
            # Before the token check, so its sign-in page speaks the person's language too.
            "glimmers.web.middleware.speak_language",
            "glimmers.web.middleware.privacy_headers",
            "glimmers.web.middleware.AccessTokenMiddleware",
            # Every request reads and writes as one person: the local app's only one.
            "glimmers.web.middleware.acting_person",
            "django.middleware.common.CommonMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.messages.middleware.MessageMiddleware",
            "django.middleware.clickjacking.XFrameOptionsMiddleware",
            "glimmers.web.middleware.person_timezone",
            # The one exit for errors views do not answer themselves (NotFound, GlimmersError).
            "glimmers.web.errors.error_exit",
            # Form data that is not UTF-8 is refused, as in the terminal (not stored as U+FFFD).
            "glimmers.web.text_guard.refuse_unreadable_text",
        ],
        "ROOT_URLCONF": "glimmers.web.urls",
        "TEMPLATES": [
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "DIRS": [],
                "APP_DIRS": True,
                "OPTIONS": {
                    "context_processors": [
                        "django.template.context_processors.request",
                        "django.template.context_processors.i18n",
                        "django.contrib.messages.context_processors.messages",
                        "glimmers.web.context.shared",
                    ]
                },
            }
        ],
        "DATABASES": {"default": database(environ)},
        "DEFAULT_AUTO_FIELD": "django.db.models.BigAutoField",
        "USE_TZ": True,
        "TIME_ZONE": "UTC",
        "GLIMMERS_TIMEZONE": person.resolved_timezone(),
        "USE_I18N": True,
        "LANGUAGE_CODE": "en",
        "LANGUAGES": sorted(LANGUAGES.items()),
        "LOCALE_PATHS": [str(PACKAGE_DIR / "locale")],
        "STATIC_URL": "/static/",
        "WHITENOISE_USE_FINDERS": True,
        "WHITENOISE_AUTOREFRESH": debug,
        # whitenoise answers every origin by default, which lets any web page
        # find out that this computer runs glimmers.
        "WHITENOISE_ALLOW_ALL_ORIGINS": False,
        "SESSION_ENGINE": "django.contrib.sessions.backends.signed_cookies",
        "SESSION_COOKIE_NAME": "glimmers_session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Strict",
        "SESSION_COOKIE_AGE": SESSION_IDLE_SECONDS,
        "SESSION_SAVE_EVERY_REQUEST": True,
        "CSRF_COOKIE_NAME": "glimmers_csrf",
        "CSRF_COOKIE_SAMESITE": "Strict",
        "CSRF_COOKIE_HTTPONLY": True,
        "MESSAGE_STORAGE": "django.contrib.messages.storage.session.SessionStorage",
        "CSRF_FAILURE_VIEW": "glimmers.web.errors.csrf_failure",
        "X_FRAME_OPTIONS": "DENY",
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "same-origin",
        "DATA_UPLOAD_MAX_MEMORY_SIZE": 5 * 1024 * 1024,
        # Set by 'glimmers serve' for the server it runs (see glimmers.cli.serve);
        # empty means no token is asked for (the test client, a server mode later).
        "GLIMMERS_ACCESS_TOKEN": environ.get("GLIMMERS_ACCESS_TOKEN", ""),
        "LOGGING": {
            "version": 1,
            "disable_existing_loggers": False,
            "handlers": {"stderr": {"class": "logging.StreamHandler"}},
            "loggers": {"django": {"handlers": ["stderr"], "level": "WARNING"}},
        },
    }
