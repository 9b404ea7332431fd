"""Every way in asks for the same proof (ASVS 6.3.3, 6.4.3): the admin's own log-in page
sends everyone to the site's log-in (allauth), so staff meet the same rate limits and second
factor there — Django's admin login would otherwise check only the password, for the
accounts that can do the most — and a password reset does not sign anyone in past their
second factor."""

import re
import time
from http import HTTPStatus

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests import factories


def current_totp(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def with_totp(user):
    # Call it under the mid_window fixture: a code computed at the end of a 30-second window
    # may be checked in the next one, and the activation then fails at random.
    client = Client()
    client.force_login(user)
    client.post(reverse("account_reauthenticate"), {"password": factories.PASSWORD})
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    client.post(reverse("mfa_activate_totp"), {"code": current_totp(secret)})
    assert user.authenticator_set.filter(type="totp").exists()
    return secret


def test_admin_login_with_only_a_password_does_not_sign_staff_in(staff, mid_window):
    with_totp(staff)
    client = Client()
    response = client.post(
        reverse("admin:login"),
        {"username": staff.username, "password": factories.PASSWORD, "next": "/admin/"},
    )
    assert not client.get(reverse("forum:home")).wsgi_request.user.is_authenticated
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("account_login"))


def test_admin_login_sends_visitors_to_the_sites_login(db):
    response = Client().get(reverse("admin:login"))
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("account_login"))
    assert Client().get(reverse("admin:index")).url.startswith(reverse("admin:login"))


def test_staff_signed_in_through_the_site_reach_the_admin(staff):
    client = Client()
    client.force_login(staff)
    assert client.get(reverse("admin:index")).status_code == HTTPStatus.OK


def test_password_reset_does_not_skip_the_second_factor(member, mid_window):
    with_totp(member)
    client = Client()
    client.post(reverse("account_reset_password"), {"email": member.email})
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"password1": "a brand new evening", "password2": "a brand new evening"},
    )
    member.refresh_from_db()
    assert member.check_password("a brand new evening")
    assert not client.get(reverse("forum:home")).wsgi_request.user.is_authenticated
    # Logging in with the new password still stops at the second factor.
    response = client.post(
        reverse("account_login"), {"login": member.username, "password": "a brand new evening"}
    )
    assert response.url == reverse("mfa_authenticate")
    assert not client.get(reverse("forum:home")).wsgi_request.user.is_authenticated


@pytest.fixture
def mid_window():
    """Time stands still early in a 30-second TOTP window: no code expires mid-test."""
    start = (int(time.time()) // 30 + 2) * 30 + 5
    with time_machine.travel(start, tick=False):
        yield


def _password_step(client, user):
    response = client.post(
        reverse("account_login"), {"login": user.username, "password": factories.PASSWORD}
    )
    assert response.url == reverse("mfa_authenticate")


def test_second_factor_guessing_is_rate_limited(member, mid_window):
    secret = with_totp(member)
    client = Client()
    _password_step(client, member)
    for guess in range(6):
        client.post(reverse("mfa_authenticate"), {"code": f"{guess:06d}"})
    client.post(reverse("mfa_authenticate"), {"code": current_totp(secret)})
    assert not client.get(reverse("forum:home")).wsgi_request.user.is_authenticated


def test_a_totp_code_signs_in_once(member, mid_window):
    secret = with_totp(member)
    first, second = Client(), Client()
    code = current_totp(secret)
    _password_step(first, member)
    first.post(reverse("mfa_authenticate"), {"code": code})
    assert first.get(reverse("forum:home")).wsgi_request.user == member
    _password_step(second, member)
    second.post(reverse("mfa_authenticate"), {"code": code})  # replayed within its 30 s
    assert not second.get(reverse("forum:home")).wsgi_request.user.is_authenticated


def test_a_reset_link_works_once(member):
    client = Client()
    client.post(reverse("account_reset_password"), {"email": member.email})
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"password1": "a brand new evening", "password2": "a brand new evening"},
    )
    member.refresh_from_db()
    assert member.check_password("a brand new evening")
    again = Client()
    page = again.get(link, follow=True)
    again.post(
        page.redirect_chain[-1][0] if page.redirect_chain else link,
        {"password1": "the thief's evening", "password2": "the thief's evening"},
    )
    member.refresh_from_db()
    assert member.check_password("a brand new evening")


def test_a_reset_link_expires(member, settings):
    client = Client()
    client.post(reverse("account_reset_password"), {"email": member.email})
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)
    with time_machine.travel(time.time() + settings.PASSWORD_RESET_TIMEOUT + 60):
        page = client.get(link, follow=True)
        client.post(
            page.redirect_chain[-1][0] if page.redirect_chain else link,
            {"password1": "a brand new evening", "password2": "a brand new evening"},
        )
    member.refresh_from_db()
    assert member.check_password(factories.PASSWORD)
