"""Settings for the test suite.

Every run gets a private temporary data folder and a fixed time zone with
daylight saving (so DST edges are exercised); the database is SQLite unless
GLIMMERS_TEST_BACKEND=postgresql, which uses GLIMMERS_TEST_DATABASE_URL.
"""

import os
import tempfile

os.environ["GLIMMERS_HOME"] = tempfile.mkdtemp(prefix="glimmers-test-home-")
os.environ["GLIMMERS_TIMEZONE"] = "Europe/Berlin"
os.environ.pop("GLIMMERS_DEMO", None)
if os.environ.get("GLIMMERS_TEST_BACKEND", "sqlite") == "postgresql":
    url = os.environ.get("GLIMMERS_TEST_DATABASE_URL", "")
    if not url:
        raise RuntimeError("GLIMMERS_TEST_BACKEND=postgresql needs GLIMMERS_TEST_DATABASE_URL")
    os.environ["DATABASE_URL"] = url
else:
    os.environ.pop("DATABASE_URL", None)

from glimmers.settings import build  # noqa: E402

globals().update(build())
