"""Sign-up, verification, log-in, password reset, 2FA and rate limits, through
allauth's real views and our adapter."""

import re
import time
from http import HTTPStatus

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from django.urls import reverse

from accounts.adapters import AccountAdapter
from accounts.models import User
from tests import factories

SIGNUP = {
    "username": "new_leaf",
    "email": "leaf@example.org",
    "password1": "a long quiet evening",
    "password2": "a long quiet evening",
}


def link_in(message):
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def test_signup_sends_verification_and_confirming_logs_in(client, db):
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse("account_email_verification_sent")
    assert not response.wsgi_request.user.is_authenticated

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["leaf@example.org"]
    confirm_url = link_in(mail.outbox[0])
    client.post(confirm_url)

    home = client.get(reverse("forum:home"))
    assert home.wsgi_request.user.username == "new_leaf"


def test_signup_refuses_confusable_of_existing_name(client, db):
    factories.make_member(username="demo_member")
    response = client.post(reverse("account_signup"), {**SIGNUP, "username": "dem0-member"})
    assert response.status_code == HTTPStatus.OK
    assert "looks too much like an existing member" in response.content.decode()
    assert not User.objects.filter(username="dem0-member").exists()
    # The member's other input is kept for them to fix just the name.
    assert 'value="leaf@example.org"' in response.content.decode()


# The probe's names, each accepted before beside demo_member and demo_moderator.
@pytest.mark.parametrize(
    "username",
    [
        "demo__member",
        "demomember",
        "DemoMember",
        "demo_member1",
        "2demo-member",
        "dem0_member2",
    ],
)
def test_signup_refuses_look_alike_of_existing_name(client, db, username):
    factories.make_member(username="demo_member")
    response = client.post(reverse("account_signup"), {**SIGNUP, "username": username})
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors["username"] == [
        AccountAdapter.error_messages["username_confusable"]
    ]
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    "username",
    [
        "admin",
        "Administrator",
        "moderator",
        "mod",
        "staff",
        "support",
        "holdfast",
        "team",
        "official",
        "system",
        "root",
        "help",
        "holdfast_team",
        "mod_team",
        "HoldfastTeam",
        "the-admins",
        "help_desk",
        "demo_moderator_",
        "support-sam",
        "Adm1n",
        "noreply",
    ],
)
def test_signup_refuses_reserved_usernames(client, db, username):
    response = client.post(reverse("account_signup"), {**SIGNUP, "username": username})
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors["username"] == [
        AccountAdapter.error_messages["username_reserved"]
    ]
    assert not User.objects.exists()


@pytest.mark.parametrize(
    "username",
    [
        "stafford",
        "modesty",
        "helper",
        "teammate",
        "rooted",
        "sam_2",
        "demo_memory",
        "systematic_sam",
    ],
)
def test_signup_accepts_names_that_only_contain_reserved_letters(client, db, username):
    factories.make_member(username="demo_member")
    response = client.post(reverse("account_signup"), {**SIGNUP, "username": username})
    assert response.status_code == HTTPStatus.FOUND, response.context["form"].errors
    assert User.objects.get(email="leaf@example.org").username_look_alike


@pytest.mark.parametrize(
    ("new_name", "refused"),
    [("rowan_2", True), ("Row-an", True), ("staff_sam", False), ("willow", False)],
)
def test_admin_username_change_refuses_a_look_alike_of_another_member(
    member, staff, new_name, refused
):
    from accounts.admin import MemberChangeForm

    form = MemberChangeForm(instance=staff, data={"username": new_name})
    form.is_valid()
    assert ("username" in form.errors) is refused


@pytest.mark.parametrize("username", ["ab", "has space", "émile", "x" * 31, "semi;colon"])
def test_signup_refuses_malformed_usernames(client, db, username):
    response = client.post(reverse("account_signup"), {**SIGNUP, "username": username})
    assert response.status_code == HTTPStatus.OK
    assert not User.objects.filter(email="leaf@example.org").exists()


def test_signup_with_taken_email_does_not_reveal_the_account(client, db):
    factories.make_member(username="first", email="leaf@example.org")
    response = client.post(reverse("account_signup"), SIGNUP)
    # Same outcome as a fresh address: "check your inbox"; the owner gets an email instead.
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse("account_email_verification_sent")
    assert User.objects.filter(email="leaf@example.org").count() == 1
    assert mail.outbox[-1].to == ["leaf@example.org"]


@pytest.mark.parametrize("login", ["rowan", "rowan@example.org"])
def test_login_by_username_or_email(client, member, login):
    response = client.post(
        reverse("account_login"), {"login": login, "password": factories.PASSWORD}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert client.get("/").wsgi_request.user == member


def test_login_changes_the_session_key(client, member):
    client.get(reverse("account_login"))
    client.session.save()
    before = client.session.session_key
    client.post(reverse("account_login"), {"login": "rowan", "password": factories.PASSWORD})
    assert client.session.session_key != before


def test_unverified_member_cannot_log_in(client, db):
    factories.make_member(username="quiet", verified=False)
    client.post(reverse("account_login"), {"login": "quiet", "password": factories.PASSWORD})
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_repeated_failed_logins_are_rate_limited(client, member):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "rowan", "password": "wrong"})
    response = client.post(reverse("account_login"), {"login": "rowan", "password": "wrong"})
    assert "tries from here are paused" in response.content.decode()
    # Even the right password is refused while the limit holds.
    response = client.post(
        reverse("account_login"), {"login": "rowan", "password": factories.PASSWORD}
    )
    assert not response.wsgi_request.user.is_authenticated


def test_password_reset_same_response_for_known_and_unknown(client, member):
    known = client.post(reverse("account_reset_password"), {"email": "rowan@example.org"})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == HTTPStatus.FOUND
    assert known.url == unknown.url


def test_password_reset_link_sets_a_new_password(client, member):
    client.post(reverse("account_reset_password"), {"email": "rowan@example.org"})
    reset_url = link_in(mail.outbox[-1])
    form_page = client.get(reset_url, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else reset_url,
        {"password1": "a brand new evening", "password2": "a brand new evening"},
    )
    assert response.status_code == HTTPStatus.FOUND
    member.refresh_from_db()
    assert member.check_password("a brand new evening")
    # The member is told their password changed.
    assert any("password" in message.subject.lower() for message in mail.outbox[1:])


def current_totp(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def log_in(client, login="rowan", password=factories.PASSWORD):
    return client.post(reverse("account_login"), {"login": login, "password": password})


def test_totp_setup_then_login_requires_code(client, member):
    log_in(client)
    # Changing 2FA asks for the password again, even right after logging in.
    assert client.get(reverse("mfa_activate_totp")).url.startswith(
        reverse("account_reauthenticate")
    )
    client.post(reverse("account_reauthenticate"), {"password": factories.PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == HTTPStatus.OK
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": current_totp(secret)})
    assert response.status_code == HTTPStatus.FOUND
    assert member.authenticator_set.filter(type="totp").exists()
    client.post(reverse("account_logout"))

    with time_machine.travel(time.time() + 60):
        response = log_in(client)
        assert response.url == reverse("mfa_authenticate")
        assert not client.get("/").wsgi_request.user.is_authenticated
        wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
        assert wrong.status_code == HTTPStatus.OK
        assert not client.get("/").wsgi_request.user.is_authenticated
        client.post(reverse("mfa_authenticate"), {"code": current_totp(secret)})
        assert client.get("/").wsgi_request.user == member


def test_suspended_member_cannot_log_in(client, member):
    member.suspended_forever = True
    member.save()
    response = client.post(
        reverse("account_login"), {"login": "rowan", "password": factories.PASSWORD}
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "suspended" in response.content.decode()
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_signup_email_greets_from_holdfast_not_the_host(client, db):
    # Without django.contrib.sites allauth's site name is the host: "Hello from testserver!".
    client.post(reverse("account_signup"), SIGNUP)
    message = mail.outbox[0]
    assert message.body.startswith("Hello from Holdfast,")
    assert "Hello from testserver" not in message.body
    assert "Thank you for using testserver" not in message.body
    assert message.subject == "[Holdfast] Please confirm your email address"
