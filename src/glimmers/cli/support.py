"""What the terminal shows on any safety signal: calm words, the crisis lines
for the person's country, and their safety plan. Never blocks, never asks."""

from __future__ import annotations

import click

from glimmers.core.i18n import _


def _country() -> str:
    try:
        from glimmers import config

        return config.load().resolved_country()
    except Exception:  # noqa: BLE001 - support must appear whatever else fails
        return ""


def _plan_text() -> str:
    """The saved plan, or how to start one; never fails."""
    try:
        from glimmers.care import safety_plan as stored
        from glimmers.core import safety_plan

        plan = stored.load()
        if not plan.is_empty:
            return safety_plan.as_text(plan)
    except Exception:  # noqa: BLE001 - a broken database must not hide the crisis lines
        pass
    return _("You have no safety plan saved yet. 'glimmers safety-plan edit' helps you write one, a step at a time.") + "\n"


def show_support(opening: str, *, with_plan: bool = True, err: bool = False) -> None:
    """Print ``opening``, then the crisis lines, then the safety plan.

    ``err`` sends it to stderr, for commands whose stdout is JSON for a script.
    """
    from glimmers.cli.safety import crisis_text

    say = lambda text="": click.echo(text, err=err)  # noqa: E731
    say()
    say(click.style(opening, bold=True))
    say(_("If you can, tell someone you trust how you are doing right now."))
    say()
    say(crisis_text(_country()))
    if with_plan:
        say()
        say(_plan_text().rstrip())
    say()


def offer_if_words_worry(*texts: str, err: bool = False) -> None:
    """After saving: if what was written matches the risk lexicon, offer support.

    The entry is already saved; this only adds an offer, quoting the words
    that matched so the person can see why.
    """
    from glimmers.core.risk_language import offer_message, scan

    reading = scan("\n".join(text for text in texts if text))
    message = offer_message(reading)
    if message:
        show_support(message, err=err)
