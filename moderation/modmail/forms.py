"""Forms of the line to the moderators: they own validation and its kind messages; cleaned
data becomes the action's keyword arguments."""

from django import forms

BODY_MAX = 5000
BAD_CHARACTER = (
    "Your message contains a character we can't store. Try typing it rather than pasting it."
)


def _body_errors(what: str, limit: int) -> dict:
    return {
        "required": f"Please write your {what} — a few words are enough.",
        "max_length": f"Please keep your {what} under {limit:,} characters "
        "(it has %(show_value)d).",
        "null_characters_not_allowed": BAD_CHARACTER,
    }


class ModmailStartForm(forms.Form):
    subject = forms.CharField(
        label="What is it about?",
        max_length=120,
        error_messages={
            "required": "Please give your message a few words of subject.",
            "max_length": "Please keep the subject under 120 characters (it has %(show_value)d).",
            "null_characters_not_allowed": BAD_CHARACTER,
        },
    )
    body = forms.CharField(
        label="Your message",
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages=_body_errors("message", BODY_MAX),
    )


class ModmailReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply",
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=_body_errors("reply", BODY_MAX),
    )


class AppealForm(forms.Form):
    text = forms.CharField(
        label="Why should we look again?",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages=_body_errors("appeal", 3000),
    )


class AppealDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("keep", "Keep the decision"), ("overturn", "Overturn the decision")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Please choose whether to keep or overturn the decision.",
            "invalid_choice": "Please choose one of the two.",
        },
    )
    outcome = forms.CharField(
        label="What the member will read (why)",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=_body_errors("explanation", 2000),
    )


class StaffNoteForm(forms.Form):
    text = forms.CharField(
        label="New note (only moderators will see it)",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_body_errors("note", 1000),
    )
