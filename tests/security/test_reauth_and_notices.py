"""Re-authentication before changing what protects an account (email, 2FA; a password change
asks for the current password in the form itself), and
an email to the member whenever their password or email address changes, so a thief who
got in cannot quietly lock them out. allauth does both (ACCOUNT_REAUTHENTICATION_REQUIRED,
ACCOUNT_EMAIL_NOTIFICATIONS); these tests fail if either is switched off."""

import re
import time
from http import HTTPStatus

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests import factories

NEW_PASSWORD = "a brand new evening"
LATER = 15 * 60  # seconds: past allauth's five-minute grace after a log-in


def logged_in(member):
    """A client that logged in with the password (not force_login), as a person would."""
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": member.username, "password": factories.PASSWORD}
    )
    assert response.status_code == HTTPStatus.FOUND
    return client


def reauthenticate(client):
    response = client.post(reverse("account_reauthenticate"), {"password": factories.PASSWORD})
    assert response.status_code == HTTPStatus.FOUND


def asked_to_reauthenticate(response) -> bool:
    return response.status_code == HTTPStatus.FOUND and response.url.startswith(
        reverse("account_reauthenticate")
    )


def current_totp(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def _password_change(client):
    return client.post(
        reverse("account_change_password"),
        {"oldpassword": factories.PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )


def _email_add(client):
    return client.post(reverse("account_email"), {"action_add": "", "email": "thief@evil.example"})


def _totp_activate(client):
    return client.get(reverse("mfa_activate_totp"))


SENSITIVE = {"change_email": _email_add, "activate_2fa": _totp_activate}


@pytest.mark.parametrize("change", list(SENSITIVE))
def test_changes_need_the_password_again_after_a_while(member, change):
    start = time.time()
    with time_machine.travel(start, tick=False):
        client = logged_in(member)
    with time_machine.travel(start + LATER, tick=False):
        response = SENSITIVE[change](client)
        assert asked_to_reauthenticate(response), (response.status_code, response.get("Location"))
    member.refresh_from_db()
    assert member.check_password(factories.PASSWORD)
    assert not EmailAddress.objects.filter(email="thief@evil.example").exists()
    assert not member.authenticator_set.exists()


@pytest.mark.parametrize("change", list(SENSITIVE))
def test_a_session_that_never_gave_the_password_must_give_it(member, change):
    """A session signed in some other way (a stolen cookie's life is the model) is asked."""
    client = Client()
    client.force_login(member)
    assert asked_to_reauthenticate(SENSITIVE[change](client))


@pytest.mark.parametrize("change", list(SENSITIVE))
def test_after_reauthenticating_the_change_goes_ahead(member, change):
    client = Client()
    client.force_login(member)
    reauthenticate(client)
    response = SENSITIVE[change](client)
    assert not asked_to_reauthenticate(response)
    assert response.status_code in (HTTPStatus.OK, HTTPStatus.FOUND)


def test_password_change_needs_the_current_password(member):
    """allauth's change form asks for the current password, whatever the session's age: that
    is its re-authentication (so /accounts/password/change/ is not behind the other one)."""
    client = Client()
    client.force_login(member)
    for wrong in ("", "not my password"):
        response = client.post(
            reverse("account_change_password"),
            {"oldpassword": wrong, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
        assert response.status_code == HTTPStatus.OK
        assert response.context["form"].errors["oldpassword"]
    member.refresh_from_db()
    assert member.check_password(factories.PASSWORD)
    assert _password_change(client).status_code == HTTPStatus.FOUND  # with it, it goes ahead
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)


def test_deactivating_2fa_needs_the_password_again(member):
    client = Client()
    client.force_login(member)
    reauthenticate(client)
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    client.post(reverse("mfa_activate_totp"), {"code": current_totp(secret)})
    assert member.authenticator_set.filter(type="totp").exists()

    later = Client()
    later.force_login(member)  # a session that has not given the password
    assert asked_to_reauthenticate(later.get(reverse("mfa_deactivate_totp")))
    assert asked_to_reauthenticate(later.post(reverse("mfa_deactivate_totp")))
    assert asked_to_reauthenticate(later.get(reverse("mfa_generate_recovery_codes")))
    # The recovery codes are a second factor in themselves: showing them asks too.
    assert asked_to_reauthenticate(later.get(reverse("mfa_view_recovery_codes")))
    assert asked_to_reauthenticate(later.get(reverse("mfa_download_recovery_codes")))
    assert member.authenticator_set.filter(type="totp").exists()


# --- The member hears about it -----------------------------------------------------------


def mails_to(address):
    return [message for message in mail.outbox if address in message.to]


def test_member_is_emailed_when_their_password_changes(member):
    client = Client()
    client.force_login(member)
    reauthenticate(client)
    assert _password_change(client).status_code == HTTPStatus.FOUND
    [notice] = mails_to(member.email)
    assert "password" in notice.subject.lower()
    assert "changed" in notice.body.lower()


def test_member_is_emailed_when_their_password_is_reset(member, client):
    client.post(reverse("account_reset_password"), {"email": member.email})
    link = re.search(r"https?://[^/\s]+(/\S+)", mails_to(member.email)[-1].body).group(1)
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    notice = mails_to(member.email)[-1]
    assert "/password/reset/key/" not in notice.body  # a notice after the link, not the link
    assert "password" in notice.subject.lower()


def test_old_address_is_emailed_when_the_email_changes(member):
    old = member.email
    client = Client()
    client.force_login(member)
    reauthenticate(client)
    assert _email_add(client).status_code == HTTPStatus.FOUND
    # The new address gets a confirmation link; following it makes the change.
    [confirmation] = mails_to("thief@evil.example")
    link = re.search(r"https?://[^/\s]+(/\S+)", confirmation.body).group(1)
    client.post(link)
    assert EmailAddress.objects.get(user=member, primary=True).email == "thief@evil.example"
    notices = mails_to(old)
    assert notices, "the old address was not told"
    assert "email" in notices[-1].subject.lower()


# allauth sends this notice on commit, from inside the request: a transactional test lets the
# commit happen there, as it does on the site.
@pytest.mark.django_db(transaction=True)
def test_member_is_emailed_when_2fa_is_turned_on(member):
    client = Client()
    client.force_login(member)
    reauthenticate(client)
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    client.post(reverse("mfa_activate_totp"), {"code": current_totp(secret)})
    assert member.authenticator_set.filter(type="totp").exists()
    [notice] = mails_to(member.email)
    assert "authenticator" in notice.body.lower() or "two-factor" in notice.body.lower()
