"""Timing tells nothing: sign-up with a taken email and log-in by a registered email take as
long as with an unknown one. The probe measured a taken email at sign-up in 10-74 ms and a
new one in 374-699 ms (only the new one hashed a password), and log-in by a registered email
in 1.03-1.22 s against 0.70-0.78 s for an unknown one (one password hash more).

The suite hashes with MD5 to be fast (tests/settings.py), which would hide the difference:
these tests use PBKDF2, Django's default, with fewer rounds so that a hash costs tens of
milliseconds rather than hundreds — still far more than anything else in the request, as in
production. Requests alternate between the two paths and their least times are compared. The
time is this process's CPU time (the test client runs the view in it): the work done is what
must not differ, and a machine busy with other work does not blur it.
"""

import time

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from tests import factories

TRIES = 7


class RealisticHasher(PBKDF2PasswordHasher):
    """PBKDF2-SHA256 at 300,000 rounds: about 70 ms here (Django's 1,200,000 take ~0.3 s)."""

    iterations = 300_000


realistic_hasher = override_settings(
    PASSWORD_HASHERS=[
        "tests.security.test_timing.RealisticHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
)


def timed(request) -> float:
    # The rate limits count failed log-ins and sign-ups: start each try from a clean count,
    # so that no try is refused early (which would be fast).
    cache.clear()
    start = time.process_time()
    request()
    return time.process_time() - start


def assert_alike(first: list[float], second: list[float]) -> None:
    # The least of each path's tries: noise only ever adds CPU time (on 7 December 2026 the
    # same request took 0.24-0.47 s of it from one try to the next, and two medians fell
    # 140 ms apart), while one password hash more is in every try of its path.
    a, b = min(first), min(second)
    # Within 25 % or 30 ms, whichever is larger: one password hash more is ~70 ms and 30-50 %.
    allowed = max(0.030, 0.25 * max(a, b))
    assert abs(a - b) <= allowed, f"least times {a * 1000:.0f} ms and {b * 1000:.0f} ms"


def _letters(number: int) -> str:
    # Names that differ in letters: "leaf1" and "leaf2" would be look-alikes.
    return "".join("abcdefghjk"[int(digit)] for digit in str(number))


@pytest.fixture
def registered(db):
    with realistic_hasher:
        return factories.make_member(username="rowan", email="rowan@example.org")


@realistic_hasher
def test_signup_takes_as_long_with_a_taken_email_as_with_a_new_one(registered):
    def sign_up(number: int, email: str):
        data = {
            "username": f"leaf_{_letters(number)}",
            "email": email,
            "password1": "a long quiet evening",
            "password2": "a long quiet evening",
        }
        return lambda: Client().post(reverse("account_signup"), data)

    taken, fresh = [], []
    sign_up(0, "warm-up@example.org")()
    for n in range(1, TRIES + 1):
        taken.append(timed(sign_up(2 * n, "rowan@example.org")))
        fresh.append(timed(sign_up(2 * n + 1, f"new{n}@example.org")))

    # Both paths did what they should: one email for each new address, and one "someone tried
    # to sign up with your address" for the taken one however often it was tried within the
    # hour (the outbox's content key: the same words to the same address are one message).
    assert len(mail.outbox) == 1 + TRIES + 1
    assert sum(message.to == ["rowan@example.org"] for message in mail.outbox) == 1
    assert_alike(taken, fresh)


@realistic_hasher
@pytest.mark.parametrize(
    ("known", "unknown"),
    [("rowan@example.org", "nobody@example.org"), ("rowan", "nobody")],
    ids=["email", "username"],
)
def test_login_takes_as_long_for_a_registered_login_as_for_an_unknown_one(
    registered, known, unknown
):
    def log_in(login: str):
        data = {"login": login, "password": "not the right one"}
        return lambda: Client().post(reverse("account_login"), data)

    log_in(known)()
    registered_times, unknown_times = [], []
    for _ in range(TRIES):
        registered_times.append(timed(log_in(known)))
        unknown_times.append(timed(log_in(unknown)))

    assert_alike(registered_times, unknown_times)
