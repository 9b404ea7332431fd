"""Guessing a member's password is slowed down, and nobody else can lock them out for long
(accounts.lockouts; docs/security.md says why). The probe: five wrong passwords locked a member
out for five minutes, the username and the email counted separately (ten guesses an account),
and anyone could lock anyone out."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import lockouts
from accounts.adapters import AccountAdapter
from tests import factories

PAUSED = AccountAdapter.error_messages["too_many_login_attempts"]
WRONG = "not the right one at all"


def attempt(login, password, *, address="203.0.113.1"):
    client = Client(REMOTE_ADDR=address)
    response = client.post(reverse("account_login"), {"login": login, "password": password})
    return response, client


def signed_in(client) -> bool:
    return client.get(reverse("forum:home")).wsgi_request.user.is_authenticated


def paused(response) -> bool:
    return PAUSED in response.content.decode()


@pytest.fixture
def start():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def test_username_and_email_count_as_one_account(member, start):
    for login in ["rowan", "rowan@example.org", "ROWAN", "Rowan@Example.org", "rowan"]:
        assert not paused(attempt(login, WRONG)[0])
    # The sixth wrong password from this address, whichever way the account is named.
    response, client = attempt("rowan@example.org", factories.PASSWORD)
    assert paused(response) and not signed_in(client)


def test_waits_grow_after_the_free_tries_and_a_right_password_clears_them(member, start):
    for _ in range(lockouts.FREE_TRIES):
        attempt("rowan", WRONG)
    assert paused(attempt("rowan", factories.PASSWORD)[0])  # not checked while waiting
    start.shift(timedelta(seconds=lockouts.FIRST_WAIT + 1))
    assert not paused(attempt("rowan", WRONG)[0])  # one more try, wrong: the wait doubles
    start.shift(timedelta(seconds=lockouts.FIRST_WAIT + 1))
    assert paused(attempt("rowan", factories.PASSWORD)[0])
    start.shift(timedelta(seconds=lockouts.FIRST_WAIT + 1))
    response, client = attempt("rowan", factories.PASSWORD)
    assert signed_in(client)
    assert not paused(attempt("rowan", WRONG)[0])  # the count started again


def test_someone_else_cannot_lock_a_member_out(member, start):
    # Forty wrong passwords from one address, by username and by email.
    for number in range(40):
        login = "rowan" if number % 2 else "rowan@example.org"
        attempt(login, WRONG, address="198.51.100.7")
        start.shift(timedelta(seconds=2))
    assert paused(attempt("rowan", WRONG, address="198.51.100.7")[0])

    # The member, on their own phone, is not affected at all.
    response, client = attempt("rowan", factories.PASSWORD, address="203.0.113.1")
    assert signed_in(client)


def test_guessing_from_many_addresses_slows_the_account_for_a_minute_at_most(member, start):
    # The member logged in from home once; then guesses arrive from many addresses.
    assert signed_in(attempt("rowan", factories.PASSWORD, address="203.0.113.1")[1])
    for number in range(lockouts.ACCOUNT_FREE_TRIES + 5):
        attempt("rowan@example.org", WRONG, address=f"198.51.{number // 250}.{number % 250}")

    # A new address waits, but only ACCOUNT_WAIT seconds...
    assert paused(attempt("rowan", factories.PASSWORD, address="192.0.2.50")[0])
    start.shift(timedelta(seconds=lockouts.ACCOUNT_WAIT + 1))
    assert signed_in(attempt("rowan", factories.PASSWORD, address="192.0.2.50")[1])
    # ...and the member's own address never does.
    attempt("rowan", WRONG, address="198.51.9.9")
    assert paused(attempt("rowan", factories.PASSWORD, address="192.0.2.51")[0])
    assert signed_in(attempt("rowan", factories.PASSWORD, address="203.0.113.1")[1])


def test_unknown_logins_are_paused_alike(member, start):
    # Nothing tells a registered login from an unknown one, pauses included.
    for _ in range(lockouts.FREE_TRIES):
        attempt("nobody@example.org", WRONG)
    assert paused(attempt("nobody@example.org", WRONG)[0])


def test_address_wait_doubles_up_to_the_longest():
    waits = [lockouts._address_wait(failures) for failures in range(12)]
    assert waits[: lockouts.FREE_TRIES] == [0] * lockouts.FREE_TRIES
    assert waits[lockouts.FREE_TRIES : lockouts.FREE_TRIES + 3] == [30, 60, 120]
    assert max(waits) == lockouts.LONGEST_WAIT


def test_the_account_wide_count_does_not_start_again_on_the_hour():
    # CI once ran the test above a minute before the hour, and the guesses' hour ended with it.
    before_the_hour = 3600 * 493_000 - 10.0
    for number in range(lockouts.ACCOUNT_FREE_TRIES + 5):
        lockouts.record_failure("42", f"198.51.0.{number}", now=before_the_hour)

    after_the_wait = before_the_hour + lockouts.ACCOUNT_WAIT + 1
    assert lockouts.seconds_to_wait("42", "192.0.2.50", now=after_the_wait) == 0
    lockouts.record_failure("42", "198.51.9.9", now=after_the_wait)
    assert lockouts.seconds_to_wait("42", "192.0.2.51", now=after_the_wait) == lockouts.ACCOUNT_WAIT
