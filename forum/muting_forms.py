"""Forms for what a member chooses not to see: warning themes and ignoring a member. Their
cleaned data becomes forum.services.muting's arguments."""

from django import forms

from forum.models import ContentWarning, WarningChoice
from forum.services.muting import IGNORE_FOR

IGNORE_LABELS = {
    "day": "For a day",
    "week": "For a week",
    "month": "For a month",
    "good": "For good (until you unblock them)",
}


class WarningChoicesForm(forms.Form):
    """One radio group per warning theme: fold until tapped (the default), hide everywhere,
    or show unfolded."""

    def __init__(self, *args, choices: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for theme, label in ContentWarning.choices:
            self.fields[theme] = forms.ChoiceField(
                label=label,
                choices=WarningChoice.Action.choices,
                initial=choices.get(theme, WarningChoice.Action.FOLD),
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Choose what to do with posts warned “{label}”.",
                    "invalid_choice": "Choose one of the three.",
                },
            )


class IgnoreForm(forms.Form):
    period = forms.ChoiceField(
        label="How long?",
        choices=[(key, IGNORE_LABELS[key]) for key in IGNORE_FOR],
        initial="week",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how long to ignore them for.",
            "invalid_choice": "Choose one of the four lengths.",
        },
    )
