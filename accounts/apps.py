from django.apps import AppConfig
from django.core import validators

# Django refuses a NUL character in any form field with "Null characters are not allowed.",
# which means nothing to most people (it usually comes from pasting). Our own forms set a
# message per field; this one is for the forms we do not write (allauth's log-in, sign-up,
# password and email forms).
NUL_MESSAGE = (
    "This contains a hidden character we can't store (it often comes from pasting). "
    "Please type it again."
)


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Members"

    def ready(self):
        validators.ProhibitNullCharactersValidator.message = NUL_MESSAGE
        from accounts import checks  # noqa: F401  (registers the deployment checks)
        from accounts.page_cache import connect_signals

        connect_signals()  # members' cached pages forgotten on their writes
