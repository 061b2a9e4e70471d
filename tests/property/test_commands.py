"""Every command and every option, fed generated values through the CLI's
real exit point (``glimmers.cli.main``), in-process, against a test journal
that already holds entries of every kind.

Whatever is typed, a command either works (exit 0) or says why not in one
line on stderr starting "glimmers: " with a non-zero exit; never exit 70
("something went wrong inside glimmers") and never an exception out of
``main``. Support shown on stderr before a refusal (words that worry, with
``--json``) is the one thing allowed besides that line.

The commands are found by walking ``glimmers.cli.every_command()``; a new
command or option is covered without touching this file. Values come from
what the option's type says (choices, ranges, files), from what its name
suggests (a reference, a date, a known key) and from text of every kind:
control characters, bytes that are not UTF-8 (as Python hands them over,
surrogate-escaped), huge and negative numbers, empty and very long values,
dates at the calendar's edges. Standard input is empty or a few generated
lines, so a prompt reads an answer or the end of input and never waits.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from hypothesis import given
from hypothesis import strategies as st

from glimmers.core import content
from glimmers.core.toolkit import exercises, experiments, guides, plan, pleasures, sharing
from glimmers.core.safety import safety_plan

from .commandline import assert_one_readable_line, fill_journal, invoke, make_files, quiet_machinery
from .runs import cases, counted
from .strategies import SPECIAL, moment_texts, surrogateescaped, texts

# Commands that cannot run as a generated case, and why.
SKIPPED = {
    "serve": "serves the web app until it is stopped; its refusals are tested in tests/system and tests/cli/test_data.py",
    "demo": "writes a separate demo journal of up to ten years and then serves it; tests/cli/test_data.py covers it",
}
# Options of the root group that are never generated.
ROOT_SKIPPED = {"demo": "--demo switches the whole process to the demo journal (an environment variable) for good"}



# --- the commands ---------------------------------------------------------------


def command_paths() -> list[tuple[tuple[str, ...], click.Command]]:
    from glimmers.cli import every_command

    found = []

    def walk(path, command):
        found.append((path, command))
        if isinstance(command, click.Group):
            ctx = click.Context(command)
            for name in command.list_commands(ctx):
                walk((*path, name), command.get_command(ctx, name))

    for name, command in every_command().items():
        if name not in SKIPPED:
            walk((name,), command)
    return found


COMMANDS = command_paths()


# --- values ---------------------------------------------------------------------

RISKY_WORDS = ("I want to die", "everything feels flat", "nobody would miss me", "I took too many pills")


def _keys(items) -> list[str]:
    return [item.key for item in items]


def _named_values() -> dict[str, st.SearchStrategy[str]]:
    """Values an option's name suggests, so that generated cases reach past the first check."""
    refs = st.sampled_from(["c1", "g1", "1", "#c1", "a1", "e1", "m1", "s1", "x1", "c0", "c" + "9" * 18])
    moments = st.one_of(moment_texts(), st.sampled_from(["now", "today", "yesterday", "tomorrow", "yesterday 21:30", "2026-11-19"]))
    ratings = st.integers(-12, 14).map(str)
    amounts = st.one_of(st.sampled_from(["0", "6.5", "07:30", "-1", "25", "1e3", "1000", "0.25"]), st.integers(-10, 2000).map(str))
    words = st.one_of(texts(), st.sampled_from(RISKY_WORDS))
    return {
        "ref": refs, "refs": refs,
        "when": moments, "on": moments, "since": moments, "until": moments, "since_text": moments,
        "until_text": moments, "start_text": moments, "date": moments,
        "numbness": ratings, "mood": ratings, "energy": ratings, "stress": ratings,
        "sleep": amounts, "wake": amounts, "alcohol": amounts, "cannabis": amounts, "late_screen": amounts,
        "daylight": amounts, "movement": amounts,
        "note": words, "text": words, "self_talk": words, "glimmer": words, "title": words, "extra": words,
        "items": words, "what": words, "name": words, "after": words, "preceded_by": words, "dose": texts(),
        "tags": st.sampled_from(["work", "where:home", "who:alone", "a;b", "body:tight chest", ":", "x" * 70]),
        "tag": st.sampled_from(["work", "where:home", "nothing"]),
        "untag": st.sampled_from(["work", "where:home"]),
        "forms": st.sampled_from(_keys(content.numbness_forms())),
        "signs": st.sampled_from(_keys(content.warning_signs())),
        "body": st.sampled_from(["heavy limbs", "chest tension"]),
        "key": st.sampled_from(["timezone", "country", "calendar_titles", *_keys(guides.guides()), *_keys(pleasures.pleasures())[:5]]),
        "value": st.sampled_from(["Europe/Berlin", "Pacific/Kiritimati", "America", "GB", "US", "XX", "", "show", "hide"]),
        "exercise_key": st.sampled_from(_keys(exercises.exercises())),
        "lever_key": st.sampled_from([*experiments.LEVER_KEYS, "custom"]),
        "slot": st.sampled_from(plan.SLOTS),
        "sense": st.sampled_from(pleasures.SENSES),
        "step": st.sampled_from(safety_plan.step_keys()),
        "pairs": st.sampled_from(["care=cook a meal", "growth=read", "=", "a=", "=b", "x"]),
        "answers": st.sampled_from(["0,0,0,0,0,0,0,0,0", "3,3,3,3,3,3,3,3,3", "1,2", "0,0,0,0,0,0,0", "y,n,y,n,y", ""]),
        "country": st.sampled_from(["GB", "US", "DE", "IN", "XX", "gb", "", "GBR"]),
        "audience": st.sampled_from(_keys(sharing.audiences())),
        "feelings": st.sampled_from(_keys(sharing.feelings())),
        "needs": st.sampled_from(_keys(sharing.needs())),
    }


NAMED = _named_values()
ANY_TEXT = st.one_of(texts(), st.sampled_from(SPECIAL))  # texts() includes bytes that are not UTF-8


def file_names(files: list[str]) -> st.SearchStrategy[str]:
    """Files to read or write: those ``workspace`` made in the test's own folder, and odd names."""
    return st.one_of(
        st.sampled_from(files),
        st.sampled_from(["new.json", "new.csv", "new.pdf", "new.ics", "sub/none/x.json", "-", "", ".", "..", "/dev/null",
                         "a" * 300, "out\udcff.json", "out\x1b[2J.json", "no such file.csv"]),
        surrogateescaped(),
    )


def value_for(param: click.Parameter, place: Workspace) -> st.SearchStrategy[str]:
    """Mostly a value the option can take (so that the case gets past the first
    check and into the command), one time in four anything at all."""
    kind = param.type
    if isinstance(kind, (click.Path, click.File)):
        return file_names(place.files)
    if isinstance(kind, click.Choice):
        good = st.sampled_from([str(choice) for choice in kind.choices])
    elif isinstance(kind, click.types._NumberRangeBase):
        low = int(kind.min) if kind.min is not None else -10
        high = int(kind.max) if kind.max is not None else 10
        good = st.one_of(st.integers(low, min(high, low + 400)).map(str), st.sampled_from([str(low - 1), str(high + 1), "9" * 25, "-" + "9" * 25]))
    elif isinstance(kind, (click.types.IntParamType, click.types.FloatParamType)):
        good = st.one_of(st.integers(0, 20).map(str), st.integers(-30, 200).map(str), st.integers(-(10**25), 10**25).map(str))
    elif param.name in ("ref", "refs"):
        good = st.one_of(st.sampled_from(place.refs), NAMED["ref"])
    else:
        good = NAMED.get(param.name, ANY_TEXT)
    return mostly(good)


def mostly(good: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """``good`` three times in four, anything at all otherwise."""
    return st.integers(0, 3).flatmap(lambda roll: good if roll < 3 else ANY_TEXT)


@st.composite
def command_lines(draw, path: tuple[str, ...], command: click.Command, place: Workspace) -> list[str]:
    """A command line for ``command``: some of its options, in any order, then its arguments."""
    options: list[list[str]] = []
    arguments: list[str] = []
    for param in command.params:
        if isinstance(param, click.Option):
            if "--help" in param.opts or (param.hidden and param.name != "seed"):
                continue
            flag = param.opts[0]
            if param.is_flag:
                if draw(st.integers(0, 2)) == 2:
                    options.append([flag])
                continue
            if param.required:  # now and then a required option is missing
                times = 0 if draw(st.integers(0, 9)) == 9 else 1
            elif param.multiple:
                times = draw(st.integers(0, 3))
            else:
                times = 1 if draw(st.integers(0, 2)) == 2 else 0
            for _ in range(times):
                options.append([flag, draw(value_for(param, place))])
        elif isinstance(param, click.Argument):
            if param.nargs == -1:
                arguments += draw(st.lists(value_for(param, place), max_size=3))
            elif param.required and draw(st.integers(0, 9)) == 9:
                continue  # now and then the argument is missing
            elif param.required or draw(st.booleans()):
                arguments += [draw(value_for(param, place)) for _ in range(max(param.nargs, 1))]
    order = draw(st.permutations(range(len(options)))) if options else []
    line = [*path, *(part for index in order for part in options[index])]
    if arguments and draw(st.booleans()):
        line.append("--")  # so that an argument starting with "-" stays an argument
    line += arguments
    if isinstance(command, click.Group) and draw(st.integers(0, 3)) == 3:
        line.append(draw(ANY_TEXT))  # a subcommand that does not exist
    if draw(st.integers(0, 15)) == 15:
        line.append(draw(st.sampled_from(["--help", "-h", "--no-such-option", "--json"])))
    # A command line cannot hold a NUL byte (the operating system passes C strings).
    return [part.replace("\x00", "") for part in line]


def stdin_texts() -> st.SearchStrategy[str]:
    line = st.one_of(st.just(""), st.sampled_from(["y", "n", "q", "5", "0", "-9", "yes"]), texts(long=False), surrogateescaped())
    return st.one_of(st.just(""), st.lists(line, min_size=1, max_size=6).map(lambda lines: "\n".join(lines) + "\n"))


# --- running them ---------------------------------------------------------------


@dataclass
class Workspace:
    folder: Path  # the working folder, holding files to import and restore
    files: list[str]  # those files (listed once: the strategies must not change under Hypothesis)
    refs: list[str]  # references of entries and records in the journal


@pytest.fixture
def workspace(tmp_path, monkeypatch, clock, transactional_db):
    """A private data folder and working folder, files to import and restore,
    and a journal holding entries of every kind."""
    home, work = tmp_path / "home", tmp_path / "work"
    work.mkdir()
    monkeypatch.setenv("GLIMMERS_HOME", str(home))
    monkeypatch.chdir(work)
    quiet_machinery(monkeypatch)
    files = make_files(work)
    refs = fill_journal(work)
    return Workspace(work, files, sorted(set(refs.values())))


@pytest.mark.parametrize(
    "path, command", [pytest.param(path, command, id=" ".join(path)) for path, command in COMMANDS]
)
def test_a_command_works_or_refuses_in_one_line(path, command, workspace):
    @cases(60)
    @given(args=command_lines(path, command, workspace), stdin=stdin_texts())
    @counted
    def works_or_refuses(args, stdin):
        code, out, err = invoke(args, stdin)
        assert_one_readable_line(args, code, out, err)

    works_or_refuses()


def test_every_command_is_walked_or_skipped_for_a_reason():
    from glimmers.cli import COMMAND_MODULES, cli

    walked = {path[0] for path, _command in COMMANDS}
    assert walked | set(SKIPPED) == set(COMMAND_MODULES)
    assert {param.name for param in cli.params} - {"version", "help"} == set(ROOT_SKIPPED)
    assert all(reason for reason in (*SKIPPED.values(), *ROOT_SKIPPED.values()))


def test_the_journal_starts_with_entries_of_every_kind(workspace):
    code, out, _err = invoke(["list", "--json", "--limit", "1000"], "")
    assert code == 0 and {entry["ref"][0] for entry in json.loads(out)} == {"c", "g"}
    assert {ref[0] for ref in workspace.refs} >= {"c", "g", "a", "e", "m"}
