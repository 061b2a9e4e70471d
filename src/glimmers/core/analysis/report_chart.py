"""The weekly-numbness line chart for the PDF report, drawn with reportlab.graphics.

Kept apart from ``report_pdf`` so each file stays small. The chart is never
the only place the numbers appear: the report always puts the same weekly
means in a table next to it, for readers who cannot see the chart and for
anyone who wants exact figures.

Weeks without entries are gaps, not zeros: the series is split into runs of
consecutive weeks, each drawn as its own line with the same look, which
works the same in every reportlab version from 4.0 on. Every point carries a
marker so that a single isolated week still shows.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from glimmers.core.i18n import _
from glimmers.core.analysis.report import Chart

if TYPE_CHECKING:  # pragma: no cover - typing only
    from reportlab.graphics.shapes import Drawing

LINE_COLOUR = "#1f4e79"
GRID_COLOUR = "#d0d0d0"
MAX_AXIS_LABELS = 8
FONT = "Helvetica"
FONT_SIZE = 9


def runs(values: tuple[float | None, ...]) -> list[list[tuple[int, float]]]:
    """Runs of consecutive present values as (1-based week number, value) points."""
    found: list[list[tuple[int, float]]] = []
    current: list[tuple[int, float]] = []
    for number, value in enumerate(values, start=1):
        if value is None:
            if current:
                found.append(current)
            current = []
        else:
            current.append((number, float(value)))
    if current:
        found.append(current)
    return found


def label_every(count: int) -> int:
    """Label every n-th week so that at most MAX_AXIS_LABELS labels share the axis."""
    return max(1, math.ceil(count / MAX_AXIS_LABELS))


def weekly_chart(chart: Chart, width: float, height: float, text=lambda s: s) -> "Drawing":
    """A Drawing (a platypus flowable) of the chart's series, ``width`` by ``height`` points.

    ``text`` turns words into something the built-in fonts can draw (the PDF
    passes its Latin-1 helper); it defaults to leaving them alone.
    """
    from reportlab.graphics.charts.lineplots import LinePlot
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.graphics.widgets.markers import makeMarker
    from reportlab.lib import colors

    count = len(chart.values)
    drawing = Drawing(width, height)
    plot = LinePlot()
    plot.x, plot.y = 34, 28
    plot.width, plot.height = width - plot.x - 12, height - plot.y - 24
    series = runs(chart.values)
    plot.data = series or [[(1, chart.low)]]  # an empty plot still draws its axes
    colour = colors.HexColor(LINE_COLOUR)
    for index in range(len(plot.data)):
        line = plot.lines[index]
        line.strokeColor = colour if series else colors.white
        line.strokeWidth = 1.5
        marker = makeMarker("FilledCircle")
        marker.size = 4
        marker.fillColor = marker.strokeColor = colour if series else colors.white
        line.symbol = marker

    x_axis = plot.xValueAxis
    x_axis.valueMin, x_axis.valueMax = 0.5, count + 0.5
    step = label_every(count)
    x_axis.valueSteps = list(range(1, count + 1, step))
    x_axis.labelTextFormat = lambda value: text(chart.labels[int(round(value)) - 1]) if 1 <= round(value) <= count else ""
    x_axis.labels.fontName, x_axis.labels.fontSize = FONT, FONT_SIZE
    x_axis.tickDown = 3
    x_axis.labels.dy = -5

    y_axis = plot.yValueAxis
    y_axis.valueMin, y_axis.valueMax, y_axis.valueStep = chart.low, chart.high, 2
    y_axis.labelTextFormat = "%d"
    y_axis.labels.fontName, y_axis.labels.fontSize = FONT, FONT_SIZE
    y_axis.visibleGrid = 1
    y_axis.gridStrokeColor = colors.HexColor(GRID_COLOUR)
    y_axis.gridStrokeWidth = 0.5

    drawing.add(plot)
    drawing.add(String(plot.x, height - 12, text(chart.title), fontName=FONT, fontSize=FONT_SIZE))
    drawing.add(String(plot.x + plot.width, 2, text(_("week starting")), fontName=FONT, fontSize=FONT_SIZE, textAnchor="end"))
    return drawing
