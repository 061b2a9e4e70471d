"""The person's own settings (time zone, country, language, calendar titles),
wherever they are kept.

The local app keeps them in ``config.toml`` beside the journal (``glimmers
config``), readable without the database so that help always appears. The
server (``glimmers server``) keeps one row per account, so that two people on
one service never share a country, a language or a time zone. Pages and
feeds ask here and never care which.

Nothing here raises for a visitor who is not signed in: the crisis page asks
for the country before anyone has an account, and gets "not chosen".
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import replace

from django.conf import settings

from glimmers import config
from glimmers.config import Config, CountryChoice

# Read once per person per request: a page asks for the zone, the language
# and the country several times.
_remembered: ContextVar[tuple[int, Config] | None] = ContextVar("glimmers_preferences", default=None)


def accounts() -> bool:
    """True on the multi-user server, where each person signs in to an account.

    A command that needs no database (``glimmers calendar url``) may ask before
    Django has any settings: that is always the local app."""
    import os

    if not settings.configured and not os.environ.get("DJANGO_SETTINGS_MODULE"):
        return False
    return bool(getattr(settings, "GLIMMERS_ACCOUNTS", False))


def _person() -> int | None:
    from glimmers import people

    try:
        return people.current()
    except people.NoPerson:
        return None


def _row(person: int):
    from glimmers import people
    from glimmers.server.models import Preferences

    if people.is_reading_only():  # another person reads what this one shared: find, never make
        return Preferences.every_owner.filter(owner_id=person).first() or Preferences(owner_id=person)
    row, _made = Preferences.every_owner.get_or_create(owner_id=person)
    return row


def forget() -> None:
    """Read afresh next time (each request starts with this)."""
    _remembered.set(None)


def load() -> Config:
    """The settings of the person acting (on the server) or of this computer (locally)."""
    if not accounts():
        return config.load()
    person = _person()
    if person is None:
        return Config()
    remembered = _remembered.get()
    if remembered is not None and remembered[0] == person:
        return remembered[1]
    loaded = _row(person).as_config()
    _remembered.set((person, loaded))
    return loaded


def save(key: str, value: str) -> Config:
    """Check and keep one setting; the same rules as ``glimmers config``."""
    if not accounts():
        return config.save(key, value)
    value = config.validate(key, value)
    return _store(replace(load(), **{key: value}))


def mark_country_asked() -> Config:
    if not accounts():
        return config.mark_country_asked()
    return _store(replace(load(), country_asked=True))


def _store(updated: Config) -> Config:
    person = _person()
    if person is None:
        from glimmers import people

        raise people.NoPerson("settings were saved outside a person's scope")
    row = _row(person)
    row.take(updated)
    row.save()
    _remembered.set((person, updated))
    return updated


def should_ask_country() -> bool:
    """True while no country is saved and the person has not put the question aside."""
    if not accounts():
        return config.should_ask_country()
    if _person() is None:
        return False  # the crisis page, signed out: it has its own chooser
    current = load()
    return not current.country and not current.country_asked


def country_choice() -> CountryChoice:
    """The country for crisis lines; never raises. The server does not guess from
    its own machine's locale, which says nothing about where the person is."""
    if not accounts():
        return config.country_choice()
    try:
        chosen = load().country
    except Exception:  # noqa: BLE001 - help must appear even when the database does not answer
        chosen = ""
    return CountryChoice(chosen.upper(), "settings") if chosen else CountryChoice("", "none")


def language() -> str:
    """The language the person chose, or "" to follow the browser and the computer."""
    try:
        return load().language
    except Exception:  # noqa: BLE001 - a broken setting must not stop a page, least of all help
        return ""


def timezone_name() -> str:
    """The IANA zone every time is shown in: the computer's (or its setting) locally,
    the person's own on the server (UTC until they choose)."""
    if not accounts():
        return settings.GLIMMERS_TIMEZONE
    return load().timezone or "UTC"


def calendar_titles_shown() -> bool:
    return load().resolved_calendar_titles() != "hide"


def feed_key(*, rotate: bool = False) -> str:
    """The key in the calendar feed's address; ``rotate`` makes a new one and the old address stops working."""
    if not accounts():
        from glimmers import paths
        from glimmers.toolkit.calendar import FEED_SECRET

        return paths.secret(FEED_SECRET, rotate=rotate)
    person = _person()
    if person is None:
        from glimmers import people

        raise people.NoPerson("a calendar key was asked for outside a person's scope")
    row = _row(person)
    if rotate or not row.feed_key:
        row.feed_key = _new_key()
        row.save(update_fields=["feed_key"])
    return row.feed_key


def _new_key() -> str:
    import secrets

    return secrets.token_urlsafe(32)


def feed_owner(offered: str) -> int | None:
    """Whose feed a key opens, or None. Calendar apps cannot sign in, so the key is the guard."""
    import hmac

    if not offered:
        return None
    if not accounts():
        from glimmers import people

        expected = feed_key()
        return people.local_person().pk if hmac.compare_digest(offered.encode(), expected.encode()) else None
    from glimmers.server.models import Preferences

    row = Preferences.every_owner.filter(feed_key=offered).only("owner_id", "feed_key").first()
    # The lookup is by an index; the comparison after it keeps a near-miss from timing differently.
    if row is None or not hmac.compare_digest(offered.encode(), row.feed_key.encode()):
        return None
    return row.owner_id
