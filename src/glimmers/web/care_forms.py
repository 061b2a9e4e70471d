"""Forms for the safety plan and the medication timeline; the core validates."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from glimmers.core.care import medication
from glimmers.core.safety import safety_plan
from glimmers.web.forms import CoreForm


class SafetyPlanForm(CoreForm):
    """One text area per step, one item a line."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for step in safety_plan.steps():
            label = f"{step.number}. {step.title}" if step.number else step.title
            self.fields[step.key] = forms.CharField(
                label=label,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=step.prompt + " " + str(_("One item a line.")),
            )

    def build(self, data):
        return safety_plan.validate({key: data.get(key, "") for key in safety_plan.step_keys()})


class MedicationForm(CoreForm):
    name = forms.CharField(label=_("Medicine"), max_length=medication.NAME_MAX)
    kind = forms.ChoiceField(
        label=_("What happened"),
        choices=[("start", _("I started it")), ("change", _("The dose changed")), ("stop", _("I stopped it"))],
        widget=forms.RadioSelect,
    )
    dose = forms.CharField(label=_("Dose (optional)"), required=False, max_length=medication.DOSE_MAX)
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["day"].initial = today

    def build(self, data):
        return medication.validate_event(
            name=data["name"], kind=data["kind"], day=data["day"], dose=data.get("dose", ""), note=data.get("note", ""), today=self.today
        )


def _answer_field(label: str, choices, *, required: bool = True, number: int | None = None) -> forms.ChoiceField:
    missing = _("Please answer question %(number)d.") % {"number": number} if number else _("Please choose an answer.")
    return forms.ChoiceField(
        label=label, choices=choices, required=required, widget=forms.RadioSelect, error_messages={"required": missing}
    )


class _AnswersForm(forms.Form):
    """Radio answers for every question; nothing is saved unless all are given."""

    field_names: list[str]

    def raw(self, name: str):
        """What was ticked for one question, read leniently (None when missing or odd)."""
        value = self.data.get(name, "") if self.is_bound else ""
        return int(value) if value.isascii() and value.isdigit() else None

    def clean(self):
        data = super().clean()
        missing = [name for name in self.field_names if name in self.errors]
        if missing:
            raise forms.ValidationError(
                _("%(count)d of %(total)d questions still need an answer. Nothing was saved.")
                % {"count": len(missing), "total": len(self.field_names)}
            )
        return data


class QuestionnaireForm(_AnswersForm):
    """One of the published questionnaires (PHQ-9, PHQ-2, GAD-7, GAD-2)."""

    def __init__(self, *args, instrument, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        choices = [(str(option.value), option.label) for option in instrument.options]
        self.field_names = []
        for item in instrument.items:
            name = f"q{item.number}"
            self.fields[name] = _answer_field(f"{item.number}. {item.text}", choices, number=item.number)
            self.field_names.append(name)
        if instrument.functional is not None:
            question = instrument.functional
            self.fields["functional"] = _answer_field(
                question.text, [(str(option.value), option.label) for option in question.options], required=False
            )

    def partial_answers(self) -> list[int | None]:
        return [self.raw(name) for name in self.field_names]

    def safety_name(self) -> str | None:
        number = self.instrument.safety_item
        return f"q{number}" if number else None

    def clean(self):
        from glimmers.core.care import instruments
        from glimmers.core.errors import InvalidInput

        data = super().clean()
        functional = data.get("functional")
        try:
            self.record = instruments.score(
                self.instrument, [int(data[name]) for name in self.field_names], int(functional) if functional else None
            )
        except InvalidInput as problem:
            raise forms.ValidationError(problem.message) from None
        return data


class ProfileForm(_AnswersForm):
    """The numbness profile: our own statements, 0-3 each."""

    def __init__(self, *args, **kwargs):
        from glimmers.core.care import profile

        super().__init__(*args, **kwargs)
        self.check = profile.check()
        choices = [(str(value), label) for value, label in enumerate(self.check.scale)]
        self.field_names = []
        for question in self.check.questions:
            self.fields[question.key] = _answer_field(f"{question.number}. {question.text}", choices, number=question.number)
            self.field_names.append(question.key)

    def clean(self):
        from glimmers.core.care import profile
        from glimmers.core.errors import InvalidInput

        data = super().clean()
        try:
            self.record = profile.profile({name: int(data[name]) for name in self.field_names})
        except InvalidInput as problem:
            raise forms.ValidationError(problem.message) from None
        return data


class TriageForm(_AnswersForm):
    """Triage: a yes or no for every question. ``recent`` (``triage.RecentScore``
    data) and ``now``: the latest questionnaire results, which count too."""

    def __init__(self, *args, recent=(), now=None, **kwargs):
        from glimmers.core.care import triage

        super().__init__(*args, **kwargs)
        self.recent, self.now = tuple(recent), now
        self.questions = triage.questions()
        choices = [("1", _("Yes")), ("0", _("No"))]
        self.field_names = []
        for question in self.questions:
            self.fields[question.key] = _answer_field(f"{question.number}. {question.text}", choices, number=question.number)
            self.field_names.append(question.key)

    def partial_answers(self) -> dict[str, bool]:
        return {name: self.raw(name) == 1 for name in self.field_names if self.raw(name) is not None}

    def urgent_names(self) -> set[str]:
        return {question.key for question in self.questions if question.level == "urgent"}

    def clean(self):
        from glimmers.core.care import triage
        from glimmers.core.errors import InvalidInput

        data = super().clean()
        try:
            self.record = triage.triage(
                {name: data[name] == "1" for name in self.field_names}, self.recent, now=self.now
            )
        except InvalidInput as problem:
            raise forms.ValidationError(problem.message) from None
        return data
