"""Settings for the test suite: the real settings, read from a test environment,
with only what makes tests fast and deterministic changed."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("EMAIL_URL", "locmem://")
os.environ.setdefault("DATABASE_URL", "sqlite:///db-tests.sqlite3")
# Tasks run inside the request in tests, so their effects can be asserted at once.
os.environ.setdefault("TASKS_BACKEND", "immediate")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The test client and live_server speak plain http; HTTPS behaviour is tested with secure=True.
SECURE_SSL_REDIRECT = False
STATIC_ROOT = None
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The approval queue for new members' first posts is off for the suite, whose members are
# all new; the moderation tests that are about it switch it on with the `settings` fixture.
HOLDFAST_APPROVAL_POSTS = 0
