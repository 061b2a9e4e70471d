"""The five places of the main navigation, and which of them each page belongs to.

Check in, Journal, Toolkit, Insights and More: few enough to fit one row on
a phone (a bar at the bottom of the screen). Every other page sits under one
of them, so the bar always says where the person is. The "Need help now"
link is not a place: it stays in the header of every page, before them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Place:
    url_name: str  # the place's own page
    label: str
    pages: frozenset[str]  # the URL names of every page under it, its own included


PLACES: tuple[Place, ...] = (
    Place("home", _("Check in"), frozenset({"home", "undo"})),
    Place("timeline", _("Journal"), frozenset({"timeline", "edit", "delete"})),
    Place("toolkit", _("Toolkit"), frozenset({
        "toolkit", "plan", "activities", "activity_rate", "activity_delete", "goals", "goal_timer", "goal_toggle", "pleasures",
        "ground", "ground_exercise", "share", "guides", "guide", "experiments", "experiment", "experiment_stop",
        "calendar",
    })),
    Place("insights", _("Insights"), frozenset({"insights", "report"})),
    Place("more", _("More"), frozenset({
        "more", "glimmer", "day", "day_on", "trash", "safety_plan", "safety_plan_edit", "meds", "meds_delete",
        "screening", "screening_form", "screening_result",
    })),
)


@dataclass(frozen=True)
class Link:
    url_name: str
    label: str
    current: str  # aria-current: "page" on the place's own page, "true" under it, "" elsewhere


def links(url_name: str | None) -> list[Link]:
    """The navigation as seen from the page ``url_name``."""
    return [
        Link(place.url_name, place.label, "page" if url_name == place.url_name else "true" if url_name in place.pages else "")
        for place in PLACES
    ]
