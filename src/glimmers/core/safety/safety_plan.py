"""The personal safety plan: six steps and what matters most, as plain data.

The structure comes from ``content/safety_plan.toml``. A plan is a mapping
from step key to a list of short lines; it may be partly filled (any step
can be empty) because an unfinished plan is still worth having.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from glimmers.core import text as stored_text
from glimmers.core.content import ContentError, per_language, read_content
from glimmers.core.errors import InvalidInput
from glimmers.core.i18n import _

LINE_MAX = 300
LINES_MAX = 20


@dataclass(frozen=True)
class Step:
    key: str
    number: int | None  # None for the closing "what matters most"
    title: str
    prompt: str
    examples: tuple[str, ...] = ()

    @property
    def offers_ideas(self) -> bool:
        """Whether the plan itself shows this step's examples while the step is empty.

        Only the means-safety step does: its examples are things to do, never
        names or numbers that could be mistaken for the person's own contacts.
        """
        return self.key == SAFER_SURROUNDINGS and bool(self.examples)


# The step whose examples are about means safety: who keeps what, and what is
# agreed in advance. Its examples are offered wherever the plan is written or
# a step is still empty, in the terminal and on the web; they never describe a
# method, an amount or how dangerous anything is.
SAFER_SURROUNDINGS = "safer_surroundings"


def _examples(row: dict) -> tuple[str, ...]:
    examples = row.get("examples", [])
    if not isinstance(examples, list) or not all(isinstance(item, str) and item.strip() for item in examples):
        raise ContentError(f"safety_plan.toml: the examples of {row.get('key')} must be a list of short texts")
    return tuple(item.strip() for item in examples)


@per_language
def steps() -> tuple[Step, ...]:
    """The six steps, then the closing step, in order."""
    data = read_content("safety_plan.toml", "glimmers.safety_plan/1")
    found = []
    for row in data.get("step", []):
        found.append(Step(row["key"], int(row["number"]), row["title"], row["prompt"], _examples(row)))
    closing = data.get("closing")
    if [s.number for s in found] != [1, 2, 3, 4, 5, 6] or not closing:
        raise ContentError("safety_plan.toml: needs steps numbered 1 to 6 and a closing step")
    safer = next((s for s in found if s.key == SAFER_SURROUNDINGS), None)
    if safer is None or safer.number != 6 or len(safer.examples) < 3:
        raise ContentError("safety_plan.toml: step 6 must be safer_surroundings, with at least three examples")
    found.append(Step(closing["key"], None, closing["title"], closing["prompt"], _examples(closing)))
    return tuple(found)


def step_keys() -> tuple[str, ...]:
    return tuple(step.key for step in steps())


@dataclass(frozen=True)
class SafetyPlan:
    lines: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def get(self, key: str) -> tuple[str, ...]:
        return self.lines.get(key, ())

    @property
    def is_empty(self) -> bool:
        return not any(self.lines.values())


def from_stored(rows: dict[str, str]) -> SafetyPlan:
    """The plan from its stored steps (step key to newline-separated text); unknown steps are left out."""
    return SafetyPlan({key: split_lines(rows.get(key, "")) for key in step_keys()})


def split_lines(text: str) -> tuple[str, ...]:
    """One item a line; blank lines and surrounding spaces dropped."""
    return tuple(line.strip() for line in (text or "").replace("\r\n", "\n").split("\n") if line.strip())


def validate(lines: dict[str, object]) -> SafetyPlan:
    """Check a whole plan; raise InvalidInput naming the step that is wrong."""
    known = {step.key: step for step in steps()}
    unknown = sorted(set(lines) - set(known))
    if unknown:
        raise InvalidInput(_("The safety plan has no step called %(key)s.") % {"key": unknown[0]})
    clean: dict[str, tuple[str, ...]] = {}
    for key, step in known.items():
        value = lines.get(key, ())
        where = _("A line in “%(title)s”") % {"title": step.title}
        raw = split_lines(value) if isinstance(value, str) else tuple(str(item) for item in value)
        items = tuple(line for line in (stored_text.clean(item, field=key, label=where) for item in raw) if line)
        if len(items) > LINES_MAX:
            raise InvalidInput(
                _("“%(title)s” can hold up to %(n)d lines.") % {"title": step.title, "n": LINES_MAX}, field=key
            )
        for item in items:
            if len(item) > LINE_MAX:
                raise InvalidInput(
                    _("A line in “%(title)s” is longer than %(n)d characters.") % {"title": step.title, "n": LINE_MAX},
                    field=key,
                )
        clean[key] = items
    return SafetyPlan(clean)


def example_lines(step: Step, indent: str = "   ", heading: str | None = None) -> list[str]:
    """A heading ("For example:") and the step's examples, one a line (they can be long)."""
    if not step.examples:
        return []
    return [indent + (heading or _("For example:")), *(f"{indent}  · {example}" for example in step.examples)]


def as_text(plan: SafetyPlan, *, ideas: bool = False) -> str:
    """The plan as plain text, for the terminal and for printing.

    With ``ideas``, an empty "making my surroundings safer" step shows its
    examples as ideas (``Step.offers_ideas``), so that step is never blank.
    """
    out = [_("My safety plan"), ""]
    for step in steps():
        heading = f"{step.number}. {step.title}" if step.number else step.title
        out.append(heading)
        items = plan.get(step.key)
        if items:
            out.extend(f"   - {item}" for item in items)
        else:
            out.append("   " + _("(not filled in yet)"))
            if ideas and step.offers_ideas:
                out.extend(example_lines(step, heading=_("Ideas to start from:")))
        out.append("")
    return "\n".join(out).rstrip() + "\n"
