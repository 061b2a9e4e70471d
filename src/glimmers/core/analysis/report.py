"""The clinician report's content as plain data (F7.1), whatever the output.

Why plain data: the same report becomes a PDF (``report_pdf``), a printable
web page and plain text, so the wording, the order of the sections and the
little arithmetic live here once and each output only lays them out.

Nothing here runs statistics. Findings arrive already worded by the
insights engine, with their uncertainty in them; the report places them and
adds only counts and means a reader can check by hand. An empty section
stays in the report and says so plainly, so a clinician can tell "nothing
recorded" from "left out". Absence is never worded as reassurance: no flag
does not mean all is well.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import fmean
from typing import Mapping, Sequence

from glimmers.core.errors import InvalidInput
from glimmers.core.i18n import _, ngettext
from glimmers.core.journal.measures import SCALES, Scale
from glimmers.core.when import month_short, zone_label

TWO_WEEKS = 14
TEXT_WIDTH = 78


@dataclass(frozen=True)
class ScreeningLine:
    """One questionnaire result, already scored and banded by ``instruments``."""

    taken_on: date
    instrument: str  # key, e.g. "phq9"
    title: str  # as shown, e.g. "PHQ-9"
    total: int | None
    max_total: int | None
    band: str  # already-worded band, e.g. "moderate"
    change_words: str = ""  # from screening_change, "" for the first one
    item9_positive: bool = False
    notice: str = ""  # the instrument's copyright notice, shown once per instrument


@dataclass(frozen=True)
class MedicationLine:
    """One medicine event as the person recorded it, with the shift words."""

    day: date
    name: str
    kind_words: str  # "started", "dose changed", "stopped"
    dose: str = ""
    numbness_words: str = ""  # from insights.medication_change


@dataclass(frozen=True)
class PlanLine:
    """The reconnection plan's totals: what was done, never what was not."""

    days_touched: int
    cues_done: int
    started_on: date
    plan_days: int = 14


@dataclass(frozen=True, kw_only=True)
class ReportInput:
    """Everything the report shows, gathered by the caller from the journal.

    Keyword-only so that the long list cannot be passed in the wrong order.
    """

    person_name: str = ""
    period_start: date
    period_end: date
    generated_on: date
    timezone: str
    # daily means of each rated measure ("numbness", "mood", "energy", "stress"); a measure never rated is absent
    daily: Mapping[str, Mapping[date, float]] = field(default_factory=dict)
    # days with any entry at all (a check-in, rated or not, or a glimmer); empty means "the rated days"
    entry_days: frozenset[date] = frozenset()
    checkin_count: int = 0
    screenings: Sequence[ScreeningLine] = ()
    triggers: Sequence[str] = ()
    helps: Sequence[str] = ()
    not_yet: Sequence[str] = ()
    medication: Sequence[MedicationLine] = ()
    warning_signs: Sequence[tuple[str, int]] = ()
    plan: PlanLine | None = None
    experiments: Sequence[str] = ()
    early_warning: str | None = None
    help_notes: str = ""
    findings_scope: str = ""  # which entries the findings come from, when not just this period
    findings_measure: str = "numbness"  # the rating the findings are about

    def __post_init__(self) -> None:
        if self.period_end < self.period_start:
            raise InvalidInput(_("The report's period must end on or after the day it starts."), field="since")


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class ItemList:
    """A headed list of sentences; ``empty`` is shown instead of nothing."""

    heading: str
    items: tuple[str, ...]
    empty: str


@dataclass(frozen=True)
class Chart:
    """A line chart's data. Gaps (weeks without entries) are ``None``."""

    title: str
    labels: tuple[str, ...]
    values: tuple[float | None, ...]
    low: float
    high: float
    description: str  # a text alternative; the same numbers are always in a table too


@dataclass(frozen=True)
class Section:
    """Rendered in this order: paragraphs, lists, chart, table, notes."""

    key: str
    title: str
    paragraphs: tuple[str, ...] = ()
    lists: tuple[ItemList, ...] = ()
    chart: Chart | None = None
    table: Table | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Report:
    title: str
    header: tuple[str, ...]
    sections: tuple[Section, ...]
    footer: tuple[str, ...]
    page_note: str  # the short line repeated on every page
    generated_on: date
    subject: str  # one line for document metadata


def day_words(day: date) -> str:
    """"5 Sep 2026": short, unambiguous across the day/month order of countries."""
    return f"{day.day} {month_short(day)} {day.year}"


def _short_day(day: date) -> str:
    return f"{day.day} {month_short(day)}"


def _points(value: float) -> str:
    return f"{value:.1f}"


def _in_period(report_input: ReportInput, measure: str = "numbness") -> dict[date, float]:
    start, end = report_input.period_start, report_input.period_end
    series = report_input.daily.get(measure, {})
    return {day: float(value) for day, value in sorted(series.items()) if start <= day <= end}


def rated(report_input: ReportInput) -> list[Scale]:
    """The measures rated at least once in the period, numbness first, in the check-in's order."""
    return [scale for name, scale in SCALES.items() if _in_period(report_input, name)]


def _entry_days(report_input: ReportInput) -> set[date]:
    start, end = report_input.period_start, report_input.period_end
    days = {day for day in report_input.entry_days if start <= day <= end}
    for scale in SCALES:
        days |= set(_in_period(report_input, scale))
    return days


def _mean_between(days: Mapping[date, float], first: date, last: date) -> tuple[float | None, int]:
    values = [value for day, value in days.items() if first <= day <= last]
    return (fmean(values) if values else None), len(values)


def _blocks(report_input: ReportInput) -> list[tuple[date, date]]:
    """Seven-day blocks from the first day of the period (the last may be shorter).

    Blocks rather than calendar weeks so that every block but the last is
    full and the table lines up with the period the person chose.
    """
    blocks, start = [], report_input.period_start
    while start <= report_input.period_end:
        end = min(start + timedelta(days=6), report_input.period_end)
        blocks.append((start, end))
        start = end + timedelta(days=1)
    return blocks


def weekly_means(report_input: ReportInput, measure: str = "numbness") -> list[tuple[date, date, float | None, int]]:
    """Each block's mean of one measure's daily means, and its days with that rating."""
    days = _in_period(report_input, measure)
    return [(start, end, *_mean_between(days, start, end)) for start, end in _blocks(report_input)]


def _named(scale: Scale) -> str:
    """The measure's name inside a sentence, translated as such (not a capitalised label lowered)."""
    from glimmers.core.analysis.insights.outcome import OUTCOMES

    return OUTCOMES[scale.name].label


def _scale_words(scale: Scale) -> str:
    return _("%(label)s is rated by the person from %(scale)s.") % {"label": _(scale.label), "scale": scale.describe()}


def _summary(report_input: ReportInput) -> Section:
    length = (report_input.period_end - report_input.period_start).days + 1
    title = _("Summary of the period")
    entry_days = _entry_days(report_input)
    if not entry_days and report_input.checkin_count <= 0:
        return Section("summary", title, (_("No check-ins in this period."),))
    paragraphs = [
        ngettext("%(n)d check-in in this period.", "%(n)d check-ins in this period.", report_input.checkin_count)
        % {"n": report_input.checkin_count}
        + " " + _("Days with at least one entry: %(days)d of %(length)d.") % {"days": len(entry_days), "length": length}
    ]
    scales = rated(report_input)
    for scale in scales:
        days = _in_period(report_input, scale.name)
        if length >= 2 * TWO_WEEKS:
            first_mean, first_n = _mean_between(days, report_input.period_start, report_input.period_start + timedelta(days=TWO_WEEKS - 1))
            last_mean, last_n = _mean_between(days, report_input.period_end - timedelta(days=TWO_WEEKS - 1), report_input.period_end)
            first = (_("%(mean)s in the first two weeks (%(n)d days rated)") % {"mean": scale.show_mean(first_mean), "n": first_n}
                     if first_mean is not None else _("not rated in the first two weeks"))
            last = (_("%(mean)s in the last two weeks (%(n)d days rated)") % {"mean": scale.show_mean(last_mean), "n": last_n}
                    if last_mean is not None else _("not rated in the last two weeks"))
            paragraphs.append(_("Mean %(measure)s: %(first)s; %(last)s.") % {"measure": _named(scale), "first": first, "last": last})
        else:
            paragraphs.append(_("Mean %(measure)s over the period: %(mean)s (%(n)d days rated).") % {
                "measure": _named(scale), "mean": scale.show_mean(fmean(days.values())), "n": len(days)})
    if not scales:
        paragraphs.append(_("No ratings in this period: the entries are notes, tags or glimmers."))
    paragraphs.extend(_scale_words(scale) for scale in scales)
    if scales:
        paragraphs.append(_("Means are of daily means, so a day with many check-ins counts once."))
    return Section("summary", title, tuple(paragraphs))


def _timeline(report_input: ReportInput) -> Section:
    title = _("Ratings over time")
    scales = rated(report_input)
    if not scales:
        return Section("timeline", title, (_("No ratings in this period."),))
    weeks = {scale.name: weekly_means(report_input, scale.name) for scale in scales}
    entry_days = _entry_days(report_input)
    # Across a new year the week needs its year; otherwise "3 Sep" is shorter and clear.
    label = day_words if report_input.period_start.year != report_input.period_end.year else _short_day
    rows = tuple(
        (f"{label(start)} - {label(end)}", str(sum(start <= day <= end for day in entry_days)),
         *(scale.show_mean(weeks[scale.name][i][2]) if weeks[scale.name][i][2] is not None else "-" for scale in scales))
        for i, (start, end) in enumerate(_blocks(report_input))
    )
    charted = scales[0]  # numbness when it was rated, else the first measure that was
    chart = Chart(
        title=_("Weekly mean %(measure)s (%(scale)s)") % {"measure": _named(charted), "scale": charted.describe()},
        labels=tuple(_short_day(start) for start, _end in _blocks(report_input)),
        values=tuple(mean for _start, _end, mean, _count in weeks[charted.name]),
        low=float(charted.low),
        high=float(charted.high),
        description=_("A line chart of the weekly means listed in the table below."),
    )
    header = (_("Week"), _("Days with entries"), *(_("Mean %(measure)s") % {"measure": _named(scale)} for scale in scales))
    return Section("timeline", title, (_("Weekly means of the daily means; a dash marks a week without that rating."),),
                   chart=chart, table=Table(header, rows))


def _screenings(report_input: ReportInput) -> Section:
    title = _("Screening questionnaires")
    lines = sorted(report_input.screenings, key=lambda line: line.taken_on)
    if not lines:
        return Section("screening", title, (_("No screening questionnaires in this period."),))
    paragraphs = [_("Screening questionnaires are not a diagnosis. Lower totals mean fewer symptoms.")]
    for line in lines:
        if line.item9_positive:
            paragraphs.append(_(
                "On %(day)s the %(title)s answer about thoughts of being better off dead or of hurting oneself "
                "was above \"Not at all\". Please ask about it."
            ) % {"day": day_words(line.taken_on), "title": line.title})
    for title_words in dict.fromkeys(line.title for line in lines):
        scored = [line for line in lines if line.title == title_words and line.total is not None]
        if len(scored) >= 2:
            paragraphs.append(_("%(title)s: %(n)d times in this period, from %(first)d on %(first_day)s to %(last)d on %(last_day)s.") % {
                "title": title_words, "n": len(scored), "first": scored[0].total, "first_day": day_words(scored[0].taken_on),
                "last": scored[-1].total, "last_day": day_words(scored[-1].taken_on),
            })
    rows = tuple(
        (
            day_words(line.taken_on),
            line.title,
            "-" if line.total is None else (f"{line.total} / {line.max_total}" if line.max_total else str(line.total)),
            line.band or "-",
            line.change_words or "-",
        )
        for line in lines
    )
    table = Table((_("Date"), _("Questionnaire"), _("Total"), _("Band"), _("Change since the one before")), rows)
    notices = tuple(dict.fromkeys(line.notice for line in lines if line.notice))
    return Section("screening", title, tuple(paragraphs), table=table, notes=notices)


def _findings(report_input: ReportInput) -> Section:
    from glimmers.core.analysis.insights.outcome import OUTCOMES

    outcome = OUTCOMES[report_input.findings_measure]
    words = {"measure": outcome.label}
    title = _("When %(measure)s is worse, and what helps") % words
    if not (report_input.triggers or report_input.helps or report_input.not_yet):
        return Section("findings", title, (_("No findings about what makes %(measure)s worse or what helps in this period.")
                                           % words,))
    lists = (
        ItemList(_(outcome.worse_heading), tuple(report_input.triggers), _("No clear pattern yet.")),
        ItemList(_(outcome.better_heading), tuple(report_input.helps), _("Nothing clear yet.")),
        ItemList(_("Not clear yet"), tuple(report_input.not_yet), _("Nothing waiting for more data.")),
    )
    intro = _(
        "Patterns in the person's journal, each worded with how sure it is. "
        "They show what went together, not what caused what."
    )
    paragraphs = (intro, report_input.findings_scope) if report_input.findings_scope else (intro,)
    return Section("findings", title, paragraphs, lists=lists)


def _medication(report_input: ReportInput) -> Section:
    title = _("Medication timeline")
    lines = sorted(report_input.medication, key=lambda line: line.day)
    if not lines:
        return Section("medication", title, (_("No medication changes recorded in this period."),))
    rows = tuple((day_words(line.day), line.name, line.kind_words, line.dose or "-") for line in lines)
    table = Table((_("Date"), _("Medicine"), _("Event"), _("Dose")), rows)
    notes = tuple(line.numbness_words for line in lines if line.numbness_words)
    intro = _("Medicines as the person recorded them. Any question about a medicine is one for the prescriber.")
    return Section("medication", title, (intro,), table=table, notes=notes)


def _warning_signs(report_input: ReportInput) -> Section:
    title = _("Warning signs")
    signs = sorted(((label, days) for label, days in report_input.warning_signs if days > 0), key=lambda sign: -sign[1])
    if not signs:
        return Section("warning_signs", title, (_("No warning signs ticked in this period."),))
    table = Table((_("Warning sign"), _("Days seen")), tuple((label, str(days)) for label, days in signs))
    return Section("warning_signs", title, (_("Warning signs the person ticked, and on how many days."),), table=table)


def _plan(report_input: ReportInput) -> Section:
    title = _("Reconnection plan and experiments")
    plan = report_input.plan
    if plan is None:
        paragraphs = [_("No reconnection plan in this period.")]
    else:
        paragraphs = [_(
            "A %(length)d-day reconnection plan started on %(day)s. Cues were tried on %(days)d of its days, "
            "%(cues)d cues in all."
        ) % {"length": plan.plan_days, "day": day_words(plan.started_on), "days": plan.days_touched, "cues": plan.cues_done}]
    lists = (ItemList(_("Lever experiments"), tuple(report_input.experiments), _("No lever experiments in this period.")),)
    return Section("plan", title, tuple(paragraphs), lists=lists)


def _early_warning(report_input: ReportInput) -> Section:
    title = _("Early-warning note")
    if report_input.early_warning:
        return Section("early_warning", title, (report_input.early_warning,))
    from glimmers.core.analysis.insights.outcome import OUTCOMES

    outcome = OUTCOMES[report_input.findings_measure]
    return Section("early_warning", title, (_(
        "No early-warning note in this period. The check looks only for a steady change for the worse in "
        "%(measure)s (%(worse)s than the person's usual range), so its silence does not mean all is well."
    ) % outcome.words(),))


def _own_notes(report_input: ReportInput) -> Section:
    title = _("What I would like help with")
    text = report_input.help_notes.replace("\r\n", "\n").strip()
    blocks = tuple(block.strip() for block in text.split("\n\n") if block.strip())
    return Section("help_notes", title, blocks or (_("No notes written for this report."),))


def footer_sentences(generated_on: date) -> tuple[str, str]:
    """The two closing lines: what the report is not, and where help is."""
    return (
        _(
            "Made with glimmers on %(day)s. Screening questionnaires are not a diagnosis. "
            "Patterns in a journal show what went together, not what caused what."
        ) % {"day": day_words(generated_on)},
        _("glimmers is not monitored and cannot send help. Crisis lines: run glimmers help-now, or open Help now in glimmers."),
    )


def build(report_input: ReportInput) -> Report:
    """The report, section by section, in the order a clinician reads it."""
    length = (report_input.period_end - report_input.period_start).days + 1
    period = ngettext("%(start)s to %(end)s (%(n)d day)", "%(start)s to %(end)s (%(n)d days)", length) % {
        "start": day_words(report_input.period_start), "end": day_words(report_input.period_end), "n": length,
    }
    header = []
    if report_input.person_name.strip():
        header.append(_("Name: %(name)s") % {"name": report_input.person_name.strip()})
    header.append(_("Period: %(period)s") % {"period": period})
    header.append(_("Made on %(day)s. Dates are in %(zone)s time.") % {"day": day_words(report_input.generated_on), "zone": zone_label(report_input.timezone)})
    header.append(_("Written from the person's own journal. It is not a medical record and does not diagnose."))
    parts = (_summary, _timeline, _screenings, _findings, _medication, _warning_signs, _plan, _early_warning, _own_notes)
    sections = tuple(part(report_input) for part in parts)
    return Report(
        title=_("A report to bring to my clinician"),
        header=tuple(header),
        sections=sections,
        footer=footer_sentences(report_input.generated_on),
        page_note=_("glimmers is not monitored. Crisis lines: glimmers help-now"),
        generated_on=report_input.generated_on,
        subject=_("Numbness journal, %(period)s") % {"period": period},
    )


def _wrap(text: str, indent: str = "", first: str | None = None) -> list[str]:
    lines: list[str] = []
    for number, line in enumerate(text.split("\n")):
        lead = first if (first is not None and number == 0) else indent
        lines.extend(textwrap.wrap(line, TEXT_WIDTH, initial_indent=lead, subsequent_indent=indent) or [lead.rstrip()])
    return lines


def _table_lines(table: Table) -> list[str]:
    widths = [max(len(row[column]) for row in (table.header, *table.rows)) for column in range(len(table.header))]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths)).rstrip()

    return [line(table.header), "  ".join("-" * width for width in widths), *(line(row) for row in table.rows)]


def as_text(report: Report) -> str:
    """Plain text for a printable fallback and for tests: every word, no layout.

    The chart is left out: its numbers are in the table next to it.
    """
    out = [report.title, "=" * len(report.title), ""]
    out += [*report.header, ""]
    for section in report.sections:
        out += [section.title, "-" * len(section.title)]
        for paragraph in section.paragraphs:
            out += [*_wrap(paragraph), ""]
        for item_list in section.lists:
            out.append(item_list.heading + ":")
            for item in item_list.items or (item_list.empty,):
                out += _wrap(item, indent="    ", first="  - ")
            out.append("")
        if section.table is not None:
            out += [*_table_lines(section.table), ""]
        for note in section.notes:
            out += [*_wrap(note), ""]
    out += ["-" * TEXT_WIDTH]
    for sentence in report.footer:
        out += _wrap(sentence)
    return "\n".join(out).rstrip() + "\n"
