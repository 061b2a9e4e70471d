"""Standard input and output while a command runs: text that cannot be
encoded is escaped, prompts are checked like arguments, and a failure to
write standard output is remembered so ``glimmers.cli.main`` can tell it
apart from a failure of the journal's own files."""

from __future__ import annotations

import contextlib
import os
import sys

from glimmers.cli.arguments import has_surrogates


def tolerant_output() -> None:
    """Text that cannot be encoded (a file name that is not UTF-8, a character
    the terminal's encoding lacks) is shown escaped instead of failing the command."""
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict":
            with contextlib.suppress(AttributeError, ValueError, OSError):
                stream.reconfigure(errors="backslashreplace")


@contextlib.contextmanager
def checked_prompts():
    """Answers typed at a prompt pass the same test as arguments: bytes that
    are not UTF-8 are refused in one line, whatever the terminal's encoding."""
    from click import termui

    visible, hidden = termui.visible_prompt_func, termui.hidden_prompt_func

    def checking(ask):
        def prompt(text: str) -> str:
            from glimmers.core.errors import InvalidInput
            from glimmers.core.i18n import _
            from glimmers.core.text import unreadable_message

            try:
                answer = ask(text)
            except UnicodeDecodeError:
                answer = "\udcff"
            if has_surrogates(answer):
                raise InvalidInput(unreadable_message(_("What was typed")))
            return answer

        return prompt

    termui.visible_prompt_func, termui.hidden_prompt_func = checking(visible), checking(hidden)
    try:
        yield
    finally:
        termui.visible_prompt_func, termui.hidden_prompt_func = visible, hidden


class WatchedOutput:
    """Standard output while a command runs: the stream itself, except that a
    failure to write is remembered, so that the failure can be told apart
    from one of the journal's own files (both are an OSError)."""

    def __init__(self, stream):
        self.stream = stream
        self.failure: BaseException | None = None

    def write(self, text):
        try:
            return self.stream.write(text)
        except (OSError, ValueError) as problem:  # ValueError: the stream was closed
            self.failure = problem
            raise

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        try:
            return self.stream.flush()
        except (OSError, ValueError) as problem:
            self.failure = problem
            raise

    def __getattr__(self, name):
        return getattr(self.stream, name)


@contextlib.contextmanager
def watched_stdout():
    watched = WatchedOutput(sys.stdout)
    sys.stdout = watched
    try:
        yield watched
    finally:
        if sys.stdout is watched:
            sys.stdout = watched.stream


def drop_stdout(stream) -> None:
    """Point the real standard output at the null device, so that what is still
    buffered is not written (and failed) again when Python exits: that would
    print a traceback and turn the exit code into 120."""
    if stream is None or stream is not sys.__stdout__:
        return
    with contextlib.suppress(OSError, ValueError, AttributeError):
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, stream.fileno())
        finally:
            os.close(null)
