"""The medication timeline: events, and whether numbness moved around them.

glimmers never advises starting, stopping or changing a medicine. When
numbness rose after a change, it says so plainly, suggests raising it with
the prescriber and reminds the person not to stop suddenly on their own.
Every event and the timeline come with ``antidepressant_note``: the first
weeks after a start, a dose change or a stop can feel worse for some people.

What numbness did around each event is computed in one place, with the
insights: ``glimmers.core.analysis.insights.medication_change``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from glimmers.core import text as stored_text
from glimmers.core.errors import InvalidInput
from glimmers.core.i18n import _

KINDS = ("start", "change", "stop")
NAME_MAX = 100
DOSE_MAX = 60
NOTE_MAX = 2000


@dataclass(frozen=True)
class MedicationEvent:
    name: str
    kind: str
    day: date
    dose: str = ""
    note: str = ""


def antidepressant_note() -> str:
    """Shown with every medicine event and on the timeline: glimmers cannot tell
    which medicine is an antidepressant, so the note says whom it is for."""
    return _(
        "A note on antidepressants: in the first weeks after starting one, changing the dose or stopping, "
        "some people feel worse for a while, including more agitation or darker thoughts. Tell your prescriber "
        "about any change you notice, and never stop or change a medicine without them."
    )


def kind_label(kind: str) -> str:
    return {"start": _("started"), "change": _("dose changed"), "stop": _("stopped")}[kind]


def validate_event(*, name: str, kind: str, day: date, dose: str = "", note: str = "", today: date) -> MedicationEvent:
    name = stored_text.clean(name, field="name", label=_("The medicine's name"))
    dose = stored_text.clean(dose, field="dose", label=_("The dose"))
    note = stored_text.clean(note, field="note", label=_("The note"), multiline=True)
    if not name:
        raise InvalidInput(_("Give the medicine's name."), field="name")
    if len(name) > NAME_MAX:
        raise InvalidInput(_("The medicine's name can be up to %(n)d characters.") % {"n": NAME_MAX}, field="name")
    if kind not in KINDS:
        raise InvalidInput(_("The event must be one of: start, change, stop."), field="kind")
    if len(dose) > DOSE_MAX:
        raise InvalidInput(_("The dose can be up to %(n)d characters.") % {"n": DOSE_MAX}, field="dose")
    if len(note) > NOTE_MAX:
        raise InvalidInput(_("The note can be up to %(n)d characters.") % {"n": NOTE_MAX}, field="note")
    if day > today:
        raise InvalidInput(_("%(day)s is in the future; record a change on or after the day it happens.") % {"day": day.isoformat()}, field="day")
    return MedicationEvent(name=name, kind=kind, day=day, dose=dose, note=note)
