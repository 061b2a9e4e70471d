"""Settings for the server's own tests (tests/server), on the test PostgreSQL.

Like the local app's test settings: a private temporary data folder, a known
secret, emails kept in memory, plain HTTP (the test client speaks no TLS).
"""

import os
import tempfile

os.environ["GLIMMERS_HOME"] = tempfile.mkdtemp(prefix="glimmers-server-test-home-")
os.environ.pop("GLIMMERS_DEMO", None)
_url = os.environ.get("GLIMMERS_TEST_DATABASE_URL", "")
if not _url:
    raise RuntimeError("the server's tests need GLIMMERS_TEST_DATABASE_URL (a PostgreSQL database)")

from glimmers.server.settings import build  # noqa: E402

globals().update(
    build(
        {
            "DATABASE_URL": _url,
            "GLIMMERS_HOME": os.environ["GLIMMERS_HOME"],
            "GLIMMERS_SECRET_KEY": "test-" + "k" * 60,
            "GLIMMERS_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
            "GLIMMERS_INSECURE_HTTP": "1",
            "GLIMMERS_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "GLIMMERS_SIGNUP": os.environ.get("GLIMMERS_SIGNUP", "open"),
            "GLIMMERS_LANGUAGE": "en",
        }
    )
)
# Argon2 is slow on purpose; the tests make many accounts.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]  # noqa: F821
# The tests do not collect the static files ('glimmers server init' does, and the
# tests that start real server processes run it): they are found where they lie.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F821
WHITENOISE_USE_FINDERS = True
os.makedirs(STATIC_ROOT, exist_ok=True)  # noqa: F821 - whitenoise warns about a missing folder
