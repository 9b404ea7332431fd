"""Forms for members' own settings. They own validation and its kind messages (tests check
them by key); cleaned_data becomes the keyword arguments of an accounts.services function."""

import functools
import re
import zoneinfo

from allauth.account.forms import (
    ChangePasswordForm,
    LoginForm,
    ResetPasswordForm,
    ResetPasswordKeyForm,
    SetPasswordForm,
    SignupForm,
)
from django import forms
from django.contrib.auth.hashers import make_password

from accounts import hooks, names
from accounts.models import User
from accounts.streaks import helplines
from accounts.streaks.forms import StartStreakForm
from core.confusables import (
    MAX_MARKS_PER_CHARACTER,
    skeleton,
    strip_disguises,
    too_many_marks,
    without_direction_controls,
)

DISPLAY_NAME_MAX = User._meta.get_field("display_name").max_length
BIO_MAX = User._meta.get_field("bio").max_length


class HoldfastVoice:
    """allauth's forms in our voice: labels in sentence case ("Remember me", not "Remember
    Me") and no placeholders (every field has a visible label; a placeholder repeating it
    only looks like text already typed)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            label = str(field.label or "")
            field.label = label[:1].upper() + label[1:].lower()
            field.widget.attrs.pop("placeholder", None)


class MemberLoginForm(HoldfastVoice, LoginForm):
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


class MemberChangePasswordForm(HoldfastVoice, ChangePasswordForm):
    pass


class MemberSetPasswordForm(HoldfastVoice, SetPasswordForm):
    pass


class MemberResetPasswordForm(HoldfastVoice, ResetPasswordForm):
    pass


class MemberResetPasswordKeyForm(HoldfastVoice, ResetPasswordKeyForm):
    pass


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

    # The crisis lines shown to the member (accounts.streaks.helplines); suggested from the
    # time zone until they choose.
    country = forms.ChoiceField(
        label="Your country, for crisis lines",
        required=False,
        choices=lambda: (
            [("", "Another country (show the worldwide directory)")] + helplines.country_choices()
        ),
        help_text="When things get hard, we show you the crisis lines for this country.",
        error_messages={"invalid_choice": "Choose a country from the list, or “Another country”."},
    )

    class Meta:
        model = User
        fields = [
            "display_name",
            "bio",
            "time_zone",
            "country",
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
            if name not in self.fields:  # DisplayNameForm asks only for the name
                continue
            field = self.fields[name]
            field.validators = []
            field.max_length = None
        self.fields["display_name"].widget.attrs["maxlength"] = DISPLAY_NAME_MAX
        if "bio" in self.fields:
            self.fields["bio"].widget.attrs["maxlength"] = BIO_MAX
        if "country" in self.fields and not self.instance.country and not self.is_bound:
            self.initial["country"] = helplines.suggest_country(self.instance.time_zone)

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
        return _screened(self.instance, name)

    def clean_bio(self) -> str:
        # Browsers count a line break as one character and send two ("\r\n"): count as
        # they do, so that a bio the textarea accepted is never refused here.
        bio = self.cleaned_data["bio"].replace("\r\n", "\n").strip()
        if "\x00" in bio:
            raise self._error("null_characters")
        if len(bio) > BIO_MAX:
            raise self._error("bio_max_length", length=len(bio))
        return _screened(self.instance, bio)


def _screened(member, text: str) -> str:
    """The text, once watched words and the privacy screen allow it on a public profile
    (moderation's, through accounts.hooks); its sentences become the field's errors."""
    problems = hooks.screen_member_text(member, text)
    if problems:
        raise forms.ValidationError(problems, code="screened")
    return text


class MemberSignupForm(HoldfastVoice, SignupForm):
    """allauth's sign-up form, in our voice, with the member's time zone: set from the
    browser by static/js/onboarding.js (Intl.DateTimeFormat), a list to pick from without
    JavaScript (UTC until they do). accounts.adapters.AccountAdapter.save_user keeps it."""

    error_messages = {
        "time_zone_invalid": "Choose a time zone from the list (for example Europe/London).",
    }

    time_zone = forms.ChoiceField(
        label="Your time zone",
        choices=time_zone_choices,
        required=False,
        initial="UTC",
        help_text="Your streak's days and check-ins follow your own calendar. We fill this in "
        "from your device; change it if it's wrong.",
        widget=forms.Select(attrs={"data-detect-time-zone": ""}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].error_messages["invalid_choice"] = self.error_messages[
            "time_zone_invalid"
        ]
        self.order_fields([name for name in self.fields if name != "time_zone"])  # last
        self.fields["username"].help_text = (
            "The name others see beside your posts. Please don't use your real name: a "
            "nickname keeps you anonymous here."
        )

    def clean_time_zone(self) -> str:
        return self.cleaned_data["time_zone"] or "UTC"

    def try_save(self, request):
        if self.account_already_exists:
            # allauth sends the owner an "account already exists" email instead of creating
            # an account (no enumeration by the page); the account it would have created
            # costs a password hash. Hashing here too makes both answers take as long.
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)


class DisplayNameForm(ProfileForm):
    """The welcome's first step: only the display name, with the settings page's rules."""

    time_zone = None  # the settings form's declared fields, not asked here
    country = None

    class Meta(ProfileForm.Meta):
        fields = ["display_name"]
        labels = {"display_name": "What should we call you?"}
        help_texts = {
            "display_name": "Shown beside your posts instead of your username. A nickname is "
            "best — please don't use your real name. Leave it empty to use your username."
        }


class LastContactForm(StartStreakForm):
    """The welcome's second step: the streak page's start form, asked as a question."""

    id_prefix = "welcome"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["started_on"]
        field.label = "The day of your last contact"
        field.help_text = (
            "Your streak counts from this day. Today is fine; so is an earlier day, which "
            "is shown as self-reported. You can change it later on your streak page."
        )


class DiscreetModeForm(forms.ModelForm):
    """/settings/discreet/: a neutral tab title and icon, neutral email subjects."""

    class Meta:
        model = User
        fields = ["discreet_mode"]
        labels = {"discreet_mode": "Use discreet mode"}
        help_texts = {
            "discreet_mode": "Tabs show “Notes” with a plain icon, and our emails have plain "
            "subjects that never mention no contact, an ex or anyone's name."
        }
