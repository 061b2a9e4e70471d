"""``screen``: the PHQ-9, PHQ-2, GAD-7 and GAD-2 questionnaires, the numbness
profile and triage; interactive, or scripted with ``--answers``.

A safety answer (PHQ-9 item 9 above 0, or a risk or red-flag answer in
triage) shows crisis lines and the safety plan at once: straight after that
answer when asked interactively, before anything else when scripted, and
also when the questionnaire is abandoned part-way. A PHQ-9 total of 20 or
more does the same, once the total is known and before the score.

Results are graded (see ``core.care.instruments``); a notable rise since the last
result says so; a PHQ-2 or GAD-2 at or above 3 offers the longer
questionnaire (asked at once at a terminal, otherwise the next command); and
triage takes the latest PHQ-9 and GAD-7 of the last four weeks into account."""

from __future__ import annotations

import contextlib
import json
import sys

import click

from glimmers.cli import common
from glimmers.cli.common import session
from glimmers.core.care import disclosure
from glimmers.core.errors import GlimmersError
from glimmers.core.i18n import _
from glimmers.core.text import json_text, printable

QUESTIONNAIRES = ("phq9", "phq2", "gad7", "gad2")


def _partial_opening(instrument, text: str) -> str | None:
    """Support words for scripted answers that will be refused but already show
    item 9 above 0 or a total in the highest range (None: nothing to show)."""
    from glimmers.core.care import instruments

    pieces = [piece.strip() for piece in (text or "").split(",")]
    values = [int(piece) if piece.isascii() and piece.isdigit() else None for piece in pieces]
    return disclosure.opening_for(instruments.support_reason_in_partial(instrument, values))


def _ask_questionnaire(instrument) -> tuple[list[int], int | None, bool]:
    """Ask every item (and PHQ-9's closing question). Returns the answers, the
    closing answer and whether support was already shown on the way."""
    from glimmers.cli.support import show_support
    from glimmers.core.care import instruments

    click.echo(click.style(instrument.title, bold=True))
    click.echo(instrument.stem)
    options = "  ".join(f"{option.value} = {option.label}" for option in instrument.options)
    answers: list[int] = []
    shown = False
    try:
        for item in instrument.items:
            click.echo("")
            click.echo(f"{item.number}. {item.text}")
            click.echo(f"   {options}")
            value = click.prompt(_("   Your answer"), type=click.IntRange(0, instrument.options[-1].value))
            answers.append(value)
            if not shown and instruments.safety_signal_in_partial(instrument, answers):
                show_support(disclosure.self_harm_opening())
                shown = True
        if not shown:  # every item answered: a total in the highest range gets support now
            opening = disclosure.opening_for(instruments.support_reason_in_partial(instrument, answers))
            if opening:
                show_support(opening)
                shown = True
        functional = None
        if instrument.functional is not None:
            question = instrument.functional
            click.echo("")
            click.echo(question.text)
            click.echo("   " + "  ".join(f"{option.value} = {option.label}" for option in question.options))
            highest = question.options[-1].value
            while True:
                typed = click.prompt(_("   Your answer (Enter to skip)"), default="", show_default=False).strip()
                if typed == "" or (typed.isascii() and typed.isdigit() and int(typed) <= highest):
                    break
                click.echo(_("   Please type a number from 0 to %(max)d, or press Enter to skip.") % {"max": highest})
            functional = None if typed == "" else int(typed)
    except (click.Abort, KeyboardInterrupt, EOFError):
        if not shown:
            opening = disclosure.opening_for(instruments.support_reason_in_partial(instrument, answers))
            if opening:
                show_support(opening)
        raise click.Abort() from None
    return answers, functional, shown


def _next_command(score) -> str | None:
    return f"glimmers screen {score.follow_up.key}" if score.follow_up is not None else None


def _print_score(result, score, change, next_command: str | None) -> None:
    click.echo("")
    click.echo(click.style(
        _("%(title)s: %(total)d of %(max)d, %(band)s") % {
            "title": score.instrument.title, "total": score.total, "max": score.max_total, "band": score.band.label
        },
        bold=True,
    ))
    if score.safety_note:
        click.echo(click.style(score.safety_note, bold=True))
    if score.meaning:
        click.echo(click.style(score.meaning, bold=True) if score.grade in ("soon", "urgent") else score.meaning)
    if score.not_asked_note:
        click.echo(score.not_asked_note + " " + _("Crisis lines, any time: glimmers help-now."))
    if change is not None:
        click.echo(change.words)
        if change.rise_note:
            click.echo(click.style(change.rise_note, bold=True))
    if score.follow_up_words:
        click.echo(score.follow_up_words)
        if next_command:
            click.echo(_("To answer it: %(command)s") % {"command": next_command})
    click.echo(_("This is a screening questionnaire, not a diagnosis. A doctor or therapist can tell you what the score means for you."))
    click.echo(_("Saved as %(ref)s.") % {"ref": result.ref})
    click.echo("")
    click.echo(score.instrument.notice)


def _offer_follow_up(score, result) -> None:
    """At a terminal, after a PHQ-2 or GAD-2 at or above 3: the longer one, now (default yes)."""
    longer = score.follow_up
    click.echo("")
    try:
        now = click.confirm(
            _("Would you like to answer the %(longer)s now? It has %(count)d questions and takes a few minutes.")
            % {"longer": longer.title, "count": len(longer.items)},
            default=True,
        )
    except click.Abort:
        now = False
    if not now:
        click.echo(_("Any time: %(command)s") % {"command": _next_command(score)})
        return
    click.echo("")
    try:
        _questionnaire(longer.key, None, None, False)
    except click.Abort:
        click.echo(
            "glimmers: "
            + _("stopped; the %(longer)s was not saved. Your %(title)s result is saved as %(ref)s.")
            % {"longer": longer.title, "title": score.instrument.title, "ref": result.ref},
            err=True,
        )
        sys.exit(130)  # interrupted, as for any other command


@click.command(name="screen")
@click.argument("what", type=click.Choice([*QUESTIONNAIRES, "profile", "triage", "history"]))
@click.option("--answers", metavar="LIST", help="All answers at once, comma-separated (e.g. 0,1,2,...), for scripts.")
@click.option("--functional", type=click.IntRange(0, 3), help="PHQ-9's closing question, 0-3 (optional).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def screen(what, answers, functional, as_json):
    """Screening: phq9, phq2, gad7, gad2, profile, triage, or history."""
    # The journal is opened only when it is needed, after the questions and
    # after any support: a broken journal never stands between an answer
    # about self-harm and the crisis lines.
    if what == "history":
        session().open()
        _history(as_json)
    elif what in QUESTIONNAIRES:
        _questionnaire(what, answers, functional, as_json)
    elif what == "profile":
        _profile(answers, as_json)
    else:
        _triage(answers, as_json)


@contextlib.contextmanager
def _saving(summary: str):
    """Open the journal and save; when it cannot be, say so and keep the answers."""
    from glimmers.cli.support import keeping_words

    with keeping_words(summary):
        session().open()
        from glimmers.care import screening as stored

        yield stored


def _questionnaire(key, answers_text, functional, as_json):
    from glimmers.cli.support import show_support
    from glimmers.core.care import instruments, screening_change

    instrument = instruments.instrument(key)
    shown = False
    if answers_text is not None:
        try:
            answers = instruments.parse_answers(instrument, answers_text)
        except GlimmersError:
            opening = _partial_opening(instrument, answers_text)
            if opening:
                show_support(opening, err=True)
            raise
    else:
        answers, functional, shown = _ask_questionnaire(instrument)
    try:
        score = instruments.score(instrument, answers, functional)
    except GlimmersError:
        opening = disclosure.opening_for(instruments.support_reason_in_partial(instrument, answers))
        if answers_text is not None and opening:
            show_support(opening, err=True)
        raise
    state = session()
    opening = disclosure.opening_for(score.support_reason)
    if opening and not shown:
        show_support(opening, err=as_json)  # before the score and anything else
    with _saving(_("%(title)s answers %(answers)s, total %(total)d of %(max)d") % {
        "title": instrument.title, "answers": ",".join(map(str, score.answers)), "total": score.total, "max": score.max_total,
    }) as stored:
        result = stored.save_score(score, taken_at=state.now(), timezone=state.zone_name, now=state.now())
        before = stored.previous(result)
    change = screening_change.compare_totals(instrument, before.total, score.total) if before else None
    next_command = _next_command(score)
    ask_now = next_command is not None and answers_text is None and not as_json and common.interactive()
    if as_json:
        click.echo(json.dumps({
            "ref": result.ref, "instrument": key, "answers": list(score.answers), "functional": score.functional,
            "total": score.total, "max_total": score.max_total, "band": score.band.key, "band_label": score.band.label,
            "above_cutoff": score.above_cutoff, "grade": score.grade, "meaning": score.meaning,
            "safety_signal": score.safety_signal, "safety_note": score.safety_note,
            "support_first": score.support_reason is not None, "not_asked_note": score.not_asked_note or None,
            "change": None if change is None else {
                "difference": change.difference, "reliable": change.reliable, "words": change.words,
                "notable_rise": change.notable_rise, "rise_note": change.rise_note or None,
                "response": change.response, "remission": change.remission,
            },
            "next": next_command,
        }, ensure_ascii=False))
        return
    _print_score(result, score, change, None if ask_now else next_command)
    if ask_now:
        _offer_follow_up(score, result)


def _profile(answers_text, as_json):
    from glimmers.core.care import profile as numbness

    spec = numbness.check()
    if answers_text is not None:
        answers = numbness.parse_answers(answers_text)
    else:
        click.echo(click.style(_("Numbness profile"), bold=True))
        click.echo(_(numbness.DISCLAIMER))
        click.echo("")
        click.echo(spec.intro)
        scale = "  ".join(f"{value} = {label}" for value, label in enumerate(spec.scale))
        given = []
        for question in spec.questions:
            click.echo("")
            click.echo(f"{question.number}. {question.text}")
            click.echo(f"   {scale}")
            given.append(click.prompt(_("   Your answer"), type=click.IntRange(0, spec.max_value)))
        answers = tuple(given)
    result = numbness.profile(answers)
    state = session()
    with _saving(_("Numbness profile answers %(answers)s") % {"answers": ",".join(map(str, result.answers.values()))}) as stored:
        saved = stored.save_check(
            "profile", dict(result.answers), outcome=",".join(result.leading) or "none", safety_signal=False,
            taken_at=state.now(), timezone=state.zone_name, now=state.now(),
        )
    if as_json:
        click.echo(json.dumps({
            "ref": saved.ref, "answers": dict(result.answers), "leading": list(result.leading),
            "forms": [{"key": f.key, "label": f.label, "score": f.score, "max_score": f.max_score} for f in result.forms],
            "emphases": [{"key": e.key, "label": e.label, "why": e.why} for e in result.emphases],
            "disclaimer": result.disclaimer,
        }, ensure_ascii=False))
        return
    click.echo("")
    click.echo(click.style(result.summary, bold=True))
    for form in result.forms:
        click.echo(f"  {form.label:<28} {form.score:>2} of {form.max_score}")
    if result.emphases:
        click.echo("")
        click.echo(_("Where a plan could start:"))
        for emphasis in result.emphases:
            click.echo(f"  - {emphasis.label}: {emphasis.why}")
    from glimmers.core.toolkit import window
    from glimmers.toolkit import plan as plans

    if told := window.told(plans.window_marks(state.today())):
        click.echo("")
        click.echo(told)
    click.echo("")
    click.echo(result.disclaimer)
    click.echo(_("Saved as %(ref)s.") % {"ref": saved.ref})


def _ask_triage(questions):
    """Ask each yes/no question; support appears straight after a red-flag yes."""
    from glimmers.cli.support import show_support

    click.echo(click.style(_("What kind of support fits right now?"), bold=True))
    click.echo(_("A few yes-or-no questions. This is not a diagnosis."))
    answers: dict[str, bool] = {}
    shown = False
    try:
        for question in questions:
            click.echo("")
            answers[question.key] = click.confirm(f"{question.number}. {question.text}", default=None)
            if answers[question.key] and question.level == "urgent" and not shown:
                show_support(disclosure.self_harm_opening() if question.safety else disclosure.red_flag_opening())
                shown = True
    except (click.Abort, KeyboardInterrupt, EOFError):
        if not shown:
            _support_for_partial_triage(answers, err=False)
        raise click.Abort() from None
    return answers, shown


def _support_for_partial_triage(answers, *, err: bool) -> bool:
    from glimmers.cli.support import show_support
    from glimmers.core.care import triage as rules

    if rules.safety_signal_in_partial(answers):
        show_support(disclosure.self_harm_opening(), err=err)
        return True
    urgent = {q.key for q in rules.questions() if q.level == "urgent"}
    if any(answers.get(key) is True for key in urgent):
        show_support(disclosure.red_flag_opening(), err=err)
        return True
    return False


def _triage(answers_text, as_json):
    from glimmers.core.care import triage as rules

    if answers_text is not None:
        answers = rules.parse_answers(answers_text)
        shown = _support_for_partial_triage(answers, err=as_json)
        # a partial set is refused, but only after any support has been shown
    else:
        answers, shown = _ask_triage(rules.questions())
    state = session()
    now = state.now()
    summary = _("Triage answers: %(answers)s") % {"answers": ", ".join(f"{key}={'yes' if value else 'no'}" for key, value in answers.items())}
    with _saving(summary) as stored:
        recent = stored.recent_for_triage(now, state.zone)
    result = rules.triage(answers, recent, now=now)
    if result.recent_urgent and not shown:  # a recent PHQ-9 alone calls for help now: support first
        from glimmers.cli.support import show_support

        show_support(disclosure.recent_result_opening(), err=as_json)
        shown = True
    with _saving(summary) as stored:
        saved = stored.save_check(
            "triage", dict(result.answers), outcome=result.outcome,
            safety_signal=result.safety_signal or bool(result.red_flags),
            taken_at=state.now(), timezone=state.zone_name, now=state.now(),
        )
    if as_json:
        click.echo(json.dumps({
            "ref": saved.ref, "outcome": result.outcome, "label": result.label, "message": result.message,
            "reasons": list(result.reasons), "safety_signal": result.safety_signal, "red_flags": list(result.red_flags),
            "medical_check": [check.label for check in result.medical_check], "support_shown": shown,
            "recent_flags": list(result.recent_flags), "recent_notes": list(result.recent_notes),
            "recent_used": [
                {"instrument": used.instrument, "total": used.total, "taken_at": used.taken_at.isoformat()}
                for used in result.recent_used
            ],
        }, ensure_ascii=False))
        return
    click.echo("")
    click.echo(click.style(result.label, bold=True))
    click.echo(result.message)
    if result.reasons:
        click.echo("")
        click.echo(_("Because:"))
        for reason in result.reasons:
            click.echo(f"  - {reason}")
    for note in result.recent_notes:
        click.echo(note)
    if result.medical_check:
        click.echo("")
        click.echo(result.medical_intro)
        for check in result.medical_check:
            click.echo(f"  - {check.label}")
    click.echo("")
    click.echo(_("This is not a diagnosis. Saved as %(ref)s.") % {"ref": saved.ref})
    click.echo(_("Where numbness comes from, and what the way back can look like: glimmers guide understanding"))
    click.echo(_("What each kind of help is, and where to find it: glimmers guide support"))


def _history(as_json):
    from glimmers.care import screening as stored

    rows = stored.with_changes()
    if as_json:
        click.echo(json_text([
            {"ref": row.ref, "instrument": row.instrument, "taken_at": row.taken_at.isoformat(), "total": row.total,
             "outcome": row.outcome, "safety_signal": row.safety_signal,
             "change": None if change is None else {
                 "difference": change.difference, "reliable": change.reliable, "notable_rise": change.notable_rise,
             }}
            for row, change in rows
        ], indent=2))
        return
    if not rows:
        click.echo(_("No screening results yet. Try: glimmers screen phq9"))
        return
    from glimmers.cli.common import local

    for row, change in rows:
        line = f"{row.ref:>4}  {local(row.taken_at):%Y-%m-%d %H:%M}  {printable(stored.describe(row))}"
        if change is not None and change.difference:
            line += f"  ({change.difference:+d}" + (_(", more than ordinary ups and downs") if change.reliable else "") + ")"
        click.echo(line)
        if change is not None and change.rise_note:
            click.echo("      " + click.style(change.rise_note, bold=True))
    click.echo("")
    click.echo(_("Screening questionnaires are not a diagnosis. Changes of a few points are often ordinary ups and downs."))


COMMANDS = (screen,)
