"""The push settings' forms: a device's subscription (filled in by static/js/app.js from the
browser's PushSubscription) and the quiet hours."""

import base64
import binascii

from django import forms

from accounts.models import PushSubscription

HOURS = [("", "No quiet hours")] + [(str(h), f"{h:02d}:00") for h in range(24)]


def _is_base64url(value: str, length: int) -> bool:
    try:
        return len(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))) == length
    except (binascii.Error, ValueError):
        return False


class DeviceForm(forms.Form):
    """A browser's subscription: its push service endpoint (https, as every browser's is) and
    its two keys. The keys are checked for their length so a bad one fails here, not in the
    task."""

    endpoint = forms.URLField(
        max_length=PushSubscription._meta.get_field("endpoint").max_length,
        assume_scheme="https",
        error_messages={"required": "This browser did not give us its push address."},
    )
    p256dh = forms.CharField(max_length=200, required=False)
    auth = forms.CharField(max_length=100, required=False)

    error_messages = {
        "keys": "This browser's push keys did not look right. Please try turning it on again.",
        "insecure": "Push needs a secure (https) push address.",
    }

    def __init__(self, *args, need_keys=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.need_keys = need_keys

    def clean(self):
        data = super().clean()
        endpoint = data.get("endpoint", "")
        # Every browser's push service is https; refusing anything else also keeps the
        # server from being pointed at plain-http addresses inside the network.
        if endpoint and not endpoint.startswith("https://"):
            raise forms.ValidationError(self.error_messages["insecure"], code="insecure")
        if self.need_keys and not (
            _is_base64url(data.get("p256dh", ""), 65) and _is_base64url(data.get("auth", ""), 16)
        ):
            raise forms.ValidationError(self.error_messages["keys"], code="keys")
        return data


class QuietHoursForm(forms.Form):
    quiet_from = forms.TypedChoiceField(
        label="Quiet from", choices=HOURS, coerce=int, empty_value=None, required=False
    )
    quiet_until = forms.TypedChoiceField(
        label="Until", choices=HOURS, coerce=int, empty_value=None, required=False
    )

    error_messages = {
        "both": "Choose both a start and an end for your quiet hours, or neither.",
        "too_fast": "That was a lot of changes at once. Please wait a minute and try again.",
    }

    def clean(self):
        data = super().clean()
        if (data.get("quiet_from") is None) != (data.get("quiet_until") is None):
            raise forms.ValidationError(self.error_messages["both"], code="both")
        return data
