"""Everything derived from the declarations in glimmers.core.journal.measures agrees with them.

The record classes and the Django models keep their fields written out, so
they stay readable; these tests fail by name when a scale or a daily factor
is declared but missing somewhere (a field, a column, an option, a sentence,
a migration), or left behind somewhere after it was removed.
"""

from __future__ import annotations

import dataclasses
import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import models as django_models

from glimmers.core.journal import entries, measures
from glimmers.core.errors import InvalidInput
from glimmers.core.transfer.formats import glimmers_csv, glimmers_json
from glimmers.core.analysis.insights import daily, series, words
from glimmers.journal import models

FACTORS = tuple(measures.FACTORS)
SCALES = tuple(measures.SCALES)
DAY_OWN_FIELDS = {"day", "wake_time", "note", "updated_at"}  # what a day holds besides its factors


def fields_of(record_class) -> dict[str, dataclasses.Field]:
    return {field.name: field for field in dataclasses.fields(record_class)}


def test_every_scale_is_a_field_of_the_check_in_record_and_table():
    record = fields_of(entries.CheckIn)
    for name, scale in measures.SCALES.items():
        assert record[name].type == "int | None", name
        column = models.CheckIn._meta.get_field(name)
        assert isinstance(column, django_models.SmallIntegerField) and column.null, name
        assert f"checkin_{name}_range" in {constraint.name % {"class": "checkin"} for constraint in models.CheckIn._meta.constraints}
    stray = {field.name for field in models.CheckIn._meta.concrete_fields if isinstance(field, django_models.SmallIntegerField)}
    assert stray == set(SCALES), "a rating column without a declared scale"


def test_every_factor_is_a_field_of_the_day_record_and_table_with_its_precision():
    record = fields_of(entries.DayFactors)
    assert set(record) == set(FACTORS) | DAY_OWN_FIELDS, "entries.DayFactors and measures.FACTORS differ"
    columns = {field.name for field in models.DayFactors._meta.concrete_fields} - {"id", "owner"}
    assert columns == set(FACTORS) | DAY_OWN_FIELDS, "journal.models.DayFactors and measures.FACTORS differ"
    names = {constraint.name % {"class": "dayfactors"} for constraint in models.DayFactors._meta.constraints}
    for name, factor in measures.FACTORS.items():
        assert record[name].type == "Decimal | None", name
        column = models.DayFactors._meta.get_field(name)
        assert isinstance(column, django_models.DecimalField) and column.null, name
        assert (column.max_digits, column.decimal_places) == (factor.digits, factor.places), name
        assert f"dayfactors_{name}_range" in names, name


@pytest.mark.django_db
def test_the_migrations_match_the_models():
    """A field added to a model without `makemigrations` fails here, not on someone's journal."""
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:  # --check exits 1 when a migration is missing
        pytest.fail(f"a migration is missing:\n{out.getvalue()}")


def test_every_factor_is_a_column_of_both_export_formats():
    assert set(FACTORS) <= set(glimmers_json.DAY_FIELDS)
    assert set(FACTORS) <= set(glimmers_csv.COLUMNS)
    assert set(SCALES) <= set(glimmers_json.CHECKIN_FIELDS) and set(SCALES) <= set(glimmers_csv.COLUMNS)
    assert all(glimmers_json.FIELD_KINDS[name] == glimmers_json.DECIMAL for name in FACTORS)
    assert glimmers_csv.ADDED_COLUMNS <= set(glimmers_csv.COLUMNS)


def test_every_factor_and_scale_is_an_option_in_the_terminal():
    from glimmers.cli import every_command

    commands = every_command()
    day_options = {option for parameter in commands["day"].params for option in parameter.opts}
    checkin_options = {option for parameter in commands["checkin"].params for option in parameter.opts}
    for factor in measures.FACTORS.values():
        assert f"--{factor.option}" in day_options, factor.name
    for name, scale in measures.SCALES.items():
        assert {f"--{name}", f"-{scale.short}"} <= checkin_options, name
    shorts = [scale.short for scale in measures.SCALES.values()]
    assert len(set(shorts)) == len(shorts)


def test_every_factor_and_scale_is_a_field_of_the_web_forms():
    from glimmers.web.forms import CheckInForm, DayForm

    assert set(FACTORS) <= set(DayForm.base_fields)
    assert set(SCALES) <= set(CheckInForm.base_fields)
    for name, factor in measures.FACTORS.items():
        assert DayForm.base_fields[name].widget.attrs["inputmode"] == factor.input_mode


def test_every_factor_is_analysed_and_every_test_has_its_sentences():
    assert series.FACTORS == FACTORS
    keys = [predictor.key for predictor in daily.PREDICTORS]
    assert len(keys) == len(set(keys))
    for factor in measures.FACTORS.values():
        assert factor.predicts, f"{factor.name} declares no insight test"
        for test in factor.predicts:
            assert factor.finding_key(test) in keys
    day_level = {*keys, "lag:sleep_hours"}
    missing = sorted(day_level - set(words.sentences()))
    assert not missing, f"content/insight_sentences.toml has no sentences for {missing}"
    stale = sorted(set(words.sentences()) - day_level)
    assert not stale, f"content/insight_sentences.toml has sentences for tests that do not exist: {stale}"


def test_substance_caveats_follow_the_declarations():
    for factor in measures.FACTORS.values():
        for test in factor.predicts:
            assert words.SUBSTANCE_KEYS.get(factor.finding_key(test)) == factor.substance
            if factor.substance:
                assert factor.substance in words.substance_caveats()


@pytest.mark.parametrize("name", FACTORS)
def test_each_factor_takes_its_declared_range_and_places(name):
    factor = measures.FACTORS[name]
    assert entries.amount(name, str(factor.high)) == factor.high
    assert entries.amount(name, str(factor.low)) == factor.low
    for outside in (factor.low - 1, factor.high + 1):
        with pytest.raises(InvalidInput):
            entries.amount(name, str(outside))
    too_fine = Decimal(1).scaleb(-(factor.places + 1))
    with pytest.raises(InvalidInput, match="decimal place"):
        entries.amount(name, str(factor.low + too_fine))


def test_scale_descriptions_name_both_ends():
    for scale in measures.SCALES.values():
        text = scale.describe()
        assert re.search(rf"{scale.low_label}.*{scale.high_label}", text), text
