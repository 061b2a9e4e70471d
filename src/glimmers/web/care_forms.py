"""Forms for the safety plan and the medication timeline; the core validates."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from glimmers.core import medication, safety_plan
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
