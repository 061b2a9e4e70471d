"""``insights`` and ``report``: honest findings in the terminal, and a PDF to
bring to an appointment."""

from __future__ import annotations

from pathlib import Path

import click

from glimmers.cli.common import opens_journal, session
from glimmers.core.i18n import _, ngettext
from glimmers.core.text import json_text, printable

BARS = "▁▂▃▄▅▆▇█"


def sparkline(values, low: float = 0, high: float = 10) -> str:
    """Weekly means on the scale's fixed range (0-10 unless given); a gap is a space."""
    return "".join(" " if v is None else BARS[min(len(BARS) - 1, max(0, int((v - low) / (high - low) * len(BARS))))]
                   for v in values)


@click.command(name="insights")
@click.option("--json", "as_json", is_flag=True, help="Print everything as JSON.")
@click.option("--measure", type=click.Choice(["numbness", "mood", "energy", "stress"]), default=None,
              help="Which rating to look at (default: numbness when rated on enough days, else the most rated).")
@opens_journal
def insights_command(as_json, measure):
    """What goes with better or worse numbness (or mood...), how it persists, experiments, and small wins."""
    from glimmers.analysis import dashboard
    from glimmers.cli.common import console
    from glimmers.core.analysis.insights.words import substance_caveat

    state = session()
    with console().status(_("Looking through your entries…")) if not as_json else _nothing():
        insights = dashboard.load(today=state.today(), now=state.now(), measure=measure)
    if as_json:
        click.echo(json_text(insights.to_json(), indent=2))
        return
    from glimmers.core.analysis.insights import story

    from glimmers.core.analysis.insights.outcome import OUTCOMES

    out = console()
    findings = insights.findings
    outcome = OUTCOMES[insights.measure]
    scale = outcome.scale
    if measure is not None and measure != insights.measure:
        out.print(_("%(asked)s has not been rated yet, so this is about %(measure)s.")
                  % {"asked": _(OUTCOMES[measure].scale.label), "measure": outcome.label}, markup=False)
    summary = story.summary(insights, early_hint_min_days=dashboard.EARLY_HINT_MIN_DAYS)
    if summary:
        heading = _("In short")
        out.print(f"[bold]{heading}[/bold]")
        for line in summary:
            out.print(f"  {printable(line)}", markup=False)
        out.print("")
    weeks = [week.mean for week in insights.trend.weeks]
    heading = _("%(measure)s, weekly means over 13 weeks (%(range)s)") % {"measure": _(scale.label), "range": scale.range_text}
    out.print(f"[bold]{heading}[/bold]")
    out.print(f"  {sparkline(weeks, scale.low, scale.high)}  "
              + _("latest week: %(v)s") % {"v": next((v for v in reversed(weeks) if v is not None), "–")}, markup=False)
    out.print("")
    shown = findings.worse + findings.helps + findings.lighter
    if shown:
        from rich.table import Table
        from rich.text import Text

        table = Table(title=_("Patterns found (points of %(measure)s; + higher, − lower)") % outcome.words(),
                      title_justify="left")
        for column, justify in ((_("what"), "left"), (_("points"), "right"), (_("plausible range"), "right"), (_("days"), "right"),
                                (_("how sure"), "left")):
            table.add_column(column, justify=justify)
        status = {"pattern": _("pattern"), "early_hint": _("early hint")}
        marks: dict[str, str] = {}  # alcohol or cannabis with less numbness: marked, and the caveat follows the table
        for item in shown:
            # the caveat reads the engine's way round, where negative is better
            caveat = substance_caveat(item.key, item.effect if outcome.higher_is_worse else -item.effect, item.status)
            subject = f"{item.subject} {marks.setdefault(caveat, '*' * (len(marks) + 1))}" if caveat else item.subject
            table.add_row(Text(printable(subject)), f"{item.effect:+.1f}", _("%(low)s to %(high)s") % {"low": f"{item.low:+.1f}", "high": f"{item.high:+.1f}"}, str(item.days),
                          status.get(item.status, item.status))
        out.print(table)
        for caveat, mark in marks.items():
            out.print(f"  {mark} {printable(caveat)}", markup=False)
        out.print("")
    if shown:
        said = _("Each finding is something that went together in your entries, not proof of what caused what.")
        if findings.tested:
            said += " " + ngettext(
                "Every one passed a check for chance across the %(n)d comparison that had enough data.",
                "Every one passed a check for chance across the %(n)d comparisons that had enough data.",
                findings.tested,
            ) % {"n": findings.tested}
        if any(item.status == "early_hint" for item in shown):
            said += " " + _("An early hint rests on fewer days and may change.")
        out.print(said, markup=False)
        out.print("")
    sections = (
        (_(outcome.worse_heading), findings.worse, "sentence"),
        (_(outcome.better_heading), findings.helps + findings.lighter, "sentence"),
        (_("No clear difference yet"), findings.no_difference[:4] + findings.waiting[:3], "words"),
    )
    for title, items, said in sections:
        out.print(f"[bold]{title}[/bold]")
        if not items:
            out.print("  " + _("Nothing to say yet."), markup=False)
        for item in items:
            hint = f" ({_('early hint')})" if item.status == "early_hint" else ""
            out.print(f"  - {printable(getattr(item, said))}{hint}", markup=False)
        out.print("")
    if findings.young:
        out.print(_("With fewer than %(n)d days of entries, early hints wait: the first weeks are mostly noise.")
                  % {"n": dashboard.EARLY_HINT_MIN_DAYS}, markup=False)
    for title, words in (
        (_("How numbness persists"), [insights.persistence.words, insights.persistence.most_days_above_words]
         if insights.rated_days.get("numbness") else []),
        (_("Early warning"), [insights.early_warning.words]
         + ([_("When numbness returns, four steps help: glimmers guide relapse")]
            if insights.early_warning.status == "above_usual_range" and insights.measure == "numbness" else [])
         + ([_("What the way back can feel like: glimmers guide understanding")]
            if insights.early_warning.status == "above_usual_range" else [])),
        (_("Predicted and what happened"), [insights.activation.words]),
    ):
        if not any(words):
            continue  # a section about a rating never given is left out, not shown empty
        out.print(f"[bold]{title}[/bold]")
        for text in words:
            if text:
                out.print(f"  {printable(text)}", markup=False)
        out.print("")
    from glimmers.analysis import more

    if returning := more.returning_feelings(state.today()):
        heading = _("Other feelings, lately")
        out.print(f"[bold]{heading}[/bold]")
        out.print(f"  {returning.sentence}", markup=False)
        out.print("  " + _("%(link)s: glimmers guide understanding") % {"link": returning.link}, markup=False)
        out.print("")
    if insights.inner_critic:
        from glimmers.core.toolkit import self_talk

        heading = _("What the inner critic kept saying (check-ins, last 90 days)")
        out.print(f"[bold]{heading}[/bold]")
        for key, n in sorted(insights.inner_critic.items(), key=lambda item: (-item[1], item[0])):
            out.print(f"  {self_talk.label(key)}: {n}", markup=False)
        out.print("  " + _("These count your own words; they are not a verdict on you. %(question)s")
                  % {"question": self_talk.reframe_prompt(state.today())}, markup=False)
        out.print("")
    if insights.experiments:
        heading = _("Experiments")
        out.print(f"[bold]{heading}[/bold]")
        for item in insights.experiments:
            out.print(printable(f"  {item.ref} {item.lever}: {item.words}"), markup=False)
        out.print("")
    wins = insights.wins
    heading = _("The last 30 days")
    out.print(f"[bold]{heading}[/bold]")
    counts = [
        ngettext("%(n)d glimmer", "%(n)d glimmers", wins.glimmers) % {"n": wins.glimmers},
        ngettext("%(n)d plan cue", "%(n)d plan cues", wins.cues) % {"n": wins.cues},
        ngettext("%(n)d activity", "%(n)d activities", wins.activities) % {"n": wins.activities},
        ngettext("%(n)d exercise", "%(n)d exercises", wins.exercises) % {"n": wins.exercises},
    ]
    out.print("  " + ", ".join(counts) + ".", markup=False)
    out.print("")


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


@click.group(name="report", invoke_without_command=True)
@click.option("--since", "since_text", default="", metavar="DATE", help="First day (default: 12 weeks before --until).")
@click.option("--until", "until_text", default="", metavar="DATE", help="Last day (default: today).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write a PDF here (default: text on the screen).")
@click.pass_context
def report_command(ctx, since_text, until_text, out):
    """A report for a clinician: timeline, screening, patterns, medicines, your notes.

    glimmers report --since 2026-09-01 --out report.pdf
    """
    if ctx.invoked_subcommand is not None:
        return
    from glimmers.analysis import report
    from glimmers.core.when import parse_date

    state = session()
    state.open()
    today = state.today()
    since = parse_date(since_text, today=today, field="since") if since_text else None
    until = parse_date(until_text, today=today, field="until") if until_text else None
    since, until = report.period(since, until, today=today)
    arguments = dict(since=since, until=until, today=today, now=state.now(), timezone=state.zone_name)
    if out is None:
        click.echo(printable(report.text(**arguments)))
        return
    from glimmers.cli.common import console, write_output

    with console().status(_("Making the report…")):
        data = report.pdf(**arguments)
    target = write_output(out, data)
    click.echo(_("Wrote %(file)s (%(since)s to %(until)s).") % {"file": target, "since": since.isoformat(), "until": until.isoformat()})


@report_command.command(name="notes")
@click.argument("text", required=False)
@click.option("--clear", is_flag=True, help="Remove the notes.")
@opens_journal(words=("text",))
def report_notes(text, clear):
    """Show or set what you would like help with (it goes into the report)."""
    from glimmers.analysis import notes

    if text is None and not clear:
        current = notes.load()
        click.echo(printable(current) or _("No notes yet. Example: glimmers report notes \"Feeling flat since the dose change; want to talk about work.\""))
        return
    saved = notes.save("" if clear else text, now=session().now())
    click.echo(_("Saved. They will be in your next report.") if saved else _("Notes removed."))
    from glimmers.cli.support import offer_if_words_worry

    offer_if_words_worry(saved)


COMMANDS = (insights_command, report_command)
