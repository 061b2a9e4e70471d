"""Recording: ``checkin``, ``glimmer``, ``day`` and ``edit``."""

from __future__ import annotations

import click

from glimmers.cli import render
from glimmers.cli.common import console, opens_journal, session
from glimmers.core import content, limits
from glimmers.core.journal import entries, measures
from glimmers.core.i18n import _
from glimmers.core.when import shown_day
from glimmers.core.text import json_text, printable

# `glimmers day`: each option's parameter name and the day record's field it sets.
DAY_OPTIONS = {
    **{factor.parameter: name for name, factor in measures.FACTORS.items()},
    "wake": "wake_time",
    "note": "note",
}


def _checkin_options(command):
    """The options a check-in and its edit share."""
    keys = lambda choices: ", ".join(choice.key for choice in choices)  # noqa: E731
    decorators = [
        *(
            click.option(f"--{name}", f"-{scale.short}", metavar=scale.range_text, help=scale.describe())
            for name, scale in measures.SCALES.items()
        ),
        click.option("--form", "forms", multiple=True, metavar="KEY", help=f"How the numbness feels: {keys(content.numbness_forms())}."),
        click.option("--tag", "-t", "tags", multiple=True, metavar="[CATEGORY:]NAME", help="Context: where, who with, doing (repeatable)."),
        click.option("--body", "body", multiple=True, metavar="SIGNAL", help="A body signal, e.g. 'chest tension' (repeatable)."),
        click.option("--sign", "signs", multiple=True, metavar="KEY", help=f"Warning sign: {keys(content.warning_signs())}."),
        click.option(
            "--window", "tolerance_window", metavar="over|within|under",
            help="Window of tolerance: too much (over), about right (within) or too little (under). See 'glimmers guide window'.",
        ),
        click.option("--self-talk", help="What the inner critic is saying."),
        click.option("--note", help="Anything else, in your words. 'I feel nothing' is a fine note."),
        click.option("--at", "when", metavar="WHEN", help="When it was: 'yesterday 21:30', '2026-03-14 08:00', '07:45'. Default now."),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


def _tags(tags, body) -> list[str]:
    from glimmers.journal.queries import qualify_tags

    return qualify_tags(tags) + [f"body:{signal}" for signal in body]


def _asked(question: str, check, *, default="", show_default: bool = False):
    """One answer, checked by the core as it is given: a mistake is said and
    asked again, so the answers before it are never lost."""
    from glimmers.core.errors import InvalidInput

    def checked(answer):
        try:
            return check(answer)
        except InvalidInput as problem:
            raise click.BadParameter(problem.message) from None

    return click.prompt(question, default=default, show_default=show_default, value_proc=checked)


def _ask_rating(name: str, default=None):
    scale = measures.SCALES[name]
    skip = _("Enter to skip")
    question = f"{_(scale.label)} ({scale.describe()}; {skip})"
    return _asked(question, lambda answer: entries.rating(name, answer), default="" if default is None else default,
                  show_default=default is not None)


def _tag_answers(answer: str) -> list[str]:
    given = [item.strip() for item in str(answer).split(",") if item.strip()]
    entries.tags(given)  # refused here, with the reason, rather than after the note
    return given


def _ask_checkin(current=None) -> dict:
    current = current or {}
    console().print(_("A quick check-in. Press Enter to skip anything."))
    answers = {name: _ask_rating(name, current.get(name)) for name in measures.SCALES}
    answers["tolerance_window"] = _ask_window(current.get("tolerance_window", ""))
    answers["tags"] = _asked(_("Tags, comma-separated (e.g. work, meeting, alone)"), _tag_answers)
    answers["note"] = _asked(
        _("A few words (optional)"),
        lambda answer: entries.text(answer, field="note", maximum=limits.NOTE_MAX),
        default=current.get("note", ""),
    )
    return answers


def _ask_window(current: str) -> str:
    """The window-of-tolerance question, answered with a word or a number (Enter skips)."""
    from glimmers.core.journal import tolerance
    from glimmers.core.toolkit.window import window

    settings = window()
    console().print(settings.question, markup=False)
    for number, state in enumerate(settings.states, start=1):
        console().print(f"  {number}  {state.label}: {state.hint}", markup=False)
    by_number = {str(number): state.key for number, state in enumerate(settings.states, start=1)}
    return _asked(
        _("1, 2 or 3 (Enter to skip)"),
        lambda answer: tolerance.checked(by_number.get(answer.strip(), answer)),
        default=current,
    )


def _offer_for_window(key: str) -> None:
    """After a check-in at an edge of the window: a few exercises that may help, and the guide."""
    from glimmers.core.toolkit.window import GUIDE, offer, offered_exercises

    state = offer(key)
    if state is None:
        return
    click.echo(state.after)
    for exercise in offered_exercises(state):
        click.echo(f"  glimmers ground {exercise.key}   {exercise.name}")
    click.echo(_("More about the window of tolerance: glimmers guide %(guide)s") % {"guide": GUIDE})


def _words_of(row) -> tuple[str, ...]:
    if row.kind == entries.CHECKIN:
        return (row.self_talk, row.note)
    return (row.text, row.preceded_by)


def _print_saved(verb: str, row, as_json: bool) -> None:
    # Plain click output: loading rich would cost more than the save itself.
    # Any support for the words came before this, ahead of the journal work
    # (on stderr when stdout is JSON for a script); words asked for on the
    # way (an edit's prompts) are read here.
    from glimmers.cli.support import offer_if_words_worry

    if as_json:
        click.echo(json_text(render.entry_json(row) | {"support": session().support_level}))
    else:
        click.echo(click.style(f"{verb} {row.ref}", bold=True) + f" · {render.moment(row)}")
        for label, value in render.detail(row)[1:]:
            click.echo(f"  {label}: {value}")
    offer_if_words_worry(*_words_of(row), err=as_json)


@click.command()
@_checkin_options
@click.option("--json", "as_json", is_flag=True, help="Print the saved check-in as JSON.")
def checkin(numbness, mood, energy, stress, forms, tags, body, signs, tolerance_window, self_talk, note, when, as_json):
    """Record how you are right now (asks, when run without options)."""
    from glimmers.cli.support import keeping_words, support_first
    from glimmers.core.journal.entries import validate_checkin
    from glimmers.core.when import parse_when
    from glimmers.lean import journal as lean_journal
    from glimmers.lean import write as lean_write

    state = session()
    values = dict(
        numbness=numbness, mood=mood, energy=energy, stress=stress, self_talk=self_talk, note=note, tolerance_window=tolerance_window
    )
    asked = not any(v is not None for v in values.values()) and not (forms or tags or body or signs)
    if asked:
        values |= _ask_checkin()
        tags = values.pop("tags")
    # Support for the words first, before the journal is even opened.
    level = support_first(values["self_talk"], values["note"], err=as_json)
    with keeping_words(values["self_talk"], values["note"]):
        # Without Django when the journal allows (glimmers.lean): the same
        # checks, the same rows. After questions, Django's way as before.
        lean = None if asked else lean_journal.open_journal(demo=state.demo)
        if lean is None:
            state.open()
        try:
            now = state.now()
            record = validate_checkin(
                values
                | {
                    "occurred_at": parse_when(when or "now", now=now, tz=state.zone),
                    "timezone": state.zone_name,
                    "forms": forms,
                    "tags": lean_write.checkin_tags(lean, tags, body) if lean else _tags(tags, body),
                    "warning_signs": signs,
                },
                now=now,
            )
            if lean is None:
                from glimmers.journal import store

                row = store.add_checkin(record, now=now)
            else:
                row = lean_write.add_checkin(lean, record, now=now)
        finally:
            if lean is not None:
                lean.close()
    _print_saved(_("Saved check-in"), row, as_json)
    if level == "none" and not as_json:  # support, when called for, came instead
        _offer_for_window(record.tolerance_window)
    if (values["self_talk"] or "").strip() and level == "none" and not as_json:  # support, when called for, came instead
        from glimmers.core.toolkit import self_talk

        click.echo(_("If you like: %(question)s") % {"question": self_talk.reframe_prompt(state.today())})


@click.command()
@click.argument("text")
@click.option("--after", "preceded_by", metavar="WHAT", help="What came just before it (a walk, a song, a call).")
@click.option("--tag", "-t", "tags", multiple=True, metavar="[CATEGORY:]NAME", help="Context tags (repeatable).")
@click.option("--at", "when", metavar="WHEN", help="When it happened. Default now.")
@click.option("--json", "as_json", is_flag=True, help="Print the saved glimmer as JSON.")
@opens_journal(words=("text", "preceded_by"))
def glimmer(text, preceded_by, tags, when, as_json):
    """Log a glimmer: a tiny shift of interest, warmth or ease. 1-2% counts."""
    from glimmers.core.journal.entries import validate_glimmer
    from glimmers.core.when import parse_when
    from glimmers.journal import store

    state = session()
    now = state.now()
    record = validate_glimmer(
        {
            "occurred_at": parse_when(when or "now", now=now, tz=state.zone),
            "timezone": state.zone_name,
            "text": text,
            "preceded_by": preceded_by,
            "tags": _tags(tags, ()),
        },
        now=now,
    )
    row = store.add_glimmer(record, now=now)
    _print_saved(_("Saved glimmer"), row, as_json)


def _day_options(command):
    """One option per declared daily factor, then the wake time and the day's note."""
    decorators = [
        click.option("--date", "on", metavar="DATE", help="Which day: YYYY-MM-DD, 'today' or 'yesterday'. Default today."),
        *(click.option(f"--{factor.option}", metavar=factor.metavar, help=_(factor.help)) for factor in measures.FACTORS.values()),
        click.option("--wake", metavar="HH:MM", help="Wake time."),
        click.option("--note", help="A short note about the day."),
        click.option("--clear", multiple=True, type=click.Choice(sorted(DAY_OPTIONS)), help="Forget a recorded factor."),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


@click.command()
@_day_options
@opens_journal(words=("note",))
def day(on, clear, **given):
    """Record today's numbness-fuel factors; shows the day when run bare."""
    from glimmers.core.when import parse_date
    from glimmers.journal import queries, store

    state = session()
    today = state.today()
    chosen = parse_date(on, today=today) if on else today
    changes = {DAY_OPTIONS[name]: value for name, value in given.items() if value is not None}
    changes |= {DAY_OPTIONS[name]: None for name in clear}
    if changes:
        row = store.set_day(chosen, changes, now=state.now(), today=today)
        saved = _("Saved factors for %(day)s") % {"day": shown_day(chosen)}
        console().print(f"[bold]{saved}[/bold]")
    else:
        row = queries.day(chosen)
        if row is None:
            console().print(_("Nothing recorded for %(day)s yet. Try: glimmers day --sleep 7 --daylight 20") % {"day": shown_day(chosen)})
            return
        console().print(f"[bold]{shown_day(chosen)}[/bold]")
    for label, value in _day_lines(row):
        console().print(f"  {label}: {value}", markup=False)


def _day_lines(row) -> list[tuple[str, str]]:
    lines = []
    for option, name in DAY_OPTIONS.items():
        value = getattr(row, name)
        if value not in (None, ""):
            unit = measures.FACTORS[name].unit if name in measures.FACTORS else ""
            lines.append((option.replace("_", " ").capitalize(), printable(f"{value} {unit}".strip())))
    return lines


@click.command()
@click.argument("ref")
@_checkin_options
@click.option("--untag", multiple=True, metavar="[CATEGORY:]NAME", help="Remove a tag.")
@click.option("--text", help="(glimmers) What shifted.")
@click.option("--after", "preceded_by", help="(glimmers) What came before it.")
@opens_journal(words=("self_talk", "note", "text", "preceded_by"))
def edit(ref, untag, **given):
    """Change an entry (asks for check-in values when run with only its id)."""
    from glimmers.core.when import parse_when
    from glimmers.journal import store
    from glimmers.journal.records import record_of

    state = session()
    row = store.get_entry(ref, trashed=False)
    current = record_of(row)
    changes = {k: v for k, v in given.items() if k not in ("forms", "tags", "body", "signs", "when") and v is not None}
    if given["when"]:
        changes["occurred_at"] = parse_when(given["when"], now=state.now(), tz=state.zone)
    if given["forms"]:
        changes["forms"] = given["forms"]
    if given["signs"]:
        changes["warning_signs"] = given["signs"]
    added = _tags(given["tags"], given["body"])
    if added or untag:
        removed = {entries.tag(value) if ":" in value else value.strip().lower() for value in untag}
        kept = [tag for tag in current.tags if tag not in removed and tag.name not in removed]
        changes["tags"] = kept + added
    if not changes and not untag and row.kind == entries.CHECKIN:
        answers = _ask_checkin({k: getattr(current, k) for k in (*measures.SCALES, "note", "tolerance_window")})
        new_tags = answers.pop("tags")
        changes = answers | ({"tags": list(current.tags) + new_tags} if new_tags else {})
    elif not changes:
        raise click.UsageError(_("Say what to change, e.g. --text or --after."))
    row = store.edit_entry(ref, changes, now=state.now())
    _print_saved(_("Updated"), row, False)


COMMANDS = (checkin, glimmer, day, edit)
