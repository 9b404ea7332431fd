"""Settings for the app servers the scale tests start: the production settings, read from
the environment the test gives them, with one change — static files come from the finders
(no collectstatic in a test run), as in tests/settings.py."""

from config.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
