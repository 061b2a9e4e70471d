"""The person's settings file (``config.toml`` in the data folder).

Kept apart from the database so that reading it never needs the database:
``glimmers help-now`` must work even when the database is broken.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Literal

from glimmers import paths
from glimmers.core.errors import InvalidInput
from glimmers.core.i18n import _, gettext_noop


@dataclass(frozen=True)
class Config:
    timezone: str = ""  # IANA name; empty means "the system's zone"
    country: str = ""  # ISO 3166 alpha-2; empty means "not chosen yet"
    # Whether glimmers has asked for the country once (terminal or web) and the
    # person skipped it; then it does not ask again. Not a setting people change.
    country_asked: bool = False
    # "hide" keeps activity titles out of calendar files and the feed (a
    # calendar app may sync them to someone's servers); empty means "show".
    calendar_titles: str = ""
    # "en" or "es"; empty means the computer's language setting (English when it names neither).
    language: str = ""

    def resolved_language(self) -> str:
        from glimmers.core import i18n

        return i18n.supported(self.language) or i18n.system_language() or i18n.DEFAULT

    def resolved_calendar_titles(self) -> str:
        return self.calendar_titles or "show"

    def resolved_timezone(self) -> str:
        return self.timezone or system_timezone()

    def resolved_country(self) -> str:
        return self.country or system_country()


CountrySource = Literal["settings", "locale", "none", "given"]


@dataclass(frozen=True)
class CountryChoice:
    """Which country's crisis lines to show, and how glimmers came to it.

    ``source`` is "settings" when the person chose it, "locale" when it was
    read from the computer's language setting (a guess, and shown as one),
    and "none" when neither gives a country: then the international
    directory is shown with how to choose. "given" is a country asked for
    just this once (``help-now --country``, the help page's "Show").
    """

    code: str
    source: CountrySource
    locale: str = ""  # the locale name a guess came from, e.g. "en_GB.UTF-8"


# The settings people see and change with 'glimmers config'.
KEYS = ("timezone", "country", "calendar_titles", "language")
CALENDAR_TITLES = ("show", "hide")
HELP = {
    "timezone": gettext_noop("IANA time zone for showing and entering times, e.g. Europe/Berlin. Empty: the system zone."),
    "country": gettext_noop("Two-letter country code for crisis lines, e.g. GB. Empty: not chosen (a guess from the system locale, if it names a country)."),
    "calendar_titles": gettext_noop("show or hide: whether planned activities keep their own titles in calendar files and the feed. Empty: show."),
    "language": gettext_noop("en (English) or es (Español). Empty: the computer's language setting, else English."),
}


def system_timezone() -> str:
    explicit = os.environ.get("GLIMMERS_TIMEZONE")
    if explicit:
        return explicit
    try:
        import tzlocal

        return tzlocal.get_localzone_name() or "UTC"
    except Exception:  # noqa: BLE001 - any failure means "we cannot tell"
        return "UTC"


def _locale_name() -> str:
    """The locale the person's environment names, as POSIX looks it up."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return value
    return ""


def _country_of(locale_name: str) -> str:
    """"en_GB.UTF-8" -> "GB"; "C", "C.UTF-8", "POSIX" and anything without a territory -> ""."""
    code = locale_name.split(".")[0].split("@")[0]
    if "_" not in code:
        return ""
    territory = code.split("_", 1)[1]
    return territory.upper() if len(territory) == 2 and territory.isalpha() else ""


def system_country() -> str:
    """The territory of the environment's locale, or "" when it names none.

    A ``C`` or ``POSIX`` locale (common on servers and minimal installs) names
    no country. ``locale.getlocale()`` is never asked: Python turns ``C.UTF-8``
    into ``en_US`` there, which would show US numbers to anyone, anywhere.
    """
    return _country_of(_locale_name())


def country_choice() -> CountryChoice:
    """The country for crisis lines; never raises (help must always appear)."""
    try:
        chosen = load().country
    except Exception:  # noqa: BLE001 - a broken settings file must not hide help
        chosen = ""
    if chosen:
        return CountryChoice(chosen.upper(), "settings")
    try:
        guessed = system_country()
    except Exception:  # noqa: BLE001
        guessed = ""
    if guessed:
        return CountryChoice(guessed, "locale", _locale_name())
    return CountryChoice("", "none")


def config_file() -> Path:
    return paths.home() / "config.toml"


def _stored() -> dict | None:
    """The settings file's table: {} when there is none, None when it cannot be read."""
    try:
        return tomllib.loads(config_file().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return None


def load() -> Config:
    data = _stored()
    if data is None:
        # A damaged settings file must not stop anyone reaching help.
        return Config()
    known = {key: str(value) for key, value in data.items() if key in KEYS}
    return Config(**known, country_asked=data.get("country_asked") is True)


def validate(key: str, value: str) -> str:
    if key not in KEYS:
        raise InvalidInput(_("Unknown setting %(key)s. Settings: %(keys)s.") % {"key": key, "keys": ", ".join(KEYS)})
    value = value.strip()
    if key == "timezone" and value:
        from glimmers.core.when import zone

        zone(value)
    if key == "country" and value:
        value = known_country(value)
    if key == "language" and value:
        from glimmers.core import i18n

        if not i18n.supported(value):
            raise InvalidInput(
                _("glimmers speaks %(languages)s; choose one of these codes.") % {"languages": ", ".join(sorted(i18n.LANGUAGES))},
                field=key,
            )
        value = i18n.supported(value)
    if key == "calendar_titles" and value:
        value = value.lower()
        if value not in CALENDAR_TITLES:
            raise InvalidInput(_("calendar_titles is show or hide."), field=key)
    return value


def known_country(value: str) -> str:
    """A country code glimmers knows, upper-cased ("uk" -> "GB"); refuses any other."""
    from glimmers.core import content

    code = content.canonical_code(value)
    if len(code) != 2 or not code.isalpha():
        raise InvalidInput(
            _("A country is a two-letter code such as GB, US, DE or IN. 'glimmers config country --list' shows them all."),
            field="country",
        )
    if code not in content.country_codes():
        raise InvalidInput(
            _("glimmers does not know the country code %(code)s. 'glimmers config country --list' shows the codes it knows.")
            % {"code": code},
            field="country",
        )
    return code


def should_ask_country() -> bool:
    """True while no country is saved and glimmers has not asked yet; never raises."""
    try:
        if _stored() is None:
            return False  # a damaged file: answering would overwrite it
        current = load()
    except Exception:  # noqa: BLE001 - not asking is always safe
        return False
    return not current.country and not current.country_asked


def save(key: str, value: str) -> Config:
    value = validate(key, value)
    return _write(replace(load(), **{key: value}))


def mark_country_asked() -> Config:
    """Remember that the person was asked for their country and let it be."""
    return _write(replace(load(), country_asked=True))


def _write(updated: Config) -> Config:
    import tomli_w

    stored = {key: value for key, value in asdict(updated).items() if value or key in KEYS}
    paths.ensure_home()
    paths.private_file(config_file(), tomli_w.dumps(stored))
    return updated
