"""Caffeine, the daily factor added from its declaration: terminal, web, both exports and the insights.

It came in as one declaration in glimmers.core.journal.measures, two written-out
fields, a generated migration and two sentences; these tests follow it
through every way a day's factors go in and come out.
"""

from __future__ import annotations

import csv
import io
import json
import random
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from glimmers.core.transfer.bundle import Bundle
from glimmers.core.journal.entries import validate_checkin, validate_day
from glimmers.core.transfer.formats import ReadContext
from glimmers.core.transfer.formats.glimmers_csv import COLUMNS, GlimmersCsv
from glimmers.core.transfer.formats.glimmers_json import GlimmersJson
from glimmers.journal import models

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 20)  # the fixed clock's day in Berlin
CONTEXT = ReadContext(now=datetime(2026, 11, 20, 12, tzinfo=timezone.utc), timezone="Europe/Berlin")


def test_recorded_shown_refused_and_cleared_in_the_terminal(glimmers, clock):
    result = glimmers("day", "--caffeine", "2.5", "--sleep", "7")
    assert result.code == 0, result.err
    assert "Caffeine: 2.5 cups" in result.out
    assert models.DayFactors.objects.get().caffeine_cups == Decimal("2.5")

    refused = glimmers("day", "--caffeine", "31")
    assert refused.code != 0 and "caffeine cups must be a number from 0 to 30" in refused.err
    assert glimmers("day", "--caffeine", "1.25").code != 0  # one decimal place is kept, not rounded away

    glimmers("day", "--clear", "caffeine")
    row = models.DayFactors.objects.get()
    assert row.caffeine_cups is None and row.sleep_hours == Decimal("7.0")
    assert "Caffeine" not in glimmers("day").out


def test_recorded_and_refused_on_the_web(clock):
    client = Client()
    page = client.get("/day/").content.decode()
    assert 'name="caffeine_cups"' in page and 'inputmode="decimal"' in page and "Caffeine (cups)" in page
    assert client.post("/day/", {"caffeine_cups": "3"}).status_code == 302
    assert models.DayFactors.objects.get(day=TODAY).caffeine_cups == Decimal("3.0")
    refused = client.post("/day/", {"caffeine_cups": "-1"})
    assert refused.status_code == 400 and "caffeine cups must be a number from 0 to 30" in refused.content.decode()


def _days() -> Bundle:
    return Bundle(
        days=[
            validate_day({"day": TODAY, "caffeine_cups": "2.5", "sleep_hours": "7"}, today=TODAY),
            validate_day({"day": TODAY - timedelta(days=1), "caffeine_cups": "0"}, today=TODAY),
            validate_day({"day": TODAY - timedelta(days=2), "note": "no coffee counted"}, today=TODAY),
        ]
    )


@pytest.mark.parametrize("format_class", [GlimmersJson, GlimmersCsv])
def test_both_exports_carry_it_and_read_it_back(format_class):
    written = format_class().write(_days())
    back = format_class().read(written, CONTEXT)
    assert [day.caffeine_cups for day in back.days] == [Decimal("2.5"), Decimal("0.0"), None]
    assert format_class().write(back) == written


def test_exports_from_before_caffeine_still_read():
    """Files written by the release before caffeine: JSON version 3, and a CSV without its column."""
    plain = json.loads(GlimmersJson().write(_days()))
    plain["version"] = 3
    for day in plain["days"]:
        del day["caffeine_cups"]
    old_json = GlimmersJson().read(json.dumps(plain).encode(), CONTEXT)
    assert [day.caffeine_cups for day in old_json.days] == [None, None, None]
    assert old_json.days[0].sleep_hours == Decimal("7.0")

    rows = list(csv.reader(io.StringIO(GlimmersCsv().write(_days()).decode())))
    at = COLUMNS.index("caffeine_cups")
    old_csv = "".join(",".join(row[:at] + row[at + 1:]) + "\r\n" for row in rows).encode()
    read = GlimmersCsv().read(old_csv, CONTEXT)
    assert [day.caffeine_cups for day in read.days] == [None, None, None]
    assert read.days[0].sleep_hours == Decimal("7.0")


def test_a_csv_header_with_an_unknown_column_is_refused():
    rows = GlimmersCsv().write(_days()).decode().split("\r\n", 1)
    renamed = (rows[0].replace("caffeine_cups", "caffeine_mg") + "\r\n" + rows[1]).encode()
    with pytest.raises(Exception, match="not the header of a glimmers CSV"):
        GlimmersCsv().read(renamed, CONTEXT)


def _journal_where_caffeine_goes_with_numbness(days: int = 150) -> Bundle:
    """Two check-ins on most days; each cup adds 0.6 points of numbness that day.

    About one day in eight has no check-in, as in real journals.
    """
    rng = random.Random(11)
    berlin = ZoneInfo("Europe/Berlin")
    now = datetime(2026, 11, 20, 12, tzinfo=timezone.utc)
    bundle = Bundle()
    level = 0.0
    for back in range(days, 0, -1):
        day = TODAY - timedelta(days=back)
        cups = rng.choice((0, 0.5, 1, 1.5, 2, 3, 4, 5))
        level = 0.4 * level + rng.gauss(0, 0.8)
        bundle.days.append(validate_day({"day": day, "caffeine_cups": str(cups)}, today=TODAY))
        if rng.random() < 1 / 8:
            continue
        for hour in (9, 19):
            numbness = round(min(10, max(0, 4 + level + 0.6 * cups + rng.gauss(0, 0.6))))
            moment = datetime.combine(day, time(hour, rng.randrange(60)), tzinfo=berlin).astimezone(timezone.utc)
            bundle.checkins.append(
                validate_checkin({"occurred_at": moment, "timezone": "Europe/Berlin", "numbness": numbness}, now=now)
            )
    return bundle


def test_the_insights_find_a_planted_caffeine_effect_and_word_it(glimmers, clock):
    from glimmers import transfer

    transfer.write_bundle(_journal_where_caffeine_goes_with_numbness(), source="glimmers", now=datetime.now(timezone.utc))
    result = glimmers("insights", "--json")
    assert result.code == 0, result.err
    shown = json.loads(result.out)
    worse = {item["key"]: item for item in shown["findings"]["worse"]}
    assert "factor:caffeine_cups" in worse, sorted(worse)
    finding = worse["factor:caffeine_cups"]
    assert finding["low"] <= 0.6 <= finding["high"] or abs(finding["effect"] - 0.6) < 0.25
    assert finding["words"].startswith("For each extra cup of caffeine in a day, numbness that day was")
    assert "plausible range" in finding["words"]
