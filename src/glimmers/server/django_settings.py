"""The module Django imports for the server (DJANGO_SETTINGS_MODULE=glimmers.server.django_settings);
the values are built from the environment by ``glimmers.server.settings.build``."""

from glimmers.server.settings import build as _build

globals().update(_build())
