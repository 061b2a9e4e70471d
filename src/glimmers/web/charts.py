"""Small charts drawn on the server as SVG: no script, no outside library,
nothing for the Content-Security-Policy to refuse. Every chart has a text
or table alternative next to it in the template; the SVG itself is marked
as an image with a short description."""

from __future__ import annotations

from datetime import date, timedelta
from html import escape
from typing import Sequence

# Drawn at about the size a phone shows it (its column is ~360 px wide), so the
# 16-unit labels read at 14 px or more there; the stylesheet caps the width on
# a wide screen.
WIDTH, HEIGHT, PAD = 400, 200, 30
MONTH_GAP = 34  # no month label closer than this to either end


def line_chart(points: Sequence[tuple[date, float]], *, label: str, low: float = 0, high: float = 10, threshold: float | None = None) -> str:
    """A line of values over dates on a fixed 0-10 scale (so charts never exaggerate)."""
    if len(points) < 2:
        return ""
    first, last = points[0][0].toordinal(), points[-1][0].toordinal()
    span = max(last - first, 1)

    def x(day: date) -> float:
        return PAD + (day.toordinal() - first) / span * (WIDTH - 2 * PAD)

    def y(value: float) -> float:
        return HEIGHT - PAD - (value - low) / (high - low) * (HEIGHT - 2 * PAD)

    path = " ".join(f"{'M' if i == 0 else 'L'}{x(day):.1f},{y(value):.1f}" for i, (day, value) in enumerate(points))
    grid = "".join(
        f'<line x1="{PAD}" x2="{WIDTH - PAD}" y1="{y(v):.1f}" y2="{y(v):.1f}" class="grid"/>'
        f'<text x="2" y="{y(v) + 6:.1f}" class="axis">{v:g}</text>'
        for v in (low, (low + high) / 2, high)
    )
    limit = ""
    if threshold is not None:
        limit = f'<line x1="{PAD}" x2="{WIDTH - PAD}" y1="{y(threshold):.1f}" y2="{y(threshold):.1f}" class="threshold"/>'
    labels = "".join(
        f'<line x1="{x(day):.1f}" x2="{x(day):.1f}" y1="{PAD}" y2="{HEIGHT - PAD}" class="grid"/>'
        f'<text x="{x(day):.1f}" y="{HEIGHT - 6}" class="axis" text-anchor="middle">{escape(month_name(day))}</text>'
        for day in month_starts(points[0][0], points[-1][0])
        if PAD + MONTH_GAP <= x(day) <= WIDTH - PAD - MONTH_GAP
    )
    return (
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(label)}" class="chart" focusable="false">'
        f"{grid}{limit}<path d=\"{path}\" class=\"line\"/>{labels}</svg>"
    )


def month_starts(first: date, last: date) -> list[date]:
    """The first day of every month after ``first`` up to ``last``."""
    found, day = [], (first.replace(day=1) + timedelta(days=32)).replace(day=1)
    while day <= last:
        found.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    return found


def month_name(day: date) -> str:
    """The month's short name in the page's language ("Oct")."""
    from django.utils.formats import date_format

    return date_format(day, "M")


def month_grid(counts: dict[date, int], month_start: date) -> list[list[tuple[date | None, int]]]:
    """Weeks (Monday first) of one month, each day with its number of glimmers, for a calendar table."""
    from calendar import monthrange

    days_in_month = monthrange(month_start.year, month_start.month)[1]
    cells: list[tuple[date | None, int]] = [(None, 0)] * month_start.weekday()
    for number in range(1, days_in_month + 1):
        day = month_start.replace(day=number)
        cells.append((day, counts.get(day, 0)))
    while len(cells) % 7:
        cells.append((None, 0))
    return [cells[i : i + 7] for i in range(0, len(cells), 7)]
