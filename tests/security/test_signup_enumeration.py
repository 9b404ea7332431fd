"""Issue 15, item 7: sign-up gives the same page for a new and a taken email address, and the
owner of a taken address hears that someone tried. allauth's ACCOUNT_PREVENT_ENUMERATION
makes the page the same and sends the warning; ours are the words of the warning
(templates/account/email/account_already_exists_*), its delivery through the outbox
(AccountAdapter.send_mail) and the equal cost of both answers (MemberSignupForm.try_save).
The older pairwise checks are in test_enumeration.py."""

from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from outbox.models import OutgoingEmail
from tests import factories
from tests.security.test_enumeration import KNOWN, UNKNOWN, _signup_data, visit

WARNING = "[Holdfast] Someone tried to sign up with your address"


def test_signup_enumeration_taken_and_new_addresses_see_the_same_pages(member):
    taken = visit(reverse("account_signup"), _signup_data("leaf_one", KNOWN), KNOWN)
    fresh = visit(reverse("account_signup"), _signup_data("leaf_two", UNKNOWN), UNKNOWN)
    assert taken == fresh
    [(status, location)] = taken[0]
    assert (status, location) == (HTTPStatus.FOUND, reverse("account_email_verification_sent"))
    assert taken[1][0] == HTTPStatus.OK


def test_signup_enumeration_owner_is_told_someone_tried(member):
    visit(reverse("account_signup"), _signup_data("leaf_one", KNOWN), KNOWN)
    assert User.objects.filter(email__iexact=KNOWN).count() == 1  # no second account
    [warning] = [message for message in mail.outbox if message.to == [KNOWN]]
    assert warning.subject == WARNING
    assert "Someone just tried to sign up with your email address" in warning.body
    assert reverse("account_reset_password") in warning.body
    assert "leaf_one" not in warning.body  # nothing the stranger typed but the address
    # Through the outbox, like every email: a mail server that is down delays it.
    assert OutgoingEmail.objects.filter(to=KNOWN, subject=WARNING).exists()


def test_signup_enumeration_new_address_gets_a_confirmation_not_a_warning(db):
    visit(reverse("account_signup"), _signup_data("leaf_two", UNKNOWN), UNKNOWN)
    subjects = [message.subject for message in mail.outbox if message.to == [UNKNOWN]]
    assert subjects == ["[Holdfast] Please confirm your email address"]


@pytest.mark.parametrize("verified", [True, False])
def test_signup_enumeration_unverified_address_looks_the_same(db, verified):
    factories.make_member(username="quiet_one", email="quiet@example.org", verified=verified)
    taken = visit(reverse("account_signup"), _signup_data("leaf_one", "quiet@example.org"),
                  "quiet@example.org")  # fmt: skip
    fresh = visit(reverse("account_signup"), _signup_data("leaf_two", UNKNOWN), UNKNOWN)
    assert taken == fresh
    assert EmailAddress.objects.filter(email__iexact="quiet@example.org").count() == 1


def test_signup_enumeration_warning_subject_is_discreet(member):
    # Discreet or not, the warning's subject says nothing of the site's subject or anyone.
    visit(reverse("account_signup"), _signup_data("leaf_one", KNOWN), KNOWN)
    subject = next(message.subject for message in mail.outbox if message.to == [KNOWN])
    assert "contact" not in subject.lower() and " ex" not in subject.lower()
