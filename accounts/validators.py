"""Username rules: 3–30 characters of letters, digits, `_` and `-`.

ASCII only, so that a name reads the same to everyone and cannot hide look-alike
letters; look-alikes of existing names are refused separately (accounts.adapters)."""

from django.core.validators import MaxLengthValidator, RegexValidator

USERNAME_PATTERN = r"^[A-Za-z0-9_-]{3,30}\Z"

username_format = RegexValidator(
    USERNAME_PATTERN,
    message="Use 3–30 letters, numbers, underscores or hyphens — no spaces or other symbols.",
    code="invalid_username",
)

USERNAME_VALIDATORS = [username_format, MaxLengthValidator(30)]
