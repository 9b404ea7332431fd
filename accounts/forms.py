"""Forms for members' own settings. They own validation and its kind messages (tests check
them by key); cleaned_data becomes the keyword arguments of an accounts.services function."""

import functools
import re
import zoneinfo

from allauth.account.forms import LoginForm, SignupForm
from django import forms
from django.contrib.auth.hashers import make_password

from accounts import names
from accounts.confusables import (
    MAX_MARKS_PER_CHARACTER,
    skeleton,
    strip_disguises,
    too_many_marks,
    without_direction_controls,
)
from accounts.models import User

DISPLAY_NAME_MAX = User._meta.get_field("display_name").max_length
BIO_MAX = User._meta.get_field("bio").max_length


class MemberLoginForm(LoginForm):
    """allauth's log-in form with a label that says what to type."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Username or email"

    def user_credentials(self) -> dict:
        credentials = super().user_credentials()
        # allauth also tries an email as a username, for sites whose usernames may look like
        # one. Ours cannot hold "@" (accounts.validators), and the second try checked a
        # registered member's password twice: a taken email took one password hash longer
        # to refuse than an unknown one, which told them apart. Now either costs one hash.
        if "email" in credentials:
            credentials.pop("username", None)
        return credentials


class MemberSignupForm(SignupForm):
    """allauth's sign-up form, doing the same work whether or not the email is taken."""

    def try_save(self, request):
        if self.account_already_exists:
            # allauth sends the owner an "account already exists" email instead of creating
            # an account (no enumeration by the page); the account it would have created
            # costs a password hash. Hashing here too makes both answers take as long.
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)


@functools.cache
def time_zone_choices() -> list:
    """Every zone the zone database knows, as choices grouped by region ("Europe": "Lisbon",
    …), UTC first: six hundred names are easier to scan in groups on a phone. Read once a
    process."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for name in sorted(zoneinfo.available_timezones() - {"UTC"}):
        region, _, place = name.partition("/")
        if not place:
            region, place = "Other", name
        groups.setdefault(region, []).append((name, place.replace("_", " ").replace("/", " – ")))
    return [("UTC", "UTC"), *sorted(groups.items())]


class ProfileForm(forms.ModelForm):
    """/settings/profile/: what others see of the member and who may see it."""

    error_messages = {
        "display_name_max_length": (
            f"Please keep your display name to {DISPLAY_NAME_MAX} characters or fewer "
            "(it has %(length)d)."
        ),
        "display_name_invisible": (
            "Your display name seems to be made of invisible characters only. "
            "Type the name you'd like others to see, or leave it empty to use your username."
        ),
        "display_name_marks": (
            "Your display name has letters with many accents stacked on them, which draw over "
            f"the page. Please use at most {MAX_MARKS_PER_CHARACTER} on any letter."
        ),
        "display_name_confusable": (
            "That display name looks too much like another member's username. "
            "Please choose one that is clearly your own."
        ),
        "display_name_official": (
            "Names that sound official (admin, moderator, Holdfast, staff) are kept for the "
            "team, so nobody is misled. Please choose another."
        ),
        "bio_max_length": (
            f"Your bio is a little long: please keep it to {BIO_MAX:,} characters or fewer "
            "(it has %(length)d)."
        ),
        "null_characters": (
            "There's a character here we can't store. Try typing it again rather than pasting it."
        ),
    }

    time_zone = forms.ChoiceField(
        label="Your time zone",
        choices=time_zone_choices,
        help_text="Your streak's days and daily check-ins follow your own calendar.",
        error_messages={
            "required": "Choose your time zone, so your days are counted on your calendar.",
            "invalid_choice": "Choose a time zone from the list (for example Europe/London).",
        },
    )

    class Meta:
        model = User
        fields = [
            "display_name",
            "bio",
            "time_zone",
            "profile_visibility",
            "streak_visibility",
            "streak_display",
            "celebrate_milestones",
        ]
        labels = {
            "display_name": "Display name",
            "bio": "About you",
            "profile_visibility": "Who can see your bio, post count and recent posts",
            "streak_visibility": "Who can see your streak and milestone badges",
            "streak_display": "How others see your streak",
            "celebrate_milestones": (
                "When I reach a milestone, post a short note in “Daily check-ins” "
                "for others to cheer"
            ),
        }
        help_texts = {
            "display_name": "Shown instead of your username. Leave it empty to use your username.",
            "bio": "A few words about you, if you like. Markdown works: **bold**, *italic*, "
            "lists, links.",
            "streak_display": "You always see your exact days.",
            "streak_visibility": "This covers your profile, the badge beside your posts and "
            "the badge image you can embed elsewhere.",
        }
        widgets = {
            "display_name": forms.TextInput(attrs={"autocomplete": "nickname"}),
            "bio": forms.Textarea(attrs={"rows": 6}),
            "profile_visibility": forms.RadioSelect,
            "streak_visibility": forms.RadioSelect,
            "streak_display": forms.RadioSelect,
        }
        error_messages = {
            "profile_visibility": {
                "required": "Choose who can see your profile.",
                "invalid_choice": "Choose one of the options shown.",
            },
            "streak_visibility": {
                "required": "Choose who can see your streak.",
                "invalid_choice": "Choose one of the options shown.",
            },
            "streak_display": {
                "required": "Choose how others see your streak.",
                "invalid_choice": "Choose one of the options shown.",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Length is checked in clean_*() with our own words (the model's validators would
        # add Django's wording); the browser's maxlength stays as a gentle stop.
        for name in ("display_name", "bio"):
            field = self.fields[name]
            field.validators = []
            field.max_length = None
        self.fields["display_name"].widget.attrs["maxlength"] = DISPLAY_NAME_MAX
        self.fields["bio"].widget.attrs["maxlength"] = BIO_MAX

    def _error(self, key: str, **params):
        return forms.ValidationError(self.error_messages[key], code=key, params=params)

    def clean_display_name(self) -> str:
        # Direction overrides go first: "\u202enimda" must be judged as what it shows.
        name = " ".join(without_direction_controls(self.cleaned_data["display_name"]).split())
        if "\x00" in name:
            raise self._error("null_characters")
        if len(name) > DISPLAY_NAME_MAX:
            raise self._error("display_name_max_length", length=len(name))
        if not name:
            return ""
        if not strip_disguises(name).strip():
            raise self._error("display_name_invisible")
        if too_many_marks(name):
            raise self._error("display_name_marks")
        shape = skeleton(re.sub(r"\s+", "-", name))
        if not self.instance.is_staff and names.sounds_official(shape):
            raise self._error("display_name_official")
        others = User.objects.exclude(pk=self.instance.pk).filter(username_skeleton=shape)
        if shape != self.instance.username_skeleton and others.exists():
            raise self._error("display_name_confusable")
        return name

    def clean_bio(self) -> str:
        # Browsers count a line break as one character and send two ("\r\n"): count as
        # they do, so that a bio the textarea accepted is never refused here.
        bio = self.cleaned_data["bio"].replace("\r\n", "\n").strip()
        if "\x00" in bio:
            raise self._error("null_characters")
        if len(bio) > BIO_MAX:
            raise self._error("bio_max_length", length=len(bio))
        return bio
