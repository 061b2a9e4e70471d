"""Docs as tests: every command and option is documented, and the README's
two commands are the ones CI runs."""

from pathlib import Path

import pytest

from glimmers.cli import COMMAND_MODULES, every_command

ROOT = Path(__file__).resolve().parent.parent
COMMANDS_DOC = (ROOT / "docs" / "COMMANDS.md").read_text(encoding="utf-8")


def all_commands():
    for name, command in sorted(every_command().items()):
        yield name, command
        for sub_name, sub in sorted(getattr(command, "commands", {}).items()):
            yield f"{name} {sub_name}", sub


@pytest.mark.parametrize("name, command", list(all_commands()))
def test_every_command_and_option_is_in_the_reference(name, command):
    assert f"glimmers {name}" in COMMANDS_DOC, name
    for parameter in command.params:
        for option in getattr(parameter, "opts", []):
            if option.startswith("--") and option != "--help":
                assert f"`{option}" in COMMANDS_DOC or f"{option}`" in COMMANDS_DOC, f"{name} {option}"


def test_every_command_a_module_defines_is_registered():
    import importlib

    for module_name in set(COMMAND_MODULES.values()):
        module = importlib.import_module(f"glimmers.cli.{module_name}")
        for command in module.COMMANDS:
            assert COMMAND_MODULES.get(command.name) == module_name, command.name


def test_every_command_has_help_text():
    for name, command in all_commands():
        assert (command.help or "").strip(), name


def test_readme_quick_start_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 dev.py start" in readme and "python3 dev.py test" in readme
    assert "python3 dev.py test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_documented_environment_variables_exist_in_the_code():
    source = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "src").rglob("*.py"))
    for variable in ("GLIMMERS_HOME", "DATABASE_URL", "GLIMMERS_TIMEZONE", "GLIMMERS_BACKUP_PASSPHRASE", "GLIMMERS_LANGUAGE", "GLIMMERS_DEBUG"):
        assert variable in COMMANDS_DOC and variable in source, variable


def test_code_and_docs_cite_only_the_repository_s_own_documents():
    """The rules the code relies on are written into docs/; nothing points outside the repository."""
    outside = ("../shared", "STATS.md", "CLINICAL.md", "SPEC.md", "STYLE.md", "seeds/")
    places = [*(ROOT / "src").rglob("*.py"), *(ROOT / "src").rglob("*.toml"), *(ROOT / "docs").glob("*.md"), ROOT / "README.md"]
    citing = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in places
        for name in outside
        if name in path.read_text(encoding="utf-8")
    ]
    assert citing == []


def test_the_coverage_counts_are_the_tables():
    """docs/COVERAGE.md's closing counts are what its rows say, so a changed row cannot leave them stale."""
    import re
    from collections import Counter

    text = (ROOT / "docs" / "COVERAGE.md").read_text(encoding="utf-8")
    statuses = re.findall(r"^\| \d+ \| .*? \| .*? \| (covered|partly|not yet)", text, re.M)
    counted = Counter(statuses)
    stated = re.search(r"\*\*Counts:\*\* of (\d+) rows, (\d+) covered, (\d+) partly, (\d+) not yet\.", text)
    assert stated is not None
    assert tuple(map(int, stated.groups())) == (len(statuses), counted["covered"], counted["partly"], counted["not yet"])
