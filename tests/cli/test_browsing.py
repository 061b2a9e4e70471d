"""Looking back from the terminal: list, search, show, delete, trash."""

import json

import pytest

from glimmers.journal import models

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(glimmers, clock):
    """Three entries; ids come from what was saved (PostgreSQL does not reuse them)."""
    glimmers("checkin", "-n", "7", "-t", "meeting", "--note", "flat after the review")
    glimmers("checkin", "-n", "3", "-t", "where:home", "--note", "calmer", "--at", "2026-11-10 09:00")
    clock.shift(60)
    glimmers("glimmer", "laughed at a joke", "--after", "call with my sister")
    glimmers.review = models.CheckIn.objects.get(note__contains="review").ref
    glimmers.calm = models.CheckIn.objects.get(note="calmer").ref
    glimmers.joke = models.Glimmer.objects.get().ref
    return glimmers


def test_list_shows_newest_first_with_ids(filled):
    result = filled("list")
    assert result.code == 0
    assert result.out.index(filled.joke) < result.out.index(filled.review) < result.out.index(filled.calm)
    assert "laughed at a joke" in result.out


def test_list_filters(filled):
    assert [e["ref"] for e in json.loads(filled("list", "--since", "2026-11-15", "--json").out)] == [filled.joke, filled.review]
    assert [e["ref"] for e in json.loads(filled("list", "--tag", "home", "--json").out)] == [filled.calm]
    assert [e["ref"] for e in json.loads(filled("list", "--only", "glimmers", "--json").out)] == [filled.joke]
    assert "Showing 1 of 3" in filled("list", "--limit", "1").out
    assert filled("list", "--since", "2026-02-31").code == 2


def test_search_finds_every_word(filled):
    assert "1 match" in filled("search", "review").out
    assert "No entries mention" in filled("search", "zebra").out
    assert [e["ref"] for e in json.loads(filled("search", "sister", "--json").out)] == [filled.joke]


def test_delete_trash_restore_empty(filled):
    result = filled("delete", filled.review, filled.joke)
    assert result.code == 0 and f"glimmers trash restore {filled.review}" in result.out
    assert filled.review in filled("trash").out
    assert filled.review not in filled("list").out
    assert filled("trash", "restore", filled.review).code == 0
    assert filled("delete", "c999999").code == 3  # not found, and nothing else moved
    assert models.CheckIn.objects.filter(deleted_at__isnull=True).count() == 2
    assert filled("trash", "empty", "--yes").out.strip() == "Deleted 1 entry for good."
    assert "The trash is empty." in filled("trash").out


def test_show_prints_everything(filled):
    out = filled("show", filled.review).out
    assert "Note: flat after the review" in out and "Tags: doing:meeting" in out
    assert "There is no entry" in filled("show", "g999999").err


def test_restore_with_an_entry_id_points_to_trash_restore(filled):
    result = filled("restore", filled.review)
    assert result.code == 4 and f"glimmers trash restore {filled.review}" in result.err


def test_tags_lists_categories(filled):
    out = filled("tags").out
    assert "doing" in out and "meeting (1)" in out and "where" in out
