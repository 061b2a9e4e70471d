"""The pure core: domain rules with no web framework and no database.

Everything here is plain Python. Persistence (``glimmers.journal``), the web
(``glimmers.web``) and the terminal (``glimmers.cli``) are built around it.
"""
