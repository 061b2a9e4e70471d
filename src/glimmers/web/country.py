"""The country for crisis lines on the web, read afresh on every request.

``glimmers config country XX`` in a terminal, or the chooser on a page,
changes what the next page shows without restarting ``glimmers serve``.
Reading the setting is cheap (``config.toml`` here, one row on the server); it
never fails (help must always appear).
"""

from __future__ import annotations

from glimmers import preferences
from glimmers.config import CountryChoice
from glimmers.core import content
from glimmers.core.content import CrisisCountry


def choice() -> CountryChoice:
    """The person's country and where it came from (settings, locale guess or none)."""
    return preferences.country_choice()


def lines() -> tuple[CrisisCountry, ...]:
    """The crisis lines to show now: the person's country (if any), then the international directory."""
    return content.crisis_lines_for(choice().code)


def ask() -> dict | None:
    """What the first-visit chooser needs, or None once a country is saved or the ask was put aside."""
    if not preferences.should_ask_country():
        return None
    guess = choice()
    return {"options": options(), "selected": guess.code if guess.source == "locale" else ""}


def options() -> tuple[CrisisCountry, ...]:
    """Every country a person may choose, by name (not the international directory)."""
    return tuple(entry for entry in content.crisis_countries() if not entry.is_international)
