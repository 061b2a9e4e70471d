"""Small charts drawn on the server as SVG: no script, no outside library,
nothing for the Content-Security-Policy to refuse. Every chart has a text
or table alternative next to it in the template; the SVG itself is marked
as an image with a short description."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Sequence

WIDTH, HEIGHT, PAD = 640, 200, 28


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
    labels = (
        f'<text x="{PAD}" y="{HEIGHT - 6}" class="axis">{points[0][0].isoformat()}</text>'
        f'<text x="{WIDTH - PAD}" y="{HEIGHT - 6}" class="axis" text-anchor="end">{points[-1][0].isoformat()}</text>'
    )
    return (
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(label)}" class="chart" focusable="false">'
        f"{grid}{limit}<path d=\"{path}\" class=\"line\"/>{labels}</svg>"
    )


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
