"""The WSGI entry point gunicorn serves (``glimmers server run``)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glimmers.server.django_settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
