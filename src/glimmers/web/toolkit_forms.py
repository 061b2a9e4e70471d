"""Forms for the reconnection toolkit. Each hands its fields to one core
validator, so the web refuses exactly what the CLI refuses."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from glimmers.core.toolkit import activation, goals
from glimmers.web.forms import CoreForm

RATING_CHOICES = [("", _("skip"))] + [(str(n), str(n)) for n in range(11)]


def rating_field(label, help_text="") -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=RATING_CHOICES, required=False, widget=forms.RadioSelect, help_text=help_text)


class ValuesForm(CoreForm):
    """Three value/action pairs; empty rows are dropped."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, activation.MAX_VALUES + 1):
            self.fields[f"name_{n}"] = forms.CharField(label=_("Value %(n)d") % {"n": n}, required=False, max_length=activation.NAME_MAX)
            self.fields[f"action_{n}"] = forms.CharField(
                label=_("One small action for it"), required=False, max_length=activation.ACTION_MAX
            )

    def rows(self):
        return [(self[f"name_{n}"], self[f"action_{n}"]) for n in range(1, activation.MAX_VALUES + 1)]

    def build(self, data):
        pairs = []
        for n in range(1, activation.MAX_VALUES + 1):
            name, action = data.get(f"name_{n}", ""), data.get(f"action_{n}", "")
            if name or action:
                pairs.append((name, action))
        return activation.validate_values(pairs)


class ActivityPlanForm(CoreForm):
    title = forms.CharField(label=_("Activity"), max_length=activation.TITLE_MAX, help_text=_("Small is good: 'ten-minute walk', 'call Mum'."))
    category = forms.ChoiceField(label=_("Kind"), choices=[(k, _(label)) for k, label in activation.CATEGORIES], widget=forms.RadioSelect)
    when = forms.CharField(label=_("When"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    value = forms.ChoiceField(label=_("Which value it serves (optional)"), required=False, choices=())
    predicted_pleasure = rating_field(_("Pleasure you expect"), _("0 none, 10 a lot. A guess is fine; 'it won't help' is a guess too."))
    predicted_mastery = rating_field(_("Sense of achievement you expect"), _("0 none, 10 a lot."))
    predicted_dread = rating_field(_("How hard or unpleasant you expect it to be"), _("0 easy, 10 very hard."))

    def __init__(self, *args, now, zone, value_names=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.now, self.zone, self.value_names = now, zone, list(value_names)
        self.fields["value"].choices = [("", "—")] + [(name, name) for name in value_names]

    def build(self, data):
        from glimmers.core.when import parse_moment

        when = parse_moment(data.get("when") or "", now=self.now, tz=self.zone, field="when")
        return activation.validate_plan(
            title=data.get("title", ""), category=data.get("category", ""), when=when, now=self.now,
            predicted_pleasure=data.get("predicted_pleasure"), predicted_mastery=data.get("predicted_mastery"),
            predicted_dread=data.get("predicted_dread"), value=data.get("value", ""), known_values=self.value_names,
        )


class ActivityRateForm(CoreForm):
    actual_pleasure = rating_field(_("Pleasure it gave"))
    actual_mastery = rating_field(_("Sense of achievement it gave"))
    actual_dread = rating_field(_("How hard or unpleasant it was"), _("0 easy, 10 very hard."))
    glimmer = forms.CharField(label=_("Any glimmer, however small?"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def build(self, data):
        return activation.validate_done(
            actual_pleasure=data.get("actual_pleasure"), actual_mastery=data.get("actual_mastery"),
            actual_dread=data.get("actual_dread"), glimmer=data.get("glimmer", ""),
        )


class GoalForm(CoreForm):
    kind = forms.ChoiceField(choices=[(goals.GOAL, _("Tiny goal")), (goals.ENOUGH, _("Enough for today"))], widget=forms.HiddenInput)
    text = forms.CharField(label=_("In a few words"), max_length=goals.TEXT_MAX)

    def build(self, data):
        return goals.validate_text(data.get("text"), data.get("kind") or goals.GOAL)


class PleasureLogForm(CoreForm):
    key = forms.CharField(widget=forms.HiddenInput)
    shift = forms.ChoiceField(label=_("Did anything shift, even by 1-2%?"), choices=(), widget=forms.RadioSelect)
    note = forms.CharField(label=_("Anything you noticed (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        from glimmers.core.toolkit import pleasures

        super().__init__(*args, **kwargs)
        self.fields["shift"].choices = [(key, _(label)) for key, label in pleasures.SHIFTS]

    def build(self, data):
        from glimmers.core.toolkit import pleasures
        from glimmers.core import text as stored_text
        from glimmers.core.errors import InvalidInput, NotFound
        from glimmers.toolkit.pleasures import NOTE_MAX

        # The same rule the store applies, checked here so the page can say so.
        data["note"] = stored_text.clean(data.get("note"), field="note", label=_("The note"), maximum=NOTE_MAX, multiline=True)
        try:
            return pleasures.pleasure(data.get("key", ""))
        except NotFound as problem:
            raise InvalidInput(problem.message, field="key") from None


class ExerciseLogForm(CoreForm):
    numbness_before = rating_field(_("Numbness before (optional)"), _("0 = feelings fully present, 10 = feel nothing"))
    numbness_after = rating_field(_("Numbness now (optional)"), _("0 = feelings fully present, 10 = feel nothing"))
    shift = forms.ChoiceField(label=_("Did anything shift, even a little?"), required=False, choices=(), widget=forms.RadioSelect)
    completed = forms.ChoiceField(
        label=_("How far did you get?"), choices=[("1", _("To the end")), ("0", _("I stopped part-way"))], initial="1"
    )
    steps_done = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    active_seconds = forms.IntegerField(required=False, min_value=0, max_value=24 * 3600, widget=forms.HiddenInput)
    started_at = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, exercise, **kwargs):
        from glimmers.core.toolkit import exercises

        super().__init__(*args, **kwargs)
        self.exercise = exercise
        self.fields["shift"].choices = [(key, _(label)) for key, label in exercises.SHIFTS]

    def build(self, data):
        from glimmers.core.toolkit import exercises

        total = len(self.exercise.schedule())
        completed = data.get("completed") == "1"
        steps_done = total if completed else min(data.get("steps_done") or 0, total - 1)
        seconds = data.get("active_seconds")
        if seconds is None:
            seconds = self.exercise.total_seconds if completed else 0
        for name in ("numbness_before", "numbness_after"):
            exercises.validate_rating(data.get(name) or None, name.replace("_", " "))
        return exercises.Outcome(self.exercise.key, completed, steps_done, total, float(seconds))


class ShareForm(CoreForm):
    audience = forms.ChoiceField(label=_("Who it is for"), choices=(), widget=forms.RadioSelect, initial="friend")
    feelings = forms.MultipleChoiceField(label=_("What it feels like"), choices=(), widget=forms.CheckboxSelectMultiple)
    needs = forms.MultipleChoiceField(label=_("What would help"), required=False, choices=(), widget=forms.CheckboxSelectMultiple)
    extra = forms.CharField(label=_("Your own words (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        from glimmers.core.toolkit import sharing

        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = [(a.key, a.label) for a in sharing.audiences()]
        self.fields["feelings"].choices = [(f.key, f.phrase) for f in sharing.feelings()]
        self.fields["needs"].choices = [(n.key, n.phrase) for n in sharing.needs()]

    def build(self, data):
        from glimmers.core.toolkit import sharing

        return sharing.compose(data.get("audience") or "friend", data.get("feelings") or (), data.get("needs") or (), data.get("extra", ""))
