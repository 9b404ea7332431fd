"""The buddy forms (accounts/buddies/views.py). They own their kind words; cleaned_data
becomes the services' keyword arguments. Pings and replies are choices, never free text: a
button per template, each submitting the same form with its value."""

from django import forms

from accounts.models import PingMessage, PingReply
from accounts.streaks.forms import NUL_ERROR


class BuddyInviteForm(forms.Form):
    username = forms.CharField(
        label="Their username",
        max_length=150,
        strip=True,
        help_text="Someone you trust here. They'll see your invitation on their buddy page.",
        error_messages={
            "required": "Type the username of the member you'd like to invite.",
            "max_length": "Usernames are at most 150 characters.",
            "null_characters_not_allowed": NUL_ERROR,
            "not_found": "We couldn't find a member with that username. Check the spelling?",
        },
    )


class BuddyPingForm(forms.Form):
    message = forms.ChoiceField(
        choices=PingMessage.choices,
        error_messages={
            "required": "Please choose one of the messages.",
            "invalid_choice": "Please choose one of the messages.",
        },
    )


class BuddyReplyForm(forms.Form):
    reply = forms.ChoiceField(
        choices=PingReply.choices,
        error_messages={
            "required": "Please choose one of the replies.",
            "invalid_choice": "Please choose one of the replies.",
        },
    )
