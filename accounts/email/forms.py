"""The member's email choices (/settings/email/)."""

from django import forms

from accounts.models import EmailDelivery
from core import ratelimit


class EmailPreferencesForm(forms.Form):
    """One checkbox per kind of email and one choice of delivery. Its cleaned_data are the
    keyword arguments of accounts.email.sending.update_email_preferences. A plain Form, not a
    ModelForm: validating must not change the member object before the service compares the
    old delivery with the new one."""

    email_replies = forms.BooleanField(
        required=False, label="Replies to my posts and in threads I follow"
    )
    email_mentions = forms.BooleanField(required=False, label="When someone mentions me (@my-name)")
    email_moderation = forms.BooleanField(
        required=False,
        label="Moderators' decisions about my posts, reports and account",
        help_text="These come straight away, even with the daily digest: they can change "
        "what you are able to do on the site.",
    )
    email_milestones = forms.BooleanField(required=False, label="Milestones I reach in my streak")
    email_care = forms.BooleanField(
        required=False,
        label="Check-ins from Holdfast, and care alerts if I'm a guide or moderator",
        help_text="A check-in comes at most once a day, when someone is worried about you.",
    )
    email_delivery = forms.ChoiceField(
        label="When should we email you?",
        choices=EmailDelivery.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Please choose when we should email you.",
            "invalid_choice": "Please choose one of the three options.",
        },
    )

    error_messages = {
        "too_fast": ratelimit.TOO_FAST,
    }

    @classmethod
    def for_member(cls, member, data=None):
        initial = {name: getattr(member, name) for name in cls.base_fields}
        return cls(data, initial=initial)
