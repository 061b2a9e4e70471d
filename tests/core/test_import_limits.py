"""Limits on import files: size, nesting, items, records, cell length and
encoding, in every importer. Each refusal is one readable sentence, never a
Python error.

Pure tests: only ``glimmers.core``, a fixed clock, no database, no network.
"""

from __future__ import annotations

import csv
import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from glimmers.core import input_limits
from glimmers.core.errors import ImportProblem
from glimmers.core.transfer.formats import ReadContext, importers
from glimmers.core.transfer.formats.glimmers_csv import COLUMNS

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CONTEXT = ReadContext(now=datetime(2026, 11, 20, 12, tzinfo=UTC), timezone="Europe/Berlin")
UID = "0123456789abcdef0123456789abcdef"


def checkin(number: int, **fields) -> dict:
    return {
        "uid": f"{number:032x}",
        "occurred_at": "2026-11-12T09:00:00.000000Z",
        "timezone": "Europe/Berlin",
        "numbness": 5,
        **fields,
    }


def glimmers_json(checkins: list, **top) -> bytes:
    return json.dumps({"format": "glimmers", "version": 3, "checkins": checkins, **top}).encode()


def jrnl_json(count: int) -> bytes:
    entries = [{"title": f"entry {n}", "body": "", "date": "2026-11-12", "time": "09:00"} for n in range(count)]
    return json.dumps({"tags": {}, "entries": entries}).encode()


def glimmers_csv(rows: int, note: str = "") -> bytes:
    lines = [",".join(COLUMNS)]
    for number in range(rows):
        cells = dict.fromkeys(COLUMNS, "")
        cells.update(record="checkin", uid=f"{number:032x}", occurred_at="2026-11-12T09:00:00.000000Z")
        cells.update(timezone="Europe/Berlin", numbness="5", note=note, source="glimmers")
        lines.append(",".join(cells[column] for column in COLUMNS))
    return ("\r\n".join(lines) + "\r\n").encode()


def daylio_csv(rows: int) -> bytes:
    header = "full_date,date,weekday,time,mood,activities,note_title,note"
    body = [f"2026-11-{1 + n % 19:02d},November {1 + n % 19},Monday,{n % 12 + 1}:00 pm,good,,,row {n}" for n in range(rows)]
    return ("\n".join([header, *body]) + "\n").encode()


def read(format_name: str, data: bytes):
    return importers()[format_name]().read(data, CONTEXT)


def refusal(format_name: str, data: bytes) -> ImportProblem:
    with pytest.raises(ImportProblem) as caught:
        read(format_name, data)
    assert "\n" not in caught.value.message
    return caught.value


# --- nesting ------------------------------------------------------------------------------


@pytest.mark.parametrize("format_name", ["json", "jrnl"])
@pytest.mark.parametrize("depth", [100_000, 1_000, 33])
def test_deep_nesting_is_refused(format_name, depth):
    nested = "[" * depth + "]" * depth
    key = "checkins" if format_name == "json" else "entries"
    data = f'{{"format": "glimmers", "version": 3, "{key}": {nested}}}'.encode()
    if format_name == "jrnl":
        data = f'{{"tags": {{}}, "entries": [{{"extra": {nested}}}]}}'.encode()
    problem = refusal(format_name, data)
    assert "nests more than 32 levels deep" in problem.message


def test_nesting_up_to_the_limit_parses():
    depth = input_limits.MAX_JSON_DEPTH
    assert input_limits.parse_json("[" * depth + "]" * depth) is not None
    with pytest.raises(ImportProblem, match="nests more than 32 levels"):
        input_limits.parse_json("[" * (depth + 1) + "]" * (depth + 1))
    with pytest.raises(ImportProblem, match="nests more than 32 levels"):
        input_limits.parse_json('{"a":' * (depth + 1) + "1" + "}" * (depth + 1))


# --- text that is not text ------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, place",
    [
        (glimmers_json([checkin(1, note="x\\ud800")]), "checkins[0].note"),
        (glimmers_json([checkin(1, note="\\udc00 low half alone")]), "checkins[0].note"),
        (glimmers_json([checkin(1, note="reversed \\ude00\\ud83d")]), "checkins[0].note"),
        (glimmers_json([checkin(1, tags=["other:\\ud800"])]), "checkins[0].tags[0]"),
        (b'{"format": "glimmers", "version": 3, "\\ud800": 1}', "A key"),
    ],
)
def test_a_lone_surrogate_in_json_is_named(data, place):
    data = data.replace(b"\\\\u", b"\\u")  # json.dumps escaped our backslash; put the \u escape back
    problem = refusal("json", data)
    assert problem.message.startswith(place)
    assert "broken character (the lone UTF-16 surrogate" in problem.message


def test_a_lone_surrogate_in_a_field_jrnl_ignores_is_refused_too():
    data = b'{"tags": {}, "entries": [{"title": "t", "date": "2026-11-12", "time": "09:00", "creator": "\\udfff"}]}'
    problem = refusal("jrnl", data)
    assert problem.message.startswith("entries[0].creator holds a broken character")


def test_a_surrogate_pair_written_as_escapes_is_one_character():
    data = glimmers_json([checkin(1, note="rain \\ud83c\\udf27 today")]).replace(b"\\\\u", b"\\u")
    bundle = read("json", data)
    assert bundle.checkins[0].note == "rain \U0001f327 today"


@pytest.mark.parametrize("format_name", ["json", "jrnl", "csv", "daylio"])
def test_bytes_that_are_not_utf8_are_named_with_their_place(format_name):
    valid = {
        "json": glimmers_json([checkin(1, note="fine")]),
        "jrnl": jrnl_json(2),
        "csv": glimmers_csv(2, note="fine"),
        "daylio": daylio_csv(2),
    }[format_name]
    at = valid.index(b"\n") + 3 if b"\n" in valid else 20
    damaged = valid[:at] + b"\xff\xfe" + valid[at:]
    problem = refusal(format_name, damaged)
    assert f"not valid UTF-8 text at byte {at}" in problem.message
    assert problem.line == damaged.count(b"\n", 0, at) + 1


def test_the_byte_offset_counts_a_byte_order_mark():
    data = b"\xef\xbb\xbf" + glimmers_json([checkin(1, note="caf\xe9")]).replace(b"caf\\u00e9", b"caf\xe9")
    problem = refusal("json", data)
    assert f"at byte {data.index(b'caf') + 3}" in problem.message


def test_an_encoded_surrogate_is_invalid_utf8():
    data = glimmers_csv(1).replace(b"numbness", b"numb\xed\xa0\x80ness", 1)
    at = data.index(b"\xed")
    problem = refusal("csv", data)
    assert f"not valid UTF-8 text at byte {at}" in problem.message and problem.line == 1


# --- how much ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "format_name, at_limit, over_limit",
    [
        ("json", glimmers_json([checkin(n) for n in range(3)]), glimmers_json([checkin(n) for n in range(4)])),
        ("jrnl", jrnl_json(3), jrnl_json(4)),
        ("csv", glimmers_csv(3), glimmers_csv(4)),
        ("daylio", daylio_csv(3), daylio_csv(4)),
    ],
)
def test_too_many_records_are_refused_in_every_importer(monkeypatch, format_name, at_limit, over_limit):
    monkeypatch.setattr(input_limits, "MAX_RECORDS", 3)
    assert len(read(format_name, at_limit)) == 3
    problem = refusal(format_name, over_limit)
    assert "holds more than 3 records" in problem.message


def test_records_are_counted_across_every_list_the_toolkit_included(monkeypatch):
    monkeypatch.setattr(input_limits, "MAX_RECORDS", 3)
    days = [{"day": f"2026-11-{n:02d}"} for n in range(1, 3)]
    toolkit = {"values": [{"uid": UID}, {"uid": UID}]}  # counted before they are checked
    problem = refusal("json", glimmers_json([checkin(1)], days=days, toolkit=toolkit))
    assert "holds more than 3 records" in problem.message


def test_the_row_past_the_record_limit_is_not_read(monkeypatch):
    monkeypatch.setattr(input_limits, "MAX_RECORDS", 10)
    data = glimmers_csv(10) + b"this row is not a record at all\r\n"
    assert "holds more than 10 records" in refusal("csv", data).message


def test_the_real_item_limit_refuses_millions_of_empty_lists_before_parsing(monkeypatch):
    def no_parse(*args, **kwargs):
        raise AssertionError("the JSON was parsed")

    data = b'{"format": "glimmers", "version": 3, "checkins": [' + b"[]," * input_limits.MAX_JSON_ITEMS + b"[]]}"
    monkeypatch.setattr(input_limits.json, "loads", no_parse)
    problem = refusal("json", data)
    assert "more than 5,000,000 objects, lists and numbers" in problem.message


def test_numbers_count_as_they_are_parsed(monkeypatch):
    monkeypatch.setattr(input_limits, "MAX_JSON_ITEMS", 10)
    assert input_limits.parse_json("[1, 2, 3, 4, 5, 6, 7, 8, 9]") == list(range(1, 10))  # one list, nine numbers
    with pytest.raises(ImportProblem, match="more than 10 objects, lists and numbers"):
        input_limits.parse_json("[1, 2, 3, 4, 5, 6, 7, 8, 9, 1.5]")


def test_a_file_larger_than_the_limit_is_refused_in_every_importer(monkeypatch):
    monkeypatch.setattr(input_limits, "MAX_FILE_BYTES", 100)
    for format_name, data in (
        ("json", glimmers_json([checkin(1)]) + b" " * 100),
        ("jrnl", jrnl_json(1) + b" " * 100),
        ("csv", glimmers_csv(1)),
        ("daylio", daylio_csv(1) + b"\n" * 100),
    ):
        assert len(data) > 100
        assert "larger than 100 bytes" in refusal(format_name, data).message


# --- CSV cells ----------------------------------------------------------------------------------


def test_an_over_long_csv_cell_is_named_with_its_line():
    limit = input_limits.MAX_CSV_FIELD_CHARS
    data = glimmers_csv(2) + glimmers_csv(1, note="x" * (limit + 1)).split(b"\r\n", 1)[1].replace(b"0" * 32, b"f" * 32)
    problem = refusal("csv", data)
    assert "A cell here is longer than 131,072 characters" in problem.message
    assert problem.line == 4


def test_a_cell_at_the_limit_reaches_the_record_rules():
    problem = refusal("csv", glimmers_csv(1, note="x" * input_limits.MAX_CSV_FIELD_CHARS))
    assert "longer than 131,072" not in problem.message and "Note" in problem.message


def test_an_over_long_daylio_cell_is_named():
    data = daylio_csv(1) + b'2026-11-02,November 2,Monday,1:00 pm,good,,,"' + b"x" * 200_000 + b'"\n'
    problem = refusal("daylio", data)
    assert "longer than 131,072 characters" in problem.message and problem.line == 3


def test_the_csv_modules_own_limit_is_left_as_it_was():
    before = csv.field_size_limit()
    read("csv", glimmers_csv(1))
    refusal("csv", glimmers_csv(1, note="x" * 200_000))
    assert csv.field_size_limit() == before


# --- reading files ------------------------------------------------------------------------------


def test_read_file_stops_at_the_limit(monkeypatch, tmp_path):
    monkeypatch.setattr(input_limits, "MAX_FILE_BYTES", 1000)
    fits = tmp_path / "fits.json"
    fits.write_bytes(b"x" * 1000)
    assert len(input_limits.read_file(fits)) == 1000
    (tmp_path / "big.json").write_bytes(b"x" * 1001)
    with pytest.raises(ImportProblem, match="larger than 1,000 bytes"):
        input_limits.read_file(tmp_path / "big.json")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_device_is_not_read_forever(monkeypatch):
    monkeypatch.setattr(input_limits, "MAX_FILE_BYTES", 1024 * 1024)
    with pytest.raises(ImportProblem, match="larger than 1 MB"):
        input_limits.read_file(Path("/dev/zero"))


def test_a_missing_or_unreadable_file_is_one_sentence(tmp_path):
    with pytest.raises(ImportProblem, match="There is no file at"):
        input_limits.read_file(tmp_path / "absent.json")
    with pytest.raises(ImportProblem, match="is a folder, not a backup file"):
        input_limits.read_file(tmp_path, what="backup file")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads every file")
def test_a_file_without_permission_is_one_sentence(tmp_path):
    private = tmp_path / "private.json"
    private.write_bytes(b"{}")
    private.chmod(0)
    with pytest.raises(ImportProblem, match="not allowed to read"):
        input_limits.read_file(private)


# --- moments Python cannot hold ----------------------------------------------------------------------


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"])
def test_a_moment_beyond_pythons_years_is_refused_in_words(moment):
    problem = refusal("json", glimmers_json([checkin(1, occurred_at=moment)]))
    assert "checkins[0]: occurred_at is" in problem.message and "outside the years glimmers can hold" in problem.message


# --- the documentation states the limits as the code has them ------------------------------------------


def test_the_data_document_states_the_limits_and_the_measured_figures():
    root = Path(__file__).resolve().parents[2]
    document = " ".join((root / "docs" / "DATA.md").read_text(encoding="utf-8").split())  # lines wrap anywhere
    from glimmers.core.transfer import backup_file

    mib = 1024 * 1024
    stated = {
        "MAX_FILE_BYTES": f"`MAX_FILE_BYTES`) | {input_limits.MAX_FILE_BYTES // mib} MiB",
        "MAX_EXPANDED_BYTES": f"`MAX_EXPANDED_BYTES`) | {input_limits.MAX_EXPANDED_BYTES // mib} MiB",
        "MAX_RECORDS": f"`MAX_RECORDS`) | {input_limits.MAX_RECORDS:,}",
        "MAX_JSON_DEPTH": f"`MAX_JSON_DEPTH`) | {input_limits.MAX_JSON_DEPTH} levels",
        "MAX_JSON_ITEMS": f"`MAX_JSON_ITEMS`) | {input_limits.MAX_JSON_ITEMS:,}",
        "MAX_CSV_FIELD_CHARS": f"`MAX_CSV_FIELD_CHARS`) | {input_limits.MAX_CSV_FIELD_CHARS:,} characters",
        "MAX_KDF_MEMORY": f"{backup_file.MAX_KDF_MEMORY // mib} MiB (`MAX_KDF_MEMORY`",
        "MAX_KDF_WORK": f"2^{backup_file.MAX_KDF_WORK.bit_length() - 1} (`MAX_KDF_WORK`",
        "scrypt": f"N = 2^{backup_file.SCRYPT_LOG2_N}, r = {backup_file.SCRYPT_R}, p = {backup_file.SCRYPT_P}",
    }
    for name, words in stated.items():
        assert words in document, name

    figures = json.loads((root / "bench" / "results" / "input_limits_yardstick.json").read_text(encoding="utf-8"))
    stick, kdf = figures["yardstick"], figures["kdf"]["format_2"]
    assert stick["days"] == 3650
    for number in (stick["bytes"]["json"], stick["bytes"]["csv"], stick["bytes"]["backup"], stick["records"]):
        assert f"{number:,}" in document, number
    assert f"nested {stick['depth']} levels deep" in document
    assert f"{stick['objects_and_lists'] + stick['numbers']:,} objects, lists and numbers" in document
    assert f"it took {kdf['median_seconds']:.2f} s and added {kdf['median_extra_peak_bytes'] // mib} MiB" in document
    assert (kdf["log2_n"], kdf["r"], kdf["p"]) == (backup_file.SCRYPT_LOG2_N, backup_file.SCRYPT_R, backup_file.SCRYPT_P)
    # the yardstick sits far inside every limit
    assert stick["bytes"]["json"] * 20 < input_limits.MAX_FILE_BYTES
    assert stick["records"] * 30 < input_limits.MAX_RECORDS
    assert stick["depth"] * 6 < input_limits.MAX_JSON_DEPTH
    assert (stick["objects_and_lists"] + stick["numbers"]) * 60 < input_limits.MAX_JSON_ITEMS
