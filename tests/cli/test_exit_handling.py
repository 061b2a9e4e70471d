"""The single exit point (glimmers.cli.main): whatever goes wrong, one
readable line on stderr and an exit code, never a traceback; standard
output that is closed, full or gone; arguments and answers that are not
UTF-8; and help-now, which shows the crisis lines whenever it can."""

from __future__ import annotations

import errno
import io
import os
import sys

import pytest

from glimmers.journal import models

pytestmark = pytest.mark.django_db


class Output(io.TextIOBase):
    """A standard output that fails the way a real one can."""

    def __init__(self, problem: OSError | None = None, *, on_flush: OSError | None = None):
        self.problem, self.on_flush, self.written = problem, on_flush, []

    def writable(self):
        return True

    def write(self, text):
        if self.problem is not None:
            raise self.problem
        self.written.append(text)
        return len(text)

    def flush(self):
        if self.on_flush is not None:
            raise self.on_flush


CLOSED = None  # what Python makes sys.stdout when file descriptor 1 is closed


def run(monkeypatch, capsys, *args, stdout):
    """main() with the given standard output (CLOSED, or a stream); returns (exit code, stderr)."""
    from glimmers.cli import main

    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    capsys.readouterr()
    with monkeypatch.context() as patch:
        patch.setattr(sys, "stdout", stdout)
        try:
            main(list(args))
            code = 0
        except SystemExit as done:
            code = done.code
    return code, capsys.readouterr().err


def one_line(err: str) -> str:
    lines = err.rstrip("\n").split("\n")
    assert len(lines) == 1 and lines[0].startswith("glimmers: "), err
    return lines[0]


# --- standard output ---------------------------------------------------------------


def test_closed_standard_output_is_one_line_and_nothing_is_done(monkeypatch, capsys, clock):
    code, err = run(monkeypatch, capsys, "checkin", "-n", "3", stdout=CLOSED)
    assert code == 74 and "Standard output is closed" in one_line(err)
    assert not models.CheckIn.objects.exists()


def test_full_standard_output_is_one_line(monkeypatch, capsys, clock):
    code, err = run(monkeypatch, capsys, "list", stdout=Output(OSError(errno.ENOSPC, "No space left on device")))
    assert code == 74 and "Could not write to standard output (the disk is full)" in one_line(err)


def test_output_that_fails_only_when_flushed_is_caught_before_python_exits(monkeypatch, capsys, clock):
    stdout = Output(on_flush=OSError(errno.EIO, "Input/output error"))
    code, err = run(monkeypatch, capsys, "--version", stdout=stdout)
    assert code == 74 and "input/output error" in one_line(err)


def test_a_reader_that_stops_early_is_not_a_failure(monkeypatch, capsys, clock):
    code, err = run(monkeypatch, capsys, "list", stdout=Output(BrokenPipeError(errno.EPIPE, "Broken pipe")))
    assert (code, err) == (0, "")


def test_help_now_shows_the_crisis_lines_on_stderr_when_stdout_is_full(monkeypatch, capsys):
    code, err = run(monkeypatch, capsys, "help-now", stdout=Output(OSError(errno.ENOSPC, "No space left on device")))
    assert code == 74
    assert "glimmers is not monitored" in err  # the crisis text, whole
    assert err.rstrip("\n").split("\n")[-1].startswith("glimmers: Could not write to standard output")


def test_help_now_shows_the_crisis_lines_on_stderr_when_stdout_is_closed(monkeypatch, capsys):
    code, err = run(monkeypatch, capsys, "help-now", "--country", "GB", stdout=CLOSED)
    assert code == 74 and "999" in err and "written to standard error instead" in err


# --- what is typed -----------------------------------------------------------------


def test_an_argument_that_is_not_utf8_is_refused_before_anything_is_saved(glimmers, clock):
    result = glimmers("checkin", "-n", "3", "--note", "caf\udce9")
    assert result.code == 2 and "--note is not readable text" in one_line(result.err)
    assert not models.CheckIn.objects.exists()


def test_a_file_name_that_is_not_utf8_is_a_file_name(glimmers, clock, tmp_path):
    result = glimmers("export", "--out", str(tmp_path / "caf\udce9.json"))
    assert result.code == 0, result.err
    assert os.listdir(bytes(tmp_path)) == [b"caf\xe9.json"]  # the very bytes that were typed
    assert "caf\\udce9.json" in result.out  # shown escaped, never a UnicodeEncodeError


def test_a_prompt_answer_that_is_not_utf8_is_refused(glimmers, clock):
    result = glimmers("checkin", input="3\n\n\n\n\n\nnote \udcff\n")
    assert result.code == 2 and "What was typed is not readable text" in one_line(result.err)
    assert not models.CheckIn.objects.exists()


def test_a_home_folder_of_nobody_is_refused_in_words(glimmers, clock):
    result = glimmers("export", "--out", "~no-such-user-here/x.json")
    assert result.code == 2 and "names no user on this computer" in one_line(result.err)


def test_a_file_name_in_the_home_folder_is_expanded(glimmers, clock, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert glimmers("export", "--out", "~/journal.json").code == 0
    assert (tmp_path / "journal.json").exists()


def test_help_now_takes_any_words_after_it(glimmers):
    for args in (("help-now", "please"), ("help-now", "--now", "help"), ("help-now", "--country", "\udcff"), ("help-now", "--country")):
        result = glimmers(*args)
        assert result.code == 0 and "glimmers is not monitored" in result.out, args


# --- the one line ------------------------------------------------------------------


def test_a_message_listing_choices_stays_on_one_line(glimmers):
    result = glimmers("activity", "plan", "walk")
    assert result.code == 2
    assert "Choose from: pleasure, mastery, connection, body, meaning" in one_line(result.err)


def test_typed_control_characters_are_written_out_in_the_line(glimmers, clock):
    result = glimmers("checkin", "-n", "3", "--at", "\x1b]0;owned\x07 \u202e\nnext")
    line = one_line(result.err)
    assert result.code == 2 and "\\x1b]0;owned\\x07" in line and "\\u202e" in line
    assert "\x1b" not in result.err and "\u202e" not in result.err


@pytest.mark.parametrize(
    "problem, code, words",
    [
        (OSError(errno.EROFS, "Read-only file system", "/data/x"), 74, "/data/x cannot be used: the disk is read-only"),
        (OSError(errno.ENOSPC, "No space left on device"), 74, "the disk is full"),
        (OSError(errno.ENAMETOOLONG, "File name too long", "x" * 300), 2, "the name is too long"),
        (PermissionError(errno.EACCES, "Permission denied", "/root/x"), 74, "/root/x cannot be used: permission denied"),
    ],
)
def test_the_computer_refusing_a_file_is_one_line(glimmers, monkeypatch, problem, code, words):
    def refuse(*args, **kwargs):
        raise problem

    monkeypatch.setattr("glimmers.transfer.export_bytes", refuse)
    result = glimmers("export")
    assert result.code == code and words in one_line(result.err)


def test_an_unexpected_error_is_still_exit_70_with_its_details_kept(glimmers, monkeypatch, tmp_path):
    monkeypatch.setenv("GLIMMERS_HOME", str(tmp_path))

    def broken(*args, **kwargs):
        raise OSError(errno.EBADF, "Bad file descriptor")  # no file named: a defect, not the disk

    monkeypatch.setattr("glimmers.transfer.export_bytes", broken)
    result = glimmers("export")
    assert result.code == 70 and "something went wrong inside glimmers (OSError)" in one_line(result.err)
    assert "Bad file descriptor" in (tmp_path / "errors.log").read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("args", [("help-now",), ("list",), ("--version",)])
def test_a_pipe_closed_by_its_reader_is_quiet_and_successful(journal, args):
    import subprocess

    reader_gone = subprocess.Popen([sys.executable, "-m", "glimmers", *args], env=journal.env,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    reader_gone.stdout.close()  # before glimmers writes a byte, as "| head -c0" would
    err = reader_gone.stderr.read()
    reader_gone.stderr.close()
    assert (reader_gone.wait(timeout=60), err) == (0, b"")


def test_bare_glimmers_shows_a_short_start_on_standard_output(glimmers):
    result = glimmers()
    assert result.code == 0 and result.err == ""
    assert "Ways to begin" in result.out and "glimmers checkin" in result.out
    assert "glimmers help-now" in result.out.splitlines()[-1]
    assert len(result.out.splitlines()) < 15  # a start, not every command
