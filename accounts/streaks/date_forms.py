"""The form for a risky date (accounts/streaks/date_views.py). It owns its kind words; its
cleaned_data becomes accounts.streaks.services.dates.add_risky_date's keyword arguments."""

import datetime

from django import forms

from accounts.streaks.forms import NUL_ERROR

LABEL_MAX = 80


class RiskyDateForm(forms.Form):
    label = forms.CharField(
        label="What is the day?",
        max_length=LABEL_MAX,
        strip=True,
        help_text="In your own words, for you only — for example “Our anniversary”.",
        error_messages={
            "required": "Give the day a short name, so the reminder can say which day it is.",
            "max_length": f"Please keep this under {LABEL_MAX} characters (it has %(show_value)d).",
            "null_characters_not_allowed": NUL_ERROR,
        },
    )
    on = forms.DateField(
        label="Date",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": "Choose the date.",
            "invalid": "That doesn't look like a date. Try the format 2026-01-31.",
            "past": "That day has passed. Choose a day to come, or tick “Every year”.",
        },
    )
    repeats_yearly = forms.BooleanField(label="Every year", required=False, initial=True)
    email_reminder = forms.BooleanField(
        label="Also email me the day before",
        required=False,
        help_text="A short, discreet email. Without it, the reminder is only here on the site.",
    )

    def __init__(self, *args, today: datetime.date, **kwargs):
        kwargs.setdefault("auto_id", "id_risky_%s")
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self):
        data = super().clean()
        on = data.get("on")
        if on is not None and not data.get("repeats_yearly") and on < self.today:
            self.add_error(
                "on", forms.ValidationError(self.fields["on"].error_messages["past"], code="past")
            )
        return data
