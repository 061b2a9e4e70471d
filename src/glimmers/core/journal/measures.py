"""What a person records, declared once: the check-in's rating scales and the day's factors.

Every list of them is derived from here: the validators in ``entries``, the
terminal's options, the web form's fields, the CSV columns, the database's
range checks, and the insights' factors and predictors. The record classes
(``entries.CheckIn``, ``entries.DayFactors``) and the Django models keep
their fields written out, so they stay readable; ``tests/test_declarations.py``
fails by name when one of them drifts from the declarations.

Adding a daily factor, as docs/ARCHITECTURE.md walks through: one
:class:`Factor` below, its field on ``entries.DayFactors`` and on the model
``journal.models.DayFactors``, a migration made by ``makemigrations``, and
its sentences in ``content/insight_sentences.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from glimmers.core.i18n import _, gettext_noop


@dataclass(frozen=True)
class Scale:
    """A whole-number rating scale on a check-in, inclusive at both ends."""

    name: str
    low: int
    high: int
    low_label: str
    high_label: str
    label: str  # what the scale is called on screen (translated where shown)
    short: str  # the one-letter terminal option: -n for --numbness

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and self.low <= value <= self.high

    @property
    def values(self) -> range:
        return range(self.low, self.high + 1)

    @property
    def signed(self) -> bool:
        """True when the scale runs through zero, so values are shown with a sign (+3)."""
        return self.low < 0

    def show(self, value: int) -> str:
        return f"{value:+d}" if self.signed and value else str(value)

    def show_mean(self, value: float) -> str:
        """A mean on this scale to one decimal, signed on a scale through zero, with a typographic minus."""
        return (f"{value:+.1f}" if self.signed else f"{value:.1f}").replace("-", "−")

    def describe(self) -> str:
        """What the ends mean, translated: "0 = feelings fully present … 10 = feel nothing"."""
        return _("%(low)s = %(low_label)s … %(high)s = %(high_label)s") % {
            "low": self.show(self.low).replace("-", "−"),
            "low_label": _(self.low_label),
            "high": self.show(self.high),
            "high_label": _(self.high_label),
        }

    @property
    def range_text(self) -> str:
        """"0-10" or "-5..5", as the terminal's option help shows the range."""
        return f"{self.low}..{self.high}" if self.signed else f"{self.low}-{self.high}"


@dataclass(frozen=True)
class FactorTest:
    """One way the insights test a factor against numbness.

    ``suffix`` names the test inside the factor ("short", "any"); the finding
    key is ``factor:<name>`` or ``factor:<name>:<suffix>``. ``lag`` 1 compares
    the value with the next day's numbness (an evening's drinking); a
    ``threshold`` such as "below:6" or "above:0" turns the value into yes/no;
    continuous effects are reported per ``step`` of the factor's unit.
    """

    label: str
    suffix: str = ""
    lag: int = 0
    threshold: str | None = None
    step: float = 1.0


@dataclass(frozen=True)
class Factor:
    """A measured daily amount: sleep, alcohol, caffeine, time in daylight...

    ``name`` is the record's field, the database column, the CSV and JSON
    column and the insights' series name; ``option`` is the terminal's
    ``--option``. ``substance`` names the caveat that follows a finding in
    which using the substance went with *less* numbness.
    """

    name: str
    option: str
    label: str  # the web form's label, with its unit
    help: str  # the terminal's option help
    metavar: str
    low: Decimal
    high: Decimal
    places: int  # decimal places kept
    unit: str  # as shown after a value: "6.5 h"
    predicts: tuple[FactorTest, ...] = ()
    substance: str | None = None

    @property
    def digits(self) -> int:
        """Total digits the largest value needs: the database column's ``max_digits``."""
        return len(str(int(self.high))) + self.places

    @property
    def input_mode(self) -> str:
        """The on-screen keyboard a phone should offer."""
        return "decimal" if self.places else "numeric"

    @property
    def parameter(self) -> str:
        """The option's name as a Python identifier, as click passes it: late-screen -> late_screen."""
        return self.option.replace("-", "_")

    def finding_key(self, test: FactorTest) -> str:
        return f"factor:{self.name}:{test.suffix}" if test.suffix else f"factor:{self.name}"


NUMBNESS = Scale("numbness", 0, 10, gettext_noop("feelings fully present"), gettext_noop("feel nothing"),
                 gettext_noop("Numbness"), "n")
MOOD = Scale("mood", -5, 5, gettext_noop("very unpleasant"), gettext_noop("very pleasant"), gettext_noop("Mood"), "m")
ENERGY = Scale("energy", 0, 10, gettext_noop("empty"), gettext_noop("plenty"), gettext_noop("Energy"), "e")
STRESS = Scale("stress", 0, 10, gettext_noop("none"), gettext_noop("overwhelming"), gettext_noop("Stress"), "s")

SCALES = {scale.name: scale for scale in (NUMBNESS, MOOD, ENERGY, STRESS)}

# Timing follows how people record: sleep on day d is the night before d;
# alcohol on day d is that evening, so it is compared with day d+1; the rest
# are the same day.
FACTORS = {
    factor.name: factor
    for factor in (
        Factor("sleep_hours", "sleep", gettext_noop("Sleep last night (hours)"), gettext_noop("Hours slept last night, e.g. 6.5."),
               "HOURS", Decimal(0), Decimal(24), 1, "h",
               (FactorTest(gettext_noop("short nights (under 6 hours)"), "short", threshold="below:6"),
                FactorTest(gettext_noop("hours of sleep")))),
        Factor("alcohol_units", "alcohol", gettext_noop("Alcohol (units)"), gettext_noop("Alcohol units."),
               "UNITS", Decimal(0), Decimal(60), 1, "units",
               (FactorTest(gettext_noop("alcohol the evening before"), "any", lag=1, threshold="above:0"),
                FactorTest(gettext_noop("units of alcohol"), lag=1)),
               substance="alcohol"),
        Factor("cannabis_uses", "cannabis", gettext_noop("Cannabis (times)"), gettext_noop("Times cannabis was used."),
               "TIMES", Decimal(0), Decimal(30), 0, "times",
               (FactorTest(gettext_noop("days with cannabis"), "any", threshold="above:0"),
                FactorTest(gettext_noop("cannabis uses"))),
               substance="cannabis"),
        Factor("late_screen_minutes", "late-screen", gettext_noop("Screens after 22:00 (minutes)"),
               gettext_noop("Minutes of screens after 22:00."), "MIN", Decimal(0), Decimal(720), 0, "min",
               (FactorTest(gettext_noop("late screen time"), step=30),)),
        Factor("daylight_minutes", "daylight", gettext_noop("Daylight outside (minutes)"),
               gettext_noop("Minutes outside in daylight."), "MIN", Decimal(0), Decimal(1440), 0, "min",
               (FactorTest(gettext_noop("time in daylight"), step=30),)),
        Factor("movement_minutes", "movement", gettext_noop("Movement (minutes)"), gettext_noop("Minutes of movement."),
               "MIN", Decimal(0), Decimal(1440), 0, "min",
               (FactorTest(gettext_noop("time moving"), step=30),)),
        # A cup is a mug of coffee, an espresso, a strong tea or a can of
        # energy drink: people know cups, few know milligrams.
        Factor("caffeine_cups", "caffeine", gettext_noop("Caffeine (cups)"),
               gettext_noop("Cups of coffee, strong tea or energy drink; an espresso or a can is one cup."),
               "CUPS", Decimal(0), Decimal(30), 1, "cups",
               (FactorTest(gettext_noop("cups of caffeine")),)),
    )
}
