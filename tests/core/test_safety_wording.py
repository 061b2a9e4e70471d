"""The safety wording a clinician asked for, in the pure core: means-safety ideas in
the safety plan, the caution on drinking less, the caveat when alcohol or cannabis
goes with less numbness, and the note on the first weeks of an antidepressant."""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from datetime import date, timedelta
from importlib import resources

import pytest

from glimmers.core.toolkit import experiments, plan
from glimmers.core.care import medication
from glimmers.core.safety import safety_plan
from glimmers.core.content import ContentError
from glimmers.core.analysis.insights.experiment_results import analyse_experiment
from glimmers.core.analysis.insights.findings import Finding
from glimmers.core.analysis.insights.simulate import simulate_person
from glimmers.core.analysis.insights.triggers import analyse
from glimmers.core.analysis.insights.words import describe, substance, substance_caveat, substance_caveats

# Words that would describe a method, an amount or how dangerous something is.
METHOD_DETAIL = re.compile(
    r"\d|\bmg\b|overdos|dose|how many|lethal|deadly|fatal|enough to|tablets?\b|pills?\b|rope|hang|ligature|"
    r"bridge|jump|cut|blade|knife|bullet|ammunition|poison|gas\b|kill",
    re.IGNORECASE,
)


# ------------------------------------------------------------------ the safety plan, step 6


def test_step_6_offers_means_safety_ideas_in_our_own_words():
    step = next(s for s in safety_plan.steps() if s.number == 6)
    assert step.key == safety_plan.SAFER_SURROUNDINGS and step.offers_ideas
    ideas = " ".join(step.examples)
    assert "keep my medicines" in ideas and "give me what I need" in ideas
    assert "firearms locked away and unloaded, or kept by someone else" in ideas
    assert "keep away from alcohol and drugs when things are bad" in ideas
    assert "agree with someone what we will do when the urge is strong" in ideas
    for text in (step.prompt, *step.examples):
        assert not METHOD_DETAIL.search(text), text


def test_only_step_6_shows_its_ideas_in_the_plan_and_only_while_empty():
    assert [s.key for s in safety_plan.steps() if s.offers_ideas] == [safety_plan.SAFER_SURROUNDINGS]
    empty = safety_plan.as_text(safety_plan.validate({}), ideas=True)
    six = empty.split("6. Making my surroundings safer\n", 1)[1]
    assert six.startswith("   (not filled in yet)\n   Ideas to start from:\n     · ask someone I trust to keep my medicines")
    assert "Mum" not in empty and "GP surgery" not in empty  # never an example that looks like a contact
    filled = safety_plan.as_text(safety_plan.validate({"safer_surroundings": "Sam keeps my tablets box"}), ideas=True)
    assert "   - Sam keeps my tablets box" in filled and "Ideas to start from" not in filled
    assert "Ideas to start from" not in safety_plan.as_text(safety_plan.validate({}))  # printing: the plan only


def test_the_plan_file_must_keep_step_6_with_its_ideas(monkeypatch):
    real = tomllib.loads(resources.files("glimmers.content").joinpath("safety_plan.toml").read_text(encoding="utf-8"))
    broken = {**real, "step": [dict(row, examples=[]) if row["number"] == 6 else row for row in real["step"]]}
    monkeypatch.setattr(safety_plan, "read_content", lambda name, schema: broken)
    safety_plan.steps.cache_clear()
    try:
        with pytest.raises(ContentError, match="step 6"):
            safety_plan.steps()
    finally:
        monkeypatch.undo()
        safety_plan.steps.cache_clear()
    assert safety_plan.steps()[5].offers_ideas


# ------------------------------------------------------------------ the caution on drinking less


def test_the_alcohol_lever_carries_the_caution_for_heavy_daily_drinkers():
    lever = experiments.lever("fewer_alcohol_days")
    assert "drink heavily every day" in lever.caution and "doctor" in lever.caution
    assert "stopping all at once can be medically dangerous" in lever.caution
    assert experiments.caution_words(lever).startswith("Safety note: If you drink heavily every day")
    others = [lv for lv in experiments.levers() if lv.key != "fewer_alcohol_days"]
    assert others and all(lv.caution == "" and experiments.caution_words(lv) == "" for lv in others)


def _lever_row(**changes) -> dict:
    row = {"key": "quiet_evenings", "name": "Quiet evenings", "on": "Keep the evening quiet.", "off": "As usual.",
           "adherence_question": "Was the evening quiet?", "reversible": True}
    return row | changes


def test_the_loader_refuses_an_alcohol_lever_without_a_caution():
    with pytest.raises(ContentError, match="about alcohol, so it needs a caution"):
        experiments.parse_levers({"lever": [_lever_row(on="Have no wine with dinner.")]})
    with pytest.raises(ContentError, match="about alcohol"):
        experiments.parse_levers({"lever": [_lever_row(key="dry_weekdays", name="Sober weekdays")]})
    with pytest.raises(ContentError, match="caution that is not a sentence"):
        experiments.parse_levers({"lever": [_lever_row(caution="  ")]})
    with pytest.raises(ContentError, match="caution that is not a sentence"):
        experiments.parse_levers({"lever": [_lever_row(caution=3)]})
    (quiet,) = experiments.parse_levers({"lever": [_lever_row()]})
    assert quiet.caution == ""
    (careful,) = experiments.parse_levers({"lever": [_lever_row(on="No beer.", caution="See a  doctor first.")]})
    assert careful.caution == "See a doctor first."


def test_your_own_lever_about_drinking_gets_the_same_caution():
    assert experiments.custom_lever("no wine on weeknights").caution == experiments.lever("fewer_alcohol_days").caution
    assert experiments.custom_lever("Alcohol-free Mondays").caution
    assert experiments.custom_lever("no news after 8pm").caution == ""
    assert experiments.custom_lever("ginger tea at night").caution == ""  # "gin" is a word, not a prefix


def test_no_plan_cue_suggests_an_alcohol_free_day_without_a_caution():
    # Plan cues have no caution field: drinking less belongs to the lever, which has one.
    # ("drink" alone is left out here: a warm drink or a glass of water is not alcohol.)
    alcohol = experiments.ALCOHOL_WORDS - {"drink", "drinks", "drinking"}
    talk_of_alcohol = [cue.key for cue in plan.cues()
                       if set(re.findall(r"[a-z]+(?:-[a-z]+)*", cue.text.casefold())) & alcohol
                       or re.search(r"alcohol|sober|\bdry (day|january)", cue.text, re.IGNORECASE)]
    assert talk_of_alcohol == []


# ------------------------------------------------------------------ alcohol and cannabis in the insights


BASE = Finding(
    key="factor:alcohol_units:any", family="factor", label="alcohol the evening before",
    effect=-1.2, low=-1.9, high=-0.5, sd_units=1.0, n_with=25, n_without=50, days=75, p=0.001, q=0.01,
    halves_agree=True, status="pattern", se=0.35, sd=1.2, span=90,
)


@pytest.mark.parametrize("key, name", [
    ("factor:alcohol_units:any", "alcohol"), ("factor:alcohol_units", "alcohol"),
    ("factor:cannabis_uses:any", "cannabis"), ("factor:cannabis_uses", "cannabis"),
    ("tag:other:wine", "alcohol"), ("tag:who:drinks with friends", "alcohol"), ("tag:doing:weed", "cannabis"),
    ("tag:other:alcohol-free", None), ("tag:other:no wine", None), ("tag:doing:walk", None),
    ("tag:other:joint pain", None), ("factor:sleep_hours", None), ("lever:glimmer_logged", None),
])
def test_which_findings_are_about_alcohol_or_cannabis(key, name):
    assert substance(key) == name


def test_less_numbness_with_alcohol_or_cannabis_is_followed_at_once_by_the_caveat():
    text = describe(BASE)
    measured = "On days after an evening with alcohol, numbness averaged 1.2 points lower (plausible range 0.5 to 1.9)."
    assert text.startswith(f"{measured} {substance_caveats()['alcohol']} ")
    assert "ease things in the moment and still cost more later" in text
    assert "deepen low mood and numbness" in text and "If cutting down is hard, a doctor can help." in text
    hint = describe(replace(BASE, key="factor:cannabis_uses:any", label="days with cannabis", status="early_hint"))
    assert substance_caveats()["cannabis"] in hint and "A word on cannabis" in hint
    tag = describe(replace(BASE, key="tag:other:wine", label="wine"))
    assert "'wine'" in tag and substance_caveats()["alcohol"] in tag


def test_no_caveat_where_nothing_says_alcohol_goes_with_less_numbness():
    assert substance_caveats()["alcohol"] not in describe(replace(BASE, effect=1.2, low=0.5, high=1.9))
    for status in ("no_clear_difference", "not_enough_data"):
        assert "A word on" not in describe(replace(BASE, status=status, more_days_needed=12))
    assert substance_caveat("factor:daylight_minutes", -1.0, "pattern") == ""
    assert substance_caveat("factor:alcohol_units", -1.0, "no_clear_difference") == ""


def _alcohol_helps(seed: int = 3):
    """A simulated person whose numbness is 2 points lower the day after drinking (all else null)."""
    person = simulate_person(seed, 150)
    drank = {d.day + timedelta(days=1) for d in person.days if (d.value("alcohol_units") or 0) > 0}
    moments = [replace(m, numbness=max(0.0, m.numbness - 2.0)) if m.day in drank else m for m in person.moments]
    return moments, person.days, person.today


def test_a_planted_finding_in_simulated_data_is_worded_with_its_caveat():
    moments, days, today = _alcohol_helps()
    analysis = analyse(moments, days, today=today)
    finding = analysis.finding("factor:alcohol_units:any")
    assert finding.shown and finding.effect < -1
    assert finding in analysis.helps()
    text = describe(finding)
    assert re.match(r"On days after an evening with alcohol, numbness averaged \d\.\d points lower "
                    r"\(plausible range \d\.\d to \d\.\d\)\. " + re.escape(substance_caveats()["alcohol"]), text), text
    assert any(substance_caveats()["alcohol"] in line for line in analysis.headline(limit=20))


# ------------------------------------------------------------------ experiment results on drinking less

MONDAY = date(2026, 9, 7)
SCHEDULE = (True, False, False, True, True, False, True, False)


def _weekly(means_by_week):
    return {MONDAY + timedelta(days=7 * w + i): m + (0.3 if i % 2 else -0.3)
            for w, m in enumerate(means_by_week) for i in range(7)}


def _result(on_mean: float, off_mean: float, lever):
    end = MONDAY + timedelta(days=55)
    return analyse_experiment("alternating", _weekly([on_mean if on else off_mean for on in SCHEDULE]), start=MONDAY,
                              end=end, schedule=SCHEDULE, today=end + timedelta(days=1), lever=lever)


def test_more_numbness_in_alcohol_free_weeks_comes_with_the_caveat():
    alcohol = experiments.lever("fewer_alcohol_days")
    words = _result(6, 3, alcohol).words()
    first, rest = words.split(").", 1)
    assert "3.0 points higher than in the weeks without" in first
    assert rest.lstrip().startswith(substance_caveats()["alcohol"])
    assert substance_caveats()["alcohol"] not in _result(3, 6, alcohol).words()  # less numb without alcohol
    assert substance_caveats()["alcohol"] not in _result(6, 3, experiments.lever("wake_time")).words()
    assert substance_caveats()["alcohol"] not in _result(6, 3, None).words()
    assert substance_caveats()["alcohol"] in _result(6, 3, experiments.custom_lever("no wine")).words()


# ------------------------------------------------------------------ antidepressants


def test_the_antidepressant_note_says_what_to_watch_for_and_never_advises_a_change():
    note = medication.antidepressant_note()
    assert "first weeks after starting one, changing the dose or stopping" in note
    assert "feel worse" in note and "agitation" in note and "darker thoughts" in note
    assert "Tell your prescriber" in note and "never stop or change a medicine without them" in note
    assert not re.search(r"you should (stop|start|change|reduce|increase)|try (stopping|lowering)|\d", note, re.I)
