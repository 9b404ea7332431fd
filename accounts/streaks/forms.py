"""Forms for the streak dashboard and the SOS page. They own validation and its kind words;
their cleaned_data becomes an accounts.services function's keyword arguments. Dates are
checked against the member's own calendar (today where they live), not the server's."""

import datetime

from django import forms

from accounts.models import ContactEvent, TriggerTag
from accounts.streaks import counting
from accounts.streaks.selectors import MOOD_WORDS

NOTE_MAX = 5000
REASON_MAX = 300
UNSENT_MAX = 10_000

NUL_ERROR = "This contains a character we can't store. Try typing it again rather than pasting it."

MOODS = [(str(value), f"{value} — {word}") for value, word in MOOD_WORDS.items()]


def _text(*, label, max_length, required=False, rows=3, help_text="", errors=None):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        strip=True,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "max_length": f"Please keep this under {max_length:,} characters "
            "(it has %(show_value)d).",
            "null_characters_not_allowed": NUL_ERROR,
            **(errors or {}),
        },
    )


def _private_note():
    return _text(
        label="A private note (optional)", max_length=NOTE_MAX, help_text="Only you can see this."
    )


class _DashboardForm(forms.Form):
    """The dashboard shows several forms on one page: each gets its own id prefix, so two
    "note" fields never share an id (a label must point at its own field)."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class StartStreakForm(_DashboardForm):
    id_prefix = "start"

    started_on = forms.DateField(
        label="Count my streak from",
        help_text="Today, or the day of your last contact. A day before you joined Holdfast "
        "is fine: it's shown as self-reported.",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": "Choose the day your no contact started — today is fine.",
            "invalid": "That doesn't look like a date. Try the format 2026-01-31.",
            "future": "That day hasn't come yet where you live. Choose today or a day before.",
            "too_old": (
                f"A streak here can start up to {counting.EARLIEST_START_YEARS} years back, "
                "from %(earliest)s. If yours is longer, choose that day: your start will "
                "show as self-reported."
            ),
        },
    )

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["started_on"].widget.attrs["max"] = today.isoformat()
        self.fields["started_on"].widget.attrs["min"] = counting.earliest_start(today).isoformat()
        self.fields["started_on"].initial = today

    def clean_started_on(self):
        started_on = self.cleaned_data["started_on"]
        messages = self.fields["started_on"].error_messages
        if started_on > self.today:
            raise forms.ValidationError(messages["future"], code="future")
        earliest = counting.earliest_start(self.today)
        if started_on < earliest:
            raise forms.ValidationError(
                messages["too_old"],
                code="too_old",
                params={"earliest": f"{earliest.day} {earliest:%B %Y}"},
            )
        return started_on


class ChangeStartForm(StartStreakForm):
    """Move the running streak's start (after a reset it starts today on its own)."""

    id_prefix = "change"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["started_on"]
        field.label = "This streak started on"
        field.help_text = (
            "If your last contact was earlier than we think, choose its day. A day before you "
            "joined is shown as self-reported."
        )


class _TriggersForm(_DashboardForm):
    """Issue 16: what set it off, if the member wants to say — the starting list as
    checkboxes and their own words, merged into cleaned_data["triggers"] (the services'
    keyword)."""

    triggers = forms.MultipleChoiceField(
        label="Any triggers? (optional)",
        choices=TriggerTag.STARTING,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose from the list, or write your own below."},
    )
    own_triggers = forms.CharField(
        label="Your own triggers (optional)",
        required=False,
        max_length=200,
        strip=True,
        help_text="Separate them with commas. Only you can see these.",
        error_messages={
            "max_length": "Please keep these under 200 characters (they have %(show_value)d).",
            "null_characters_not_allowed": NUL_ERROR,
        },
    )

    # The note or reflection first, as before; the triggers after it.
    field_order = ["mood", "note", "reflection", "triggers", "own_triggers"]

    def clean(self):
        data = super().clean()
        own = [word for word in data.pop("own_triggers", "").split(",") if word.strip()]
        data["triggers"] = [*data.get("triggers", []), *own]
        return data


class CheckInForm(_TriggersForm):
    """One tap: each mood is a submit button of this form (name=mood, value 1 to 5); the
    private note rides along when it was opened and filled."""

    id_prefix = "check_in"

    mood = forms.TypedChoiceField(
        label="How are you today? (optional)",
        choices=MOODS,
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Choose one of the five moods, or leave it blank."},
    )
    note = _private_note()

    # (value, words) for the template's buttons, lowest first.
    mood_buttons = list(MOOD_WORDS.items())


# "Something happened": what happened, as a URL slug, and the contact kind it records. The
# first three are kept in the history and the streak goes on; the last two end it, and a new
# streak starts from today (accounts.services.log_contact_event).
HAPPENINGS = {
    "they-reached-out": ContactEvent.Kind.THEY_REACHED_OUT,
    "looked-at-their-profile": ContactEvent.Kind.LOOKED,
    "logistics": ContactEvent.Kind.LOGISTICS,
    "i-reached-out": ContactEvent.Kind.I_REACHED_OUT,
    "i-replied": ContactEvent.Kind.I_REPLIED,
}


class LoggedContactForm(_TriggersForm):
    """Contact that never resets anything: an optional private note."""

    id_prefix = "contact"

    note = _private_note()


class EndingContactForm(_TriggersForm):
    """The member's own contact, which ends the streak: an optional private reflection."""

    id_prefix = "end"

    reflection = _text(
        label="A private reflection (optional)",
        max_length=NOTE_MAX,
        rows=4,
        help_text="What led up to it, what you'd like to remember. Only you can see this.",
    )


def happened_form_for(kind: str):
    return EndingContactForm if kind in ContactEvent.ENDS_STREAK else LoggedContactForm


class UrgeReasonForm(forms.Form):
    text = forms.CharField(
        label="A reason for no contact",
        max_length=REASON_MAX,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": "Write a few words — your reason, in your own words.",
            "max_length": f"Please keep a reason under {REASON_MAX} characters "
            "(it has %(show_value)d). You could split it into two.",
            "null_characters_not_allowed": NUL_ERROR,
        },
    )


class UnsentMessageForm(forms.Form):
    body = _text(
        label="What you want to say to them",
        max_length=UNSENT_MAX,
        required=True,
        rows=6,
        help_text="This is saved privately and never sent to anyone.",
        errors={"required": "The box is empty — write whatever you need to, then save it."},
    )
