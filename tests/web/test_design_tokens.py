"""The stylesheet's palette, read from the file itself: text and focus rings
keep their contrast in light and dark mode (WCAG 1.4.3 and 1.4.11), and the
forced-colours mode has its own rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[2] / "src" / "glimmers" / "web" / "static" / "glimmers" / "site.css").read_text(encoding="utf-8")


def tokens(block: str) -> dict[str, str]:
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", block))


LIGHT = tokens(CSS.split(":root {", 1)[1].split("}", 1)[0])
DARK = LIGHT | tokens(CSS.split("@media (prefers-color-scheme: dark)", 1)[1].split("}", 1)[0])


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


TEXT_PAIRS = [("fg", "bg"), ("fg", "card"), ("muted", "bg"), ("muted", "card"), ("accent", "bg"), ("accent", "card"),
              ("accent-fg", "accent"), ("help-fg", "help"), ("error", "card"), ("ok", "card")]


@pytest.mark.parametrize("mode, palette", [("light", LIGHT), ("dark", DARK)])
def test_text_has_at_least_4_5_to_1(mode, palette):
    low = {pair: round(contrast(palette[pair[0]], palette[pair[1]]), 2) for pair in TEXT_PAIRS}
    assert all(ratio >= 4.5 for ratio in low.values()), (mode, low)


@pytest.mark.parametrize("mode, palette", [("light", LIGHT), ("dark", DARK)])
def test_the_focus_ring_has_at_least_3_to_1_against_the_page_and_cards(mode, palette):
    for surface in ("bg", "card"):
        assert contrast(palette["focus"], palette[surface]) >= 3, (mode, surface)


def test_every_focus_outline_uses_the_focus_token_or_a_system_colour():
    outlines = re.findall(r"outline:\s*3px solid ([^;}]+)", CSS)
    assert outlines and all(colour.strip() in ("var(--focus)", "Highlight") for colour in outlines), outlines


def test_forced_colours_and_progress_bars_are_looked_after():
    forced = CSS.split("@media (forced-colors: active)", 1)[1]
    assert "Highlight" in forced and ":checked" in forced and ":focus-visible" in forced
    assert re.search(r"progress \{[^}]*accent-color: var\(--accent\)", CSS)
