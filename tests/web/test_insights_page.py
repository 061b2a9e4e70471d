"""The insights page reads as a story: an invitation while there is little to
show, a chart labelled by month, the "no clear difference" lines folded away."""

from __future__ import annotations

import re
from pathlib import Path
from datetime import date, timedelta

import pytest
from django.test import Client

from glimmers.web import charts

pytestmark = pytest.mark.django_db


def test_a_new_journal_gets_an_invitation_not_a_list_of_zeros(clock):
    page = Client().get("/insights/").content.decode()
    assert "Getting started" in page and "0 check-ins so far." in page
    assert "0 glimmers" not in page and "0 plan cues" not in page
    assert "even one counts" in page


def test_the_no_difference_lines_are_folded_away(clock, glimmers):
    for numbness in ("3", "6"):
        glimmers("checkin", "-n", numbness)
    page = Client().get("/insights/").content.decode()
    notyet = page.split('id="notyet-heading"', 1)[0].rsplit("<details", 1)[1]
    assert notyet.startswith(' class="more">')


def test_the_chart_is_labelled_by_month_at_a_size_a_phone_can_read():
    start = date(2026, 9, 8)
    points = [(start + timedelta(days=n), 5.0) for n in range(90)]
    svg = charts.line_chart(points, label="numbness", threshold=5)
    # 1 December is five days from the end: too close to the edge for a label
    assert re.findall(r'text-anchor="middle">(\w+)</text>', svg) == ["Oct", "Nov"]
    assert "2026-09-08" not in svg and 'viewBox="0 0 400 200"' in svg
    # 16-unit labels in a 400-unit-wide drawing, shown about 360 px wide on a phone: over 14 px
    css = (Path(charts.__file__).parent / "static" / "glimmers" / "site.css").read_text(encoding="utf-8")
    size = int(re.search(r"\.chart \.axis \{[^}]*font-size: (\d+)px", css).group(1))
    assert size * 358 / charts.WIDTH >= 14
