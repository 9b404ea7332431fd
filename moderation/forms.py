"""Forms for moderation pages. They own validation and its kind messages; cleaned data
becomes a service's keyword arguments. Whether the person may act at all is
moderation.permissions' business (asked by the views and the services), not the forms'."""

import re

from django import forms

from forum.models import Category
from moderation.models import ModerationAction, Reason, WatchedWord

NOTE_MAX = 1000
REASON_MAX = 1000

NOTE_ERRORS = {
    "max_length": "Please keep your note under 1,000 characters (it has %(show_value)d).",
    "null_characters_not_allowed": "Your note contains a character we can't store. "
    "Try typing it rather than pasting it.",
}


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="What's wrong?",
        choices=Reason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Please choose the reason closest to what worries you.",
            "invalid_choice": "Please choose one of the reasons in the list.",
        },
    )
    note = forms.CharField(
        label="Anything a moderator should know? (optional)",
        required=False,
        max_length=NOTE_MAX,
        error_messages=NOTE_ERRORS,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


# --- Moderators' actions -----------------------------------------------------------------

SILENCE_CHOICES = [("1", "1 day"), ("3", "3 days"), ("7", "7 days"), ("30", "30 days")]
SUSPEND_CHOICES = [("7", "7 days"), ("30", "30 days"), ("365", "A year"), ("forever", "For good")]


class ActionForm(forms.Form):
    """The one form on each queue card: which action (the button pressed), an optional
    reason, and what some actions need (a category, a duration)."""

    ACTIONS = [
        "dismiss",
        "hide",
        "unhide",
        "approve",
        "reject",
        "lock",
        "unlock",
        "pin",
        "unpin",
        "move",
        "warn",
        "silence",
        "suspend",
        # Care (docs/care.md).
        "acknowledge",
        "care",
        "lift_silence",
        "lift_suspension",
        "make_guide",
        "end_guide",
    ]

    action = forms.ChoiceField(
        choices=[(a, a) for a in ACTIONS],
        error_messages={
            "required": "Please choose an action.",
            "invalid_choice": "Please choose one of the actions offered.",
        },
    )
    reason = forms.CharField(
        label="Reason (optional; the member sees it for hides, warnings and silences)",
        required=False,
        max_length=REASON_MAX,
        error_messages={
            "max_length": "Please keep the reason under 1,000 characters (it has %(show_value)d).",
            "null_characters_not_allowed": "The reason contains a character we can't store.",
        },
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    category = forms.ModelChoiceField(
        label="Move to",
        queryset=Category.objects.all(),
        required=False,
        error_messages={"invalid_choice": "Please choose one of the categories in the list."},
    )
    silence_days = forms.ChoiceField(
        label="Silence for", choices=SILENCE_CHOICES, required=False, initial="3"
    )
    suspend_for = forms.ChoiceField(
        label="Suspend for", choices=SUSPEND_CHOICES, required=False, initial="7"
    )
    # Silence and Suspend ask first (moderation.views.act shows what will happen).
    confirmed = forms.BooleanField(required=False)

    def __init__(self, *args, prefix=None, **kwargs):
        super().__init__(*args, prefix=prefix, **kwargs)
        self.fields["category"].queryset = Category.objects.in_order()

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == "move" and not data.get("category"):
            self.add_error("category", "Please choose the category to move the thread to.")
        if action == "warn" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Please write the warning the member will read.")
        return data


class CareShiftForm(forms.Form):
    """A guide's or moderator's hours on shift, on their own clock. Its cleaned_data are the
    keyword arguments of accounts.services.update_care_shift."""

    error_messages = {
        "half_a_shift": "Please give both the start and the end of your shift, or neither.",
        "same_time": "Your shift starts and ends at the same time — please choose two "
        "different times (a shift may run past midnight, like 22:00 to 06:00).",
    }

    shift_start = forms.TimeField(
        label="My shift starts at",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": "Please give a time like 18:00."},
    )
    shift_end = forms.TimeField(
        label="and ends at",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": "Please give a time like 23:30."},
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("shift_start"), data.get("shift_end")
        if self.errors:
            return data
        if (start is None) != (end is None):
            raise forms.ValidationError(self.error_messages["half_a_shift"], code="half_a_shift")
        if start is not None and start == end:
            raise forms.ValidationError(self.error_messages["same_time"], code="same_time")
        return data


class HelplineCountryForm(forms.Form):
    """The crisis page's country picker (a GET form: it works without JavaScript)."""

    country = forms.ChoiceField(
        label="Show crisis lines for",
        required=False,
        error_messages={"invalid_choice": "Choose a country from the list."},
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "Another country")] + choices


class RedactForm(forms.Form):
    body = forms.CharField(
        label="The post's text",
        max_length=20_000,
        error_messages={
            "required": "The post can't be empty — hide it instead if nothing should stay.",
            "max_length": "Please keep the text under 20,000 characters.",
            "null_characters_not_allowed": "The text contains a character we can't store.",
        },
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    reason = forms.CharField(
        label="Reason (the author sees it)",
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AuditFilterForm(forms.Form):
    moderator = forms.ModelChoiceField(
        label="Moderator",
        queryset=None,
        required=False,
        empty_label="Anyone",
        to_field_name="username",
    )
    action = forms.ChoiceField(
        label="Action",
        choices=[("", "Any action"), *ModerationAction.Kind.choices],
        required=False,
    )
    member = forms.CharField(label="Member (username)", required=False, max_length=150)

    def __init__(self, *args, moderators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["moderator"].queryset = moderators


# --- Watched words and a member's own list of names -------------------------------------


class WatchedWordForm(forms.Form):
    phrase = forms.CharField(
        label="Word or phrase",
        max_length=100,
        error_messages={
            "required": "Please write the word or phrase to watch for.",
            "max_length": "Please keep it under 100 characters (it has %(show_value)d).",
            "null_characters_not_allowed": "It contains a character we can't store.",
        },
    )
    action = forms.ChoiceField(
        label="What happens to a post that uses it",
        choices=WatchedWord.Action.choices,
        widget=forms.RadioSelect,
        initial=WatchedWord.Action.HOLD,
        error_messages={
            "required": "Please choose what happens to a post that uses it.",
            "invalid_choice": "Please choose one of the actions in the list.",
        },
    )

    def clean_phrase(self):
        phrase = " ".join(self.cleaned_data["phrase"].split())
        # Phrases are matched as whole words after folding, never as patterns: a moderator
        # who types a regular expression would expect it to work, so say so.
        if re.search(r"[\\^$*+?()\[\]{}|]", phrase):
            raise forms.ValidationError(
                "Watched words are plain words, not patterns — please remove symbols like "
                "* ? ( ) [ ] | \\. Look-alike letters and spacing tricks are caught anyway.",
                code="pattern",
            )
        if not any(ch.isalnum() for ch in phrase):
            raise forms.ValidationError(
                "Please include at least one letter or number.", code="no_letters"
            )
        return phrase


class ExNameForm(forms.Form):
    name = forms.CharField(
        label="A name or handle",
        max_length=80,
        error_messages={
            "required": "Please write the name or handle you'd like us to watch for.",
            "max_length": "Please keep it under 80 characters (it has %(show_value)d).",
            "null_characters_not_allowed": "It contains a character we can't store.",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if len(name) < 2:
            raise forms.ValidationError(
                "Please write at least two letters, so we don't stop ordinary words.",
                code="too_short",
            )
        return name
