"""User enumeration: nobody can learn whether an email address has an account here — not at
sign-up, not from a password reset, not from log-in errors, not by adding an address to
their own account. Each pair of requests is compared as a visitor sees it: status, redirect,
the page after following it (with CSRF tokens and the typed address blanked) and the
flashed messages. ACCOUNT_PREVENT_ENUMERATION (allauth) does this; the tests fail without it.

Usernames are public on a forum (every post shows one, /u/<name>/ is a profile), so sign-up
may say a name is taken; it must not reveal anything about the email behind it.
"""

import re
from http import HTTPStatus

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests import factories

KNOWN = "rowan@example.org"
UNKNOWN = "nobody-here@example.org"


def seen(response, *addresses) -> tuple:
    """What a visitor sees of a response: status, Location, page text and messages."""
    text = response.content.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)
    for address in addresses:
        text = text.replace(address, "ADDRESS")
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    for address in addresses:
        messages = [message.replace(address, "ADDRESS") for message in messages]
    return response.status_code, response.headers.get("Location"), text, messages


def visit(path, data, *addresses, client=None):
    """POST and follow the redirects; what the visitor saw at each step."""
    client = client or Client()
    response = client.post(path, data)
    steps = [seen(response, *addresses)[:2]]
    final = client.get(response.headers["Location"]) if response.status_code == 302 else response
    return steps, seen(final, *addresses)


def _signup_data(username, email):
    return {
        "username": username,
        "email": email,
        "password1": "a long quiet evening",
        "password2": "a long quiet evening",
    }


def test_signup_with_a_taken_email_looks_like_a_fresh_one(member):
    taken = visit(reverse("account_signup"), _signup_data("leaf_one", KNOWN), KNOWN)
    fresh = visit(reverse("account_signup"), _signup_data("leaf_two", UNKNOWN), UNKNOWN)
    assert taken == fresh
    assert taken[0][0] == (HTTPStatus.FOUND, reverse("account_email_verification_sent"))
    # No second account for the address; its owner hears about the attempt by email.
    assert User.objects.filter(email__iexact=KNOWN).count() == 1
    assert KNOWN in [message.to[0] for message in mail.outbox]


def test_signup_with_a_taken_email_in_other_case_looks_like_a_fresh_one(member):
    taken = visit(reverse("account_signup"), _signup_data("leaf_one", "ROWAN@Example.org"))
    fresh = visit(reverse("account_signup"), _signup_data("leaf_two", "NOBODY@Example.org"))
    assert taken[0] == fresh[0]
    assert User.objects.filter(email__iexact=KNOWN).count() == 1


def test_signup_with_a_taken_username_says_only_that_the_name_is_taken(member):
    response = Client().post(reverse("account_signup"), _signup_data("rowan", UNKNOWN))
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors["username"] == [
        "That name is taken. Try adding a word or a number."
    ]
    # Nothing about the account behind the name: not its address, not its state.
    assert KNOWN not in response.content.decode()
    assert "email" not in response.context["form"].errors


def test_password_reset_known_and_unknown_look_the_same(member):
    known = visit(reverse("account_reset_password"), {"email": KNOWN}, KNOWN)
    unknown = visit(reverse("account_reset_password"), {"email": UNKNOWN}, UNKNOWN)
    assert known == unknown
    assert known[0][0] == (HTTPStatus.FOUND, reverse("account_reset_password_done"))
    # Only the owner of the account gets a link to reset it.
    reset_links = [m for m in mail.outbox if "/password/reset/key/" in m.body]
    assert [m.to for m in reset_links] == [[KNOWN]]


def test_password_reset_for_an_unverified_address_looks_the_same(db):
    factories.make_member(username="quiet", email="quiet@example.org", verified=False)
    unverified = visit(
        reverse("account_reset_password"), {"email": "quiet@example.org"}, "quiet@example.org"
    )
    unknown = visit(reverse("account_reset_password"), {"email": UNKNOWN}, UNKNOWN)
    assert unverified == unknown


@pytest.mark.parametrize(
    "login",
    ["nobody_here", UNKNOWN, "rowan", KNOWN],
    ids=["unknown_name", "unknown_email", "known_name_wrong_password", "known_email_wrong"],
)
def test_login_error_is_the_same_for_known_and_unknown_accounts(member, login):
    response = Client().post(reverse("account_login"), {"login": login, "password": "wrong pw"})
    assert response.status_code == HTTPStatus.OK
    errors = response.context["form"].non_field_errors()
    # The reference is an account that does not exist, typed the same way (name or address):
    # allauth words the error by what was typed, never by what exists.
    other = "someone_else@example.org" if "@" in login else "someone_else"
    reference = Client().post(reverse("account_login"), {"login": other, "password": "wrong pw"})
    assert list(errors) == list(reference.context["form"].non_field_errors())
    assert errors  # there is an error, and it is this one for everyone
    page = response.content.decode().replace(login, "LOGIN")
    reference_page = reference.content.decode().replace(other, "LOGIN")
    strip = lambda text: re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)  # noqa: E731
    assert strip(page) == strip(reference_page)


def test_adding_a_taken_address_looks_like_adding_a_fresh_one(member, other_member):
    """A member adding another member's address to their own account learns nothing."""
    client = Client()
    client.force_login(member)
    client.post(reverse("account_reauthenticate"), {"password": factories.PASSWORD})
    taken = visit(
        reverse("account_email"),
        {"action_add": "", "email": other_member.email},
        other_member.email,
        client=client,
    )
    fresh = visit(
        reverse("account_email"), {"action_add": "", "email": UNKNOWN}, UNKNOWN, client=client
    )
    assert taken[0] == fresh[0]
    assert taken[1][:2] == fresh[1][:2]
    assert taken[1][3] == fresh[1][3]  # the same message
