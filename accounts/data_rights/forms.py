"""Forms for a member's data rights: confirming the deletion of their account."""

from django import forms

from core import ratelimit


class DeleteAccountForm(forms.Form):
    """The member's password (re-entered) and what becomes of their posts. A member without
    a password is asked to set one first (accounts.data_rights.views.delete_account)."""

    KEEP = "keep"
    DELETE = "delete"

    keep_posts = forms.ChoiceField(
        label="What should happen to your posts?",
        choices=[
            (KEEP, "Keep them, shown as by “former member”, so threads still make sense"),
            (DELETE, "Remove them and erase their words"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose what should happen to your posts."},
    )
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Please type your password, so we know it's really you."},
    )

    error_messages = {
        "wrong_password": "That password isn't right. Please try again.",
        "too_many": ratelimit.TOO_FAST,
    }

    def __init__(self, *args, member, allowed=True, **kwargs):
        # allowed=False: the member has used up their tries (core.ratelimit); the
        # password is then not even checked, so guessing gains nothing.
        super().__init__(*args, **kwargs)
        self.member = member
        self.allowed = allowed

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.allowed:
            raise forms.ValidationError(self.error_messages["too_many"], code="too_many")
        if not self.member.check_password(password):
            raise forms.ValidationError(
                self.error_messages["wrong_password"], code="wrong_password"
            )
        return password

    @property
    def keeps_posts(self) -> bool:
        return self.cleaned_data["keep_posts"] == self.KEEP
