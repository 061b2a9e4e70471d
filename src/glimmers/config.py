"""The person's settings file (``config.toml`` in the data folder).

Kept apart from the database so that reading it never needs the database:
``glimmers help-now`` must work even when the database is broken.
"""

from __future__ import annotations

import locale
import os
import tomllib
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from glimmers import paths
from glimmers.core.errors import InvalidInput
from glimmers.core.i18n import _


@dataclass(frozen=True)
class Config:
    timezone: str = ""  # IANA name; empty means "the system's zone"
    country: str = ""  # ISO 3166 alpha-2; empty means "from the system locale"

    def resolved_timezone(self) -> str:
        return self.timezone or system_timezone()

    def resolved_country(self) -> str:
        return self.country or system_country()


KEYS = tuple(f.name for f in fields(Config))
HELP = {
    "timezone": "IANA time zone for showing and entering times, e.g. Europe/Berlin. Empty: the system zone.",
    "country": "Two-letter country code for crisis lines, e.g. GB. Empty: from the system locale.",
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


def system_country() -> str:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        code = value.split(".")[0]
        if "_" in code:
            return code.split("_")[1][:2].upper()
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    return code.split("_")[1][:2].upper() if "_" in code else ""


def config_file() -> Path:
    return paths.home() / "config.toml"


def load() -> Config:
    path = config_file()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Config()
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        # A damaged settings file must not stop anyone reaching help.
        return Config()
    known = {key: str(value) for key, value in data.items() if key in KEYS}
    return Config(**known)


def validate(key: str, value: str) -> str:
    if key not in KEYS:
        raise InvalidInput(_("Unknown setting %(key)s. Settings: %(keys)s.") % {"key": key, "keys": ", ".join(KEYS)})
    value = value.strip()
    if key == "timezone" and value:
        from glimmers.core.when import zone

        zone(value)
    if key == "country" and value:
        if len(value) != 2 or not value.isalpha():
            raise InvalidInput(_("Country must be a two-letter code such as US, GB or DE."), field="country")
        value = value.upper()
    return value


def save(key: str, value: str) -> Config:
    import tomli_w

    value = validate(key, value)
    updated = replace(load(), **{key: value})
    paths.ensure_home()
    paths.private_file(config_file(), tomli_w.dumps(asdict(updated)))
    return updated
