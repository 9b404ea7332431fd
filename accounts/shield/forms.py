"""The shield's settings form: on or off, and N."""

from django import forms

from accounts.shield import SHIELD_CHOICES, SHIELD_MAX_DAYS

OFF = ""


class ShieldForm(forms.Form):
    days = forms.TypedChoiceField(
        label="Who can read your profile and posts",
        coerce=int,
        empty_value=None,
        choices=[
            (OFF, "Everyone who can read the forum (no shield)"),
            *(
                (n, f"Members whose account is at least {n} days old — not visitors")
                for n in SHIELD_CHOICES
            ),
        ],
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Please choose one of the options in the list."},
    )
    custom_days = forms.IntegerField(
        label="Or your own number of days",
        required=False,
        min_value=1,
        max_value=SHIELD_MAX_DAYS,
        help_text="Leave empty to use the choice above.",
        error_messages={
            "min_value": "Please choose at least 1 day.",
            "max_value": f"Please choose at most {SHIELD_MAX_DAYS} days.",
            "invalid": "Please write a whole number of days, like 14.",
        },
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("custom_days"):
            cleaned["days"] = cleaned["custom_days"]
        return {"days": cleaned.get("days")}
