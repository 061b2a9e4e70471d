"""Short references people type to name an entry: ``c12`` (check-in), ``g5`` (glimmer).

A bare number means a check-in, the most common thing to edit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from glimmers.core.errors import InvalidInput
from glimmers.core.i18n import _

KINDS = {"c": "checkin", "g": "glimmer"}
_REF = re.compile(r"^#?(?P<kind>[cg]?)(?P<number>\d{1,18})$", re.IGNORECASE)


@dataclass(frozen=True)
class Ref:
    kind: str  # "checkin" or "glimmer"
    number: int

    def __str__(self) -> str:
        return f"{self.kind[0]}{self.number}"


def short_number(text: str | None, prefix: str) -> int | None:
    """The row number in a short reference with one letter (``m3``, ``s12``, ``a7``),
    or None when it is not one. A bare number is accepted too; only ASCII digits count."""
    cleaned = (text or "").strip().lower()
    if cleaned.startswith(prefix):
        cleaned = cleaned[len(prefix):]
    return int(cleaned) if re.fullmatch(r"[0-9]{1,18}", cleaned) else None


def looks_like_ref(text: str) -> bool:
    return bool(_REF.match(text.strip()))


def parse_ref(text: str) -> Ref:
    match = _REF.match(text.strip())
    if not match:
        raise InvalidInput(
            _("%(text)s is not an entry reference; use the id shown by 'glimmers list', such as c12 or g5.")
            % {"text": text},
            field="ref",
        )
    return Ref(KINDS[(match["kind"] or "c").lower()], int(match["number"]))
