"""The module Django imports; the values are built by ``glimmers.settings.build``."""

from glimmers.settings import build as _build

globals().update(_build())
