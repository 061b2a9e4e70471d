"""glimmers: a local-first companion for people who feel emotionally numb."""

__version__ = "0.1.0"
