"""What a person (or a damaged file) can hand glimmers, as Hypothesis strategies."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

FIXTURES = Path(__file__).parent.parent / "fixtures"

# A fixed "now" for the pure functions: Friday 20 November 2026, noon UTC.
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
TODAY = NOW.date()

# Zones at the edges: the widest offsets (+14, -11/-12), half and quarter
# hours, and zones with daylight-saving gaps and repeats.
ZONE_NAMES = (
    "UTC", "Europe/Berlin", "America/New_York", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Etc/GMT+12",
    "Asia/Kolkata", "Asia/Kathmandu", "Australia/Lord_Howe", "America/St_Johns", "Antarctica/Troll",
)
ZONES = st.sampled_from(ZONE_NAMES).map(ZoneInfo)

# Values that have broken parsers somewhere before: empty and blank, signs,
# numbers too large for any column, words for infinity, digits that are not
# ASCII, the calendar's edges, clock changes, escapes, format strings, markup.
SPECIAL = (
    "", " ", "\t", "\n", "\r\n", "-", "--", "--x", "-1", "0", "+5", "-0", "007", "1.5", "1e309", "-1e309",
    "nan", "NaN", "inf", "-inf", "Infinity", "9" * 40, "-" + "9" * 40, "0x10", "1_000", "１２", "٣", "²", "½",
    "now", "today", "yesterday", "tomorrow", "Today 25:00", "00:00", "24:00", "23:59", "23:60", "9:5",
    "2026-03-29 02:30", "2026-10-25 02:30", "2026-02-29", "2024-02-29", "2026-13-01", "2026-00-10",
    "0001-01-01", "9999-12-31", "0000-01-01", "10000-01-01", "1969-12-31", "1970-01-01", "2999-12-31", "3000-01-01",
    "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "9999-12-31T23:59:59.999999+00:00",
    "1970-01-01T00:00:00+14:00", "2026-11-19T10:00:00Z", "2026-11-19T10:00:00+23:59", "2026-11-19T10:00:00+24:00",
    "2026-11-19T10:00:00-99:00", "2026-W47-4", "2026-323", "yesterday 21:30", "2026-11-19 10:00 +0100",
    "c1", "g1", "#c1", "C1", "c0", "c-1", "c999999999999999999", "c" + "9" * 30, "a1", "e1", "m1", "s1", "x1",
    "\x1b[31mred", "\x1b]0;title\x07", "\x9b2J", "\x00", "\x7f", "\udcff", "a\udcffb", "\ud800", "\u202e", "\u2028",
    "\ufeff", "\u200d", "e\u0301", "🙂", "Europe/Berlin", "America", "Etc/../UTC", "../../etc/passwd",
    "/dev/zero", "%s", "%(x)s", "{0}", "{}", "[bold]x[/]", "[/]", "'", '"', ",", ";", "|", ":", "a:b", "work:",
    ":x", "where:home", "a" * 65, "1,2,3", "0,0,0,0,0,0,0,0,0", "3,3,3,3,3,3,3,3,3", ",,,", "1,,2", "yes", "no",
    "y", "n", "true", "false", "none", "null", "None", "key=value", "=", "a=b=c",
)


def surrogateescaped() -> st.SearchStrategy[str]:
    """Bytes that are not UTF-8, as Python hands them over from a command line."""
    return st.binary(min_size=1, max_size=24).map(lambda data: data.decode("utf-8", "surrogateescape"))


def moment_texts() -> st.SearchStrategy[str]:
    """Dates and times at and beyond the calendar's edges, with any offset."""
    year = st.one_of(st.integers(0, 10_000), st.sampled_from([1, 1969, 1970, 2026, 2999, 3000, 9999]))
    month, day = st.integers(0, 13), st.integers(0, 32)
    hour, minute = st.integers(0, 25), st.integers(0, 61)
    offset = st.one_of(
        st.just(""), st.just("Z"),
        st.builds(lambda sign, h, m: f"{sign}{h:02d}:{m:02d}", st.sampled_from("+-"), st.integers(0, 30), st.integers(0, 61)),
    )
    separator = st.sampled_from(["T", " ", "  ", "t"])
    full = st.builds(
        lambda y, mo, d, sep, h, mi, off: f"{y:04d}-{mo:02d}-{d:02d}{sep}{h:02d}:{mi:02d}:00{off}",
        year, month, day, separator, hour, minute, offset,
    )
    plain_day = st.builds(lambda y, mo, d: f"{y:04d}-{mo}-{d}", year, month, day)
    clock = st.builds(lambda h, mi: f"{h}:{mi:02d}", hour, minute)
    relative = st.builds(lambda word, c: f"{word} {c}", st.sampled_from(["today", "yesterday", "tomorrow", "2026-11-19"]), clock)
    return st.one_of(full, plain_day, clock, relative)


def texts(*, long: bool = True) -> st.SearchStrategy[str]:
    """Any text a person could type or paste, and some they could not."""
    options = [
        st.text(max_size=40),
        st.text(st.characters(categories=["Cc", "Cf", "Cs", "Zl", "Zp", "Zs", "Nd", "No", "Mn", "So"]), max_size=12),
        surrogateescaped(),
        st.sampled_from(SPECIAL),
        moment_texts(),
        st.integers(-(10**30), 10**30).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(str),
    ]
    if long:  # just over the limits (300 for names, 20,000 for notes), and far over
        options.append(st.sampled_from([65, 81, 201, 301, 2_001, 20_001, 60_000]).map(lambda n: "x" * n))
    return st.one_of(*options)


def plain_values() -> st.SearchStrategy:
    """Any value JSON can hold, nested a little: what a damaged record may contain."""
    scalars = st.one_of(
        st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=False, allow_infinity=False),
        texts(long=False),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(texts(long=False), inner, max_size=4)),
        max_leaves=12,
    )


def records_like(fields: tuple[str, ...]) -> st.SearchStrategy[dict]:
    """A record with some of the expected fields (and now and then an odd one), each holding anything."""
    values = st.one_of(
        texts(long=False), st.integers(-(2**70), 2**70), st.floats(), st.none(), st.booleans(),
        st.lists(texts(long=False), max_size=3), st.dictionaries(texts(long=False), texts(long=False), max_size=2),
    )
    keys = st.one_of(st.sampled_from(fields), st.sampled_from(fields), st.sampled_from(fields), texts(long=False))
    return st.dictionaries(keys, values, max_size=len(fields) + 1)


def near_now() -> st.SearchStrategy[datetime]:
    """Aware instants around now, and far from it."""
    return st.one_of(
        st.integers(-400 * 24 * 60, 400 * 24 * 60).map(lambda minutes: NOW + timedelta(minutes=minutes)),
        st.datetimes(timezones=st.just(timezone.utc)),
        st.datetimes(timezones=ZONES),
    )


@cache
def seeds() -> dict[str, bytes]:
    """Real files of every format an importer reads."""
    from glimmers.core import demo
    from glimmers.core.transfer.formats import exporters

    bundle = demo.generate(days=10, end=TODAY - timedelta(days=1), timezone="Europe/Berlin", seed=3)
    made = {
        "glimmers.json": exporters()["json"]().write(bundle),
        "glimmers.csv": exporters()["csv"]().write(bundle),
    }
    for path in sorted(FIXTURES.iterdir()):
        made[path.name] = path.read_bytes()
    return made
