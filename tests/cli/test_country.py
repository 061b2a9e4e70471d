"""The country for crisis lines in the terminal: asked once, saved, shown with
where it came from, and never in the way of help."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from glimmers import config
from glimmers.cli import cli

QUESTION = "Which country are you in?"


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A private data folder with no settings, and no country in the locale."""
    monkeypatch.setenv("GLIMMERS_HOME", str(tmp_path))
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


@pytest.fixture
def person(monkeypatch):
    """Someone at a terminal: the question may be asked."""
    monkeypatch.setattr("glimmers.cli.common.interactive", lambda: True)
    monkeypatch.setattr("glimmers.cli.common.terminal_output", lambda: True)


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


# --- the first-run question -------------------------------------------------------


def test_asked_once_on_the_first_interactive_command_and_saved(home, person):
    result = run("guide", "supporters", input="de\n")
    assert result.exit_code == 0, result.output
    assert QUESTION in result.output and "Enter to skip" in result.output
    assert "Saved: crisis lines will show for Germany (DE)" in result.output
    assert result.output.index(QUESTION) < result.output.index("Saved")
    assert config.load().country == "DE"
    again = run("guide", "supporters", input="")
    assert QUESTION not in again.output and again.exit_code == 0


def test_an_unknown_code_is_asked_again_then_saved(home, person):
    result = run("guide", "supporters", input="ZZ\nGB\n")
    assert "does not know the country code ZZ" in result.output
    assert result.output.count("Country:") == 2
    assert config.load().country == "GB"


def test_skipping_is_remembered(home, person):
    result = run("guide", "supporters", input="\n")
    assert result.exit_code == 0
    assert "glimmers will not ask again" in result.output
    stored = config.load()
    assert stored.country == "" and stored.country_asked is True
    assert QUESTION not in run("guide", "supporters").output
    # choosing later still works, and 'config' shows only the real settings
    assert run("config", "country", "FR").exit_code == 0
    assert config.load().country == "FR" and config.load().country_asked is True
    assert "country_asked" not in run("config").output


def test_the_locale_s_guess_is_mentioned_but_not_taken_silently(home, person, monkeypatch):
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    result = run("guide", "supporters", input="\n")
    assert "suggests GB" in result.output
    assert config.load().country == ""


@pytest.mark.parametrize("args", [("help-now",), ("help-now", "--country", "US"), ("config",), ("config", "country", "DE"),
                                  ("guide", "--help"), ("insights", "--json"), ("--version",), ("--help",)])
def test_never_asked_before_help_config_help_texts_or_json(home, person, args):
    result = CliRunner().invoke(cli, list(args), input="", catch_exceptions=True)
    assert QUESTION not in result.output, args
    assert not config.load().country_asked


def test_help_now_comes_first_even_on_the_very_first_run(home, person):
    result = run("help-now", input="DE\n")
    assert result.output.startswith("If someone is hurt or in danger")
    assert "findahelpline.com" in result.output and QUESTION not in result.output
    assert config.load().country == ""


def test_never_asked_when_not_interactive(home, monkeypatch):
    result = run("guide", "supporters", input="DE\n")  # CliRunner's input is not a terminal
    assert QUESTION not in result.output and config.load() == config.Config()
    monkeypatch.setattr("glimmers.cli.common.interactive", lambda: True)  # a terminal in, a pipe out
    result = run("guide", "supporters", input="DE\n")
    assert QUESTION not in result.output and config.load() == config.Config()


def test_never_asked_through_the_real_entry_point(home, glimmers):
    result = glimmers("guide", "supporters", input="DE\n")
    assert result.code == 0 and QUESTION not in result.out + result.err
    assert not (home / "config.toml").exists()


# --- help-now says which country and where it came from -------------------------------


def test_a_chosen_country_shows_its_emergency_number_first(home):
    assert run("config", "country", "de").exit_code == 0
    out = run("help-now").output
    first = out.splitlines()[0]
    assert "112" in first and "Germany" in first
    assert "Showing lines for Germany (DE), from your settings. Change: glimmers config country XX" in out
    assert out.index("112") < out.index("Germany (DE)\n")
    assert "findahelpline.com" in out and "911" not in out and "988" not in out


def test_a_guess_from_the_locale_is_labelled_as_one(home, monkeypatch):
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    out = run("help-now").output
    assert "guessed from this computer's language setting (en_GB.UTF-8); if that is wrong: glimmers config country XX" in out
    assert "116 123" in out and "999" in out.splitlines()[0]


def test_no_country_shows_the_directory_and_how_to_choose(home):
    out = run("help-now").output
    assert "No country chosen: showing the international directory." in out
    assert "glimmers config country XX" in out and "glimmers help-now --country XX" in out
    assert "911" not in out and "988" not in out and "findahelpline.com" in out


def test_another_country_just_this_once(home):
    run("config", "country", "DE")
    out = run("help-now", "--country", "us").output
    assert "911" in out.splitlines()[0] and "988" in out
    assert "as asked" in out and config.load().country == "DE"


def test_an_unknown_code_still_gets_help(home):
    out = run("help-now", "--country", "ZZ").output
    assert "does not know the country code ZZ" in out and "findahelpline.com" in out


def test_a_country_without_stored_lines_gets_its_emergency_number(home):
    from glimmers.core import content

    entry = next(e for e in content.crisis_countries() if not e.services and not e.is_international)
    out = run("help-now", "--country", entry.code).output
    assert entry.emergency in out.splitlines()[0]
    assert f"no crisis lines stored for {entry.name}" in out and "findahelpline.com" in out
    saved = run("config", "country", entry.code).output
    assert f"no crisis lines stored for {entry.name} ({entry.code})" in saved and entry.emergency in saved


def test_crisis_text_keeps_working_for_callers_that_pass_a_code(home, monkeypatch):
    from glimmers.cli.safety import crisis_text

    monkeypatch.setenv("LANG", "en_IE.UTF-8")
    # cli/support.py passes the resolved code on; it is still labelled by its origin
    assert "guessed from this computer's language setting" in crisis_text(config.load().resolved_country())
    assert "guessed from" in crisis_text(None) and "guessed from" in crisis_text("")
    assert "as asked" in crisis_text("AU")


def test_help_appears_even_if_the_content_cannot_be_read(home, monkeypatch):
    from glimmers.cli.safety import crisis_text
    from glimmers.core import content

    def broken(code):
        raise content.ContentError("damaged")

    monkeypatch.setattr(content, "crisis_lines_for", broken)
    text = crisis_text(None)
    assert "emergency number" in text and "findahelpline.com" in text and "not monitored" in text


# --- glimmers config country ----------------------------------------------------------


def test_config_country_accepts_known_codes_only(home, glimmers):
    result = glimmers("config", "country", "ZZ")
    assert result.code == 2 and "does not know the country code ZZ" in result.err
    assert "glimmers config country --list" in result.err
    assert glimmers("config", "country", "Germany").code == 2
    assert not (home / "config.toml").exists()
    result = glimmers("config", "country", "uk")
    assert result.code == 0 and result.out.strip() == "Saved: country = GB (United Kingdom)"
    assert config.load().country == "GB"


def test_config_country_list(home, glimmers):
    result = glimmers("config", "country", "--list")
    assert result.code == 0
    assert "DE  Germany *" in result.out and "US  United States *" in result.out and "INTL" not in result.out
    assert glimmers("config", "timezone", "--list").code == 2


def test_config_shows_where_the_country_came_from(home, glimmers, monkeypatch):
    assert "not chosen; crisis lines show the international directory" in glimmers("config").out
    monkeypatch.setenv("LANG", "de_AT.UTF-8")
    assert "guessed AT (Austria) from this computer's language setting (de_AT.UTF-8)" in glimmers("config").out
    glimmers("config", "country", "DE")
    assert "country = DE (Germany), chosen by you" in glimmers("config").out
    assert "country = DE (Germany), chosen by you" in glimmers("config", "country").out
    result = glimmers("config", "country", "")
    assert result.code == 0 and config.load().country == "" and "guessed AT" in result.out


def test_a_damaged_settings_file_is_neither_asked_over_nor_in_the_way_of_help(home, person):
    (home / "config.toml").write_text("country = [unclosed")
    assert "findahelpline.com" in run("help-now").output
    result = run("guide", "supporters", input="DE\n")
    assert result.exit_code == 0 and QUESTION not in result.output
    assert (home / "config.toml").read_text() == "country = [unclosed"  # answering would have overwritten it
