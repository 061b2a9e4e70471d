"""Giving a bare tag name a category, the same way on every path into the journal."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from glimmers.core import content


def qualify(values: Iterable[str], categories_of: Callable[[str], list[str]]) -> list[str]:
    """Give bare tag names a category: the one already in use, else a built-in guess.

    ``categories_of(name)`` gives the categories of the journal's tags with
    that (normalised) name, in order, at most two of them: one means that is
    the category in use. Values with a category, and blanks, pass as they are
    (blanks dropped); the checking is ``entries.tag``'s.
    """
    result = []
    for value in values:
        value = value.strip()
        if value and ":" not in value:
            name = " ".join(value.split()).lower()
            used = categories_of(name)
            value = f"{used[0] if len(used) == 1 else content.category_for(name)}:{value}"
        if value:
            result.append(value)
    return result
