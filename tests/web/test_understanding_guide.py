"""'Understanding numbness' is one step from where a person first meets glimmers, from the triage
result and from the insights, in the terminal and on the web; the early warning points to the way back."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_guide_page_has_an_anchor_for_the_way_back(clock):
    page = Client().get("/guides/understanding/").content.decode()
    assert "<h1>Understanding numbness</h1>" in page and 'id="recovery"' in page
    assert "Four common roots" in page and "Never stop or change a medicine on your own" in page
    assert "Understanding numbness" in Client().get("/guides/").content.decode()


def test_a_new_journal_is_offered_the_guide_and_so_is_the_insights_page(clock):
    home = Client().get("/").content.decode()
    assert 'href="/guides/understanding/"' in home and "New here?" in home
    insights = Client().get("/insights/").content.decode()
    assert 'href="/guides/understanding/"' in insights


def test_the_triage_result_links_to_the_guide(clock, glimmers):
    result = glimmers("screen", "triage", "--answers", ",".join(["0"] * 20))
    assert "glimmers guide understanding" in result.out, result.out + result.err
    from glimmers.care.models import ScreeningResult

    ref = ScreeningResult.objects.get().ref
    page = Client().get(f"/screening/result/{ref}/").content.decode()
    assert 'href="/guides/understanding/"' in page


def test_the_terminal_offers_it_first_and_prints_it(glimmers):
    start = glimmers()
    assert "glimmers guide understanding" in start.out
    guide = glimmers("guide", "understanding")
    assert guide.code == 0 and "What the way back can feel like" in guide.out and "Irritation, sadness" in guide.out


def test_levels_of_support_show_the_persons_national_directory(clock, glimmers):
    from glimmers.core.care import support_directories

    assert {"US", "GB", "AU"} <= set(support_directories.directories())
    assert support_directories.for_country("gb").name == "NHS Talking Therapies"
    assert support_directories.for_country("FR") is None and support_directories.for_country(None) is None
    # a country without a confirmed directory (whatever this machine's language setting would guess)
    assert glimmers("config", "country", "FR").code == 0
    page = Client().get("/guides/support/").content.decode()
    for level in ("Self-help", "Peer support groups", "Talking therapy in a group", "Talking therapy one to one",
                  "A medication review", "Intensive outpatient programmes", "Crisis care"):
        assert level in page, level
    assert "does not list a national directory" in page  # a doctor or a local charity, not a guess
    assert glimmers("config", "country", "GB").code == 0
    page = Client().get("/guides/support/").content.decode()
    assert "NHS Talking Therapies" in page and 'href="https://www.nhs.uk/service-search/' in page
    assert 'rel="noopener noreferrer"' in page and "Last checked" in page
    terminal = glimmers("guide", "support")
    assert terminal.code == 0 and "Where to look: NHS Talking Therapies." in terminal.out


def test_a_directory_without_a_way_in_or_a_source_is_refused(monkeypatch):
    from glimmers.core.care import support_directories
    from glimmers.core.content import ContentError

    support_directories.directories.cache_clear()
    monkeypatch.setattr(support_directories, "read_content", lambda *_args: {"directory": [
        {"country": "NZ", "name": "x", "what": "y", "source": "https://example.org", "last_verified": "2026-12-06"}]})
    try:
        with pytest.raises(ContentError, match="web address or a number"):
            support_directories.directories()
    finally:
        support_directories.directories.cache_clear()


def test_self_talk_gets_a_kind_question_after_saving_unless_support_comes_first(clock, glimmers):
    client = Client()
    saved = client.post("/", {"numbness": "6", "self_talk": "You are just being lazy.", "uid": "a" * 32}, follow=True)
    page = saved.content.decode()
    assert "Check-in saved" in page and "If you like: " in page
    worried = client.post("/", {"numbness": "8", "self_talk": "I want to die", "uid": "b" * 32}, follow=True)
    assert "If you like: " not in worried.content.decode()  # support, not a reframing exercise
    terminal = glimmers("checkin", "-n", "5", "--self-talk", "Everyone else seems to manage fine.")
    assert terminal.code == 0 and "If you like: " in terminal.out


def test_the_insights_count_the_inner_critics_themes(clock, glimmers):
    for words in ("You are just being lazy.", "Everyone else seems to manage fine.", "I should try again. So lazy."):
        assert glimmers("checkin", "-n", "6", "--self-talk", words).code == 0
    page = Client().get("/insights/").content.decode()
    section = page.split('id="critic-heading"', 1)[1].split("</section>", 1)[0]
    assert "lazy, weak: 2 check-ins" in section and "comparing with others: 1 check-in" in section
    assert "not a verdict on you" in section
    terminal = glimmers("insights")
    assert "What the inner critic kept saying" in terminal.out and "lazy, weak: 2" in terminal.out


def test_creative_prompts_are_a_daily_option_and_loggable_with_did_anything_shift(clock, glimmers):
    from datetime import date

    from glimmers.core.toolkit import pleasures

    made = [item for item in pleasures.pleasures() if item.making]
    assert len(made) >= 30 and {item.making for item in made} == set(pleasures.making_keys())
    today = pleasures.making_for(date(2026, 11, 20))
    assert today.making and pleasures.making_for(date(2026, 11, 20)) == today != pleasures.making_for(date(2026, 11, 21))
    home = Client().get("/").content.decode()
    assert "Something to make, if you like:" in home and f"#pleasure-{today.key}" in home
    page = Client().get("/pleasures/?making=1").content.decode()
    assert f'id="pleasure-{today.key}"' in page and "to make" in page
    assert 'id="pleasure-one_song"' not in page  # only things to make
    logged = Client().post("/pleasures/", {"key": today.key, "shift": "little", "note": ""}, follow=True)
    assert "Logged." in logged.content.decode()
    listed = glimmers("pleasure", "list", "--make")
    assert listed.code == 0 and today.key in listed.out and "one_song" not in listed.out
    assert glimmers("pleasure", "pick", "--make").code == 0
