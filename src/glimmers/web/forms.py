"""Web forms. Each one gathers raw values and hands them to the core's
validators, so the web and the terminal accept exactly the same things;
the core's messages land on the field they are about."""

from __future__ import annotations

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from glimmers.core import content, limits
from glimmers.core.journal import entries, measures
from glimmers.core.errors import InvalidInput


class AnyTagChoice(forms.MultipleChoiceField):
    """Chips of recent tags: any tag is taken (the core checks it), not only the
    ones offered now, so a form kept while offline stays valid when the recent
    tags have changed in the meantime."""

    def valid_value(self, value) -> bool:
        return True


class ScaleRadios(forms.RadioSelect):
    """A scale's options with none chosen until the person chooses one: the
    empty "skip" option (to take a choice back) is never shown as chosen."""

    def format_value(self, value):
        return [chosen for chosen in super().format_value(value) if chosen != ""]


def _scale_field(scale: measures.Scale) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_(scale.label),
        choices=[(str(value), scale.show(value)) for value in scale.values] + [("", _("skip"))],
        required=False,
        widget=ScaleRadios,
        help_text=lazy(scale.describe, str)(),
    )


def _factor_field(factor: measures.Factor) -> forms.CharField:
    return forms.CharField(
        label=_(factor.label), required=False, widget=forms.TextInput(attrs={"inputmode": factor.input_mode})
    )


# The check-in's rating scales and the day's factors, one field each, as declared in the core.
ScaleFields = type("ScaleFields", (forms.Form,), {name: _scale_field(scale) for name, scale in measures.SCALES.items()})
FactorFields = type("FactorFields", (forms.Form,), {name: _factor_field(factor) for name, factor in measures.FACTORS.items()})


class CoreForm(forms.Form):
    """A form whose clean() calls one core validator."""

    def build(self, data: dict):  # pragma: no cover - each form defines it
        raise NotImplementedError

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            self.record = self.build(data)
        except InvalidInput as problem:
            field = problem.field if problem.field in self.fields else None
            self.add_error(field, problem.message)
        return data


class WhenMixin(forms.Form):
    when = forms.CharField(
        label=_("When"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Leave empty for now. Earlier moments are fine."),
    )

    original_moment = None  # set when editing, so an untouched field keeps the exact instant

    def moment(self, data, *, now, zone):
        from glimmers.core.when import parse_when

        if self.original_moment is not None and data.get("when") in ("", self.initial.get("when")):
            return self.original_moment
        return parse_when(data.get("when") or "now", now=now, tz=zone, field="when")


class CheckInForm(CoreForm, WhenMixin, ScaleFields):
    tags = forms.CharField(
        label=_("Where, who with, doing"),
        required=False,
        max_length=1000,
        help_text=_("Comma-separated, e.g. work, meeting, alone"),
        widget=forms.TextInput(attrs={"list": "known-tags", "autocomplete": "off", "autocapitalize": "none"}),
    )
    # maxlength as well as the core's check: a form the app keeps while offline
    # cannot carry a note the server would refuse later.
    note = forms.CharField(label=_("A few words"), required=False, widget=forms.Textarea(attrs={"rows": 3, "maxlength": limits.NOTE_MAX}), help_text=_("Optional. 'I feel nothing' is a fine note."))
    forms_felt = forms.MultipleChoiceField(
        label=_("How the numbness feels"), required=False, widget=forms.CheckboxSelectMultiple, choices=()
    )
    body = forms.CharField(label=_("Body signals"), required=False, max_length=500, help_text=_("Comma-separated, e.g. chest tension, heavy limbs"))
    warning_signs = forms.MultipleChoiceField(label=_("Warning signs lately"), required=False, widget=forms.CheckboxSelectMultiple, choices=())
    self_talk = forms.CharField(label=_("What the inner critic is saying"), required=False, widget=forms.Textarea(attrs={"rows": 2, "maxlength": limits.SELF_TALK_MAX}))
    tolerance_window = forms.ChoiceField(required=False, widget=forms.RadioSelect, choices=())
    recent = AnyTagChoice(label=_("Recent tags"), required=False, widget=forms.CheckboxSelectMultiple, choices=())
    # Made when the form is shown, so sending the same form again (a retry, or a
    # send the app kept while the server was out of reach) saves it once.
    uid = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)

    field_order = [*measures.SCALES, "tolerance_window", "recent", "tags", "note", "forms_felt", "body", "warning_signs", "self_talk", "when"]
    # Shown folded away under the first scale, so the first screen holds one scale and Save.
    FOLDED = ("tolerance_window", "recent", "tags", "note", "forms_felt", "body", "warning_signs", "self_talk", "when")

    def __init__(self, *args, now, zone, zone_name, recent_tags=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.now, self.zone, self.zone_name = now, zone, zone_name
        self.fields["forms_felt"].choices = [(c.key, c.label) for c in content.numbness_forms()]
        self.fields["warning_signs"].choices = [(c.key, c.label) for c in content.warning_signs()]
        add_window_choices(self.fields["tolerance_window"])
        self.fields["recent"].choices = [(str(tag), tag.name) for tag in recent_tags]

    def scale_fields(self) -> list:
        """The rating scales' bound fields, in their declared order, for the templates."""
        return [self[name] for name in measures.SCALES]

    def first_scale(self):
        """The scale asked first, on its own (numbness)."""
        return self.scale_fields()[0]

    def later_scales(self) -> list:
        return self.scale_fields()[1:]

    def folded_has_errors(self) -> bool:
        """A mistake in anything folded away opens the fold, so it is seen."""
        return any(self[name].errors for name in (*measures.SCALES, *self.FOLDED)[1:])

    def build(self, data):
        from glimmers.journal.queries import qualify_tags

        tags = qualify_tags(_split(data.get("tags"))) + [f"body:{name}" for name in _split(data.get("body"))]
        tags += [tag for tag in data.get("recent") or () if tag not in tags]  # chips: already "category:name"
        return entries.validate_checkin(
            {
                "occurred_at": self.moment(data, now=self.now, zone=self.zone),
                "timezone": self.zone_name,
                **{name: data.get(name) for name in measures.SCALES},
                "forms": data.get("forms_felt") or (),
                "tags": tags,
                "warning_signs": data.get("warning_signs") or (),
                "self_talk": data.get("self_talk"),
                "note": data.get("note"),
                "tolerance_window": data.get("tolerance_window"),
                "uid": data.get("uid") or None,
            },
            now=self.now,
        )


class GlimmerForm(CoreForm, WhenMixin):
    text = forms.CharField(label=_("What shifted?"), max_length=limits.GLIMMER_TEXT_MAX, help_text=_("A flicker of interest, warmth, ease. 1–2% counts."))
    preceded_by = forms.CharField(label=_("What came just before?"), required=False, max_length=limits.PRECEDED_BY_MAX)
    tags = forms.CharField(label=_("Tags"), required=False, max_length=1000, widget=forms.TextInput(attrs={"list": "known-tags", "autocomplete": "off"}))

    def __init__(self, *args, now, zone, zone_name, **kwargs):
        super().__init__(*args, **kwargs)
        self.now, self.zone, self.zone_name = now, zone, zone_name

    def build(self, data):
        from glimmers.journal.queries import qualify_tags

        return entries.validate_glimmer(
            {
                "occurred_at": self.moment(data, now=self.now, zone=self.zone),
                "timezone": self.zone_name,
                "text": data.get("text"),
                "preceded_by": data.get("preceded_by"),
                "tags": qualify_tags(_split(data.get("tags"))),
            },
            now=self.now,
        )


class DayForm(CoreForm, FactorFields):
    wake_time = forms.CharField(label=_("Wake time"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    note = forms.CharField(label=_("About the day"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    # Sleep and the wake time belong together on screen; the other factors follow.
    field_order = [*list(measures.FACTORS)[:1], "wake_time", *list(measures.FACTORS)[1:], "note"]

    def __init__(self, *args, day, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.day, self.today = day, today

    def build(self, data):
        return entries.validate_day({**data, "day": self.day}, today=self.today)


class TimelineFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    tag = forms.CharField(label=_("Tag"), required=False, max_length=80, widget=forms.TextInput(attrs={"list": "known-tags"}))
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


def _split(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def checkin_initial(row) -> dict:
    body = [tag.name for tag in row.tags.all() if tag.category == "body"]
    other = [str(tag) if tag.category != content.category_for(tag.name) else tag.name for tag in row.tags.all() if tag.category != "body"]
    return {
        **{name: "" if getattr(row, name) is None else str(getattr(row, name)) for name in measures.SCALES},
        "tags": ", ".join(other),
        "body": ", ".join(body),
        "note": row.note,
        "forms_felt": row.forms.split(),
        "warning_signs": row.warning_signs.split(),
        "self_talk": row.self_talk,
        "tolerance_window": row.tolerance_window,
    }


def add_window_choices(field) -> None:
    """The window-of-tolerance question and its three answers, each with its hint."""
    from glimmers.core.toolkit.window import window

    settings = window()
    field.label = settings.question
    field.choices = [(state.key, f"{state.label} ({state.hint})") for state in settings.states]


def glimmer_initial(row) -> dict:
    return {"text": row.text, "preceded_by": row.preceded_by, "tags": ", ".join(str(tag) for tag in row.tags.all())}
