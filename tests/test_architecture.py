"""The layers, checked on every run: a pure core below the Django apps, the
web and the terminal on top. Read from the source (every import, also those
inside functions), so a shortcut added anywhere fails here by name."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "glimmers"
APPS = ("journal", "care", "toolkit", "analysis", "transfer", "sharing")
# What the core may import from glimmers itself: only the core.
CORE_MAY_USE = ("glimmers.core",)


def imports_of(path: Path) -> set[str]:
    package = ".".join(("glimmers", *path.relative_to(PACKAGE).with_suffix("").parts[:-1]))
    return imports_in(path.read_text(encoding="utf-8"), package)


def imports_in(source: str, package: str) -> set[str]:
    """Every module a source names in an import, anywhere in it, relative ones resolved."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def modules_in(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


def offending(path: Path, forbidden) -> list[str]:
    return sorted(name for name in imports_of(path) if forbidden(name))


@pytest.mark.parametrize("path", modules_in("core"), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_core_imports_neither_django_nor_anything_above_it(path):
    def forbidden(name: str) -> bool:
        if name == "django" or name.startswith("django."):
            return True
        return name.startswith("glimmers.") and not name.startswith(CORE_MAY_USE) and name != "glimmers"

    assert offending(path, forbidden) == []


@pytest.mark.parametrize(
    "path", [p for app in APPS for p in modules_in(app)], ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_the_apps_never_reach_up_to_the_web_or_the_terminal(path):
    assert offending(path, lambda name: name.startswith(("glimmers.web", "glimmers.cli"))) == []


# The core's areas in layers, lowest first: each may use the modules at the
# top of the core (errors, text, time, content, ...) and the areas before it,
# never one after it; the top-level modules use only each other.
CORE = PACKAGE / "core"
CORE_LAYERS = ("journal", "safety", "care", "toolkit", "analysis", "transfer", "sharing", "demo")


def core_area(name: str) -> str | None:
    """The area of a module of the core (``glimmers.core.care.triage``: care), None for the top level."""
    parts = name.split(".")
    return parts[2] if len(parts) > 2 and parts[:2] == ["glimmers", "core"] and parts[2] in CORE_LAYERS else None


def test_every_folder_of_the_core_is_an_area():
    assert sorted(p.name for p in CORE.iterdir() if p.is_dir() and p.name != "__pycache__") == sorted(CORE_LAYERS)


@pytest.mark.parametrize("path", modules_in("core"), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_an_area_of_the_core_uses_only_the_areas_before_it(path):
    parts = path.relative_to(CORE).parts
    area = parts[0] if len(parts) > 1 else None
    allowed = CORE_LAYERS[: CORE_LAYERS.index(area) + 1] if area else ()
    assert offending(path, lambda name: core_area(name) is not None and core_area(name) not in allowed) == []


# The apps in layers, lowest first: each may use the ones below it, never
# one above. Moving a whole journal in and out (glimmers.transfer) sits
# above them all and puts their parts together; sharing (the server's
# grants, pairings and audit trail) sits on top and reads the others.
APP_LAYERS = ("journal", "care", "toolkit", "analysis", "transfer", "sharing")


@pytest.mark.parametrize(
    "path", [p for layer in APP_LAYERS for p in modules_in(layer)], ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_an_app_uses_only_the_apps_below_it(path):
    above = APP_LAYERS[APP_LAYERS.index(path.relative_to(PACKAGE).parts[0]) + 1:]
    assert offending(path, lambda name: name.startswith("glimmers.") and name.split(".")[1] in above) == []


@pytest.mark.parametrize("path", modules_in("web"), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_web_never_uses_the_terminal_commands(path):
    assert offending(path, lambda name: name.startswith("glimmers.cli")) == []


def test_the_check_sees_imports_inside_functions_and_relative_ones():
    source = "import json\n\ndef later():\n    from django.db import models\n    from ..journal import store\n"
    found = imports_in(source, "glimmers.core")
    assert {"json", "django.db", "glimmers.journal", "glimmers.journal.store"} <= found


# What the lean path (checkin, list and search without Django) may use: the
# core and the Django-free modules beside it, never Django or the models.
LEAN_MAY_USE = ("glimmers.core", "glimmers.lean", "glimmers.db", "glimmers.settings", "glimmers.journal.search_index")


@pytest.mark.parametrize("path", modules_in("lean"), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_lean_path_imports_neither_django_nor_the_models(path):
    def forbidden(name: str) -> bool:
        if name == "django" or name.startswith("django."):
            return True
        return name.startswith("glimmers.") and not name.startswith(LEAN_MAY_USE)

    assert offending(path, forbidden) == []


def test_the_lean_path_and_what_it_uses_load_no_django():
    """Also what those modules import in turn (``glimmers.db`` reaches Django only inside functions)."""
    import subprocess
    import sys

    modules = [".".join(("glimmers", *p.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__") for p in modules_in("lean")]
    code = f"import sys; import {', '.join(modules)}; print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
