"""Guides load with their required sections and render as plain text; and none
of the new content files uses words the safe-messaging rules rule out."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from glimmers.core.toolkit import guides
from glimmers.core.errors import NotFound

CONTENT_FILES = ("plan_cues.toml", "micro_pleasures.toml", "share_phrases.toml", "guides.toml", "support_directories.toml")

REQUIRED_SECTIONS = {
    "supporters": [
        "Signs to watch for",
        "Questions that leave room",
        "What empathetic support looks like",
        "What not to say",
        "Looking after yourself as a supporter",
        "When to get help quickly",
    ],
    "contact": ["Steps, from smallest to larger"],
    "therapy": [
        "Describing numbness",
        "Questions to ask a therapist",
        "What to bring",
        "Approaches you may hear about",
        "Behavioural activation",
        "Cognitive behavioural therapy (CBT)",
        "Dialectical behaviour therapy (DBT)",
        "Trauma-informed care",
        "EMDR",
        "Somatic approaches",
        "Questions about medication",
    ],
    "relapse": ["Reach out", "Ground", "Re-establish routine", "Revisit values"],
    "understanding": ["What it is", "Four common roots", "Why forcing it backfires", "What the way back can feel like",
                      "When to ask for help"],
}


def text_of(key: str) -> str:
    return guides.as_text(guides.guide(key))


def test_every_required_guide_exists_with_its_sections():
    assert [guide.key for guide in guides.guides()][:5] == list(REQUIRED_SECTIONS)
    for key, titles in REQUIRED_SECTIONS.items():
        guide = guides.guide(key)
        assert guide.title and guide.summary
        present = [section.title for section in guide.sections]
        for title in titles:
            assert title in present, (key, title)
        for section in guide.sections:
            assert section.paragraphs or section.items


def test_supporter_guide_covers_the_signs_and_the_words_to_avoid():
    guide = guides.guide("supporters")
    by_title = {section.title: section for section in guide.sections}
    signs = " ".join(by_title["Signs to watch for"].items).lower()
    for sign in ("pulling back", "flatness", "sleep", "hopelessness"):
        assert sign in signs
    assert all(item.endswith("?") for item in by_title["Questions that leave room"].items)
    avoid = " ".join(by_title["What not to say"].items).lower()
    assert "snap out of it" in avoid and "comparisons" in avoid
    urgent = " ".join(by_title["When to get help quickly"].paragraphs)
    assert "glimmers help-now" in urgent and "emergency number" in urgent
    assert "cannot send help" in urgent


def test_contact_steps_widen_gradually_from_a_reaction_to_a_group():
    steps = {s.title: s for s in guides.guide("contact").sections}["Steps, from smallest to larger"].items
    assert len(steps) >= 5
    assert steps[0].startswith("React to a message")
    assert "photo" in steps[1] and "voice note" in " ".join(steps[2:4])
    assert "walk side by side" in " ".join(steps).lower()
    assert "group" in steps[-1]


def test_therapy_guide_is_neutral_and_leaves_medication_to_the_prescriber():
    guide = guides.guide("therapy")
    approaches = REQUIRED_SECTIONS["therapy"][4:10]
    for section in guide.sections:
        if section.title in approaches:
            sentences = [s for s in re.split(r"(?<=[.!?])\s+", " ".join(section.paragraphs)) if s]
            assert 2 <= len(sentences) <= 3, section.title
    text = text_of("therapy").lower()
    assert "professional can help" in text
    for claim in ("cure", "guaranteed to work", "will fix"):
        assert claim not in text
    medication = {s.title: s for s in guide.sections}["Questions about medication"].paragraphs[0].lower()
    assert "prescribe" in medication and "do not stop or change" in medication


def test_relapse_guide_frames_a_return_as_normal():
    guide = guides.guide("relapse")
    assert "not a sign" in guide.summary and "common" in guide.summary
    for title in ("Reach out", "Ground", "Re-establish routine", "Revisit values"):
        section = {s.title: s for s in guide.sections}[title]
        assert section.items, title  # concrete first steps


def test_as_text_renders_title_summary_sections_and_items_unwrapped():
    guide = guides.guide("contact")
    text = guides.as_text(guide)
    lines = text.split("\n")
    assert lines[0] == guide.title and lines[2] == guide.summary
    for section in guide.sections:
        assert section.title in lines
        for item in section.items:
            assert f"- {item}" in lines
        for paragraph in section.paragraphs:
            assert paragraph in lines
    assert not text.endswith("\n") and "\n\n\n" not in text


def test_an_unknown_guide_is_not_found_and_lists_the_guides():
    with pytest.raises(NotFound) as caught:
        guides.guide("everything")
    assert all(key in caught.value.message for key in REQUIRED_SECTIONS)


@pytest.mark.parametrize("name", CONTENT_FILES)
def test_content_avoids_shaming_and_unsafe_words(name):
    text = resources.files("glimmers.content").joinpath(name).read_text(encoding="utf-8")
    assert re.search(r'^last_reviewed = "20\d\d-\d\d-\d\d"$', text, re.M), name  # every content file says when it was read last
    lowered = text.lower()
    for banned in ("streak", "failed", "committed suicide", "you failed"):
        assert banned not in lowered, (name, banned)


def test_understanding_numbness_names_the_roots_the_way_back_and_when_to_get_help():
    guide = guides.guide("understanding")
    roots = next(section for section in guide.sections if section.title == "Four common roots").items
    for root in ("Depression:", "Stress and overwhelm:", "Trauma and detachment:", "Medicines:"):
        assert any(item.startswith(root) for item in roots), root
    medicines = next(item for item in roots if item.startswith("Medicines:"))
    assert "Never stop or change a medicine on your own" in medicines
    back = next(section for section in guide.sections if section.key == "recovery")
    words = " ".join(back.paragraphs)
    assert "Irritation, sadness" in words and "before joy" in words  # other feelings first, not a setback
    help_items = " ".join(next(section for section in guide.sections if section.title == "When to ask for help").items)
    assert "two weeks" in help_items and "glimmers help-now" in help_items and "no login" in help_items


def test_a_section_that_pages_link_to_must_exist(monkeypatch):
    from glimmers.core.content import ContentError

    guides.guides.cache_clear()
    monkeypatch.setattr(guides, "LINKED_SECTIONS", (("understanding", "no_such_section"),))
    try:
        with pytest.raises(ContentError, match="sections other pages link to are missing"):
            guides.guides()
    finally:
        guides.guides.cache_clear()
