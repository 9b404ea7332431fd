"""Specification of the sign-up, log-in and password pages in Holdfast's voice (allauth
template overrides, accounts.forms, accounts.adapters): sentence case, an error summary
first, the time zone from the browser, and the welcome after the email is verified."""

import re
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.core import mail
from django.urls import reverse

from accounts.forms import MemberSignupForm
from accounts.models import User
from tests import factories

pytestmark = pytest.mark.django_db

SIGNUP = {
    "username": "night_owl",
    "email": "owl@example.org",
    "password1": "a long quiet evening",
    "password2": "a long quiet evening",
}
TITLE_CASE = re.compile(r"Sign Up|Sign In|Password Reset|Change Password|Remember Me|Set Password")


def _confirm_path() -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)


@pytest.mark.parametrize(
    ("name", "heading"),
    [
        ("account_signup", "Join Holdfast"),
        ("account_login", "Log in"),
        ("account_reset_password", "Reset your password"),
        ("account_reset_password_done", "Check your email"),
    ],
)
def test_entrance_pages_speak_in_sentence_case(client, name, heading):
    html = client.get(reverse(name)).content.decode()
    assert f">{heading}</h1>" in html
    assert not TITLE_CASE.search(html)
    assert "placeholder=" not in html


def test_password_change_page_speaks_in_sentence_case(client_for, member):
    html = client_for(member).get(reverse("account_change_password")).content.decode()
    assert ">Change your password</h1>" in html
    assert "Current password" in html and "New password (again)" in html
    assert not TITLE_CASE.search(html)


def test_login_page_labels_remember_me_in_sentence_case(client):
    assert "Remember me" in client.get(reverse("account_login")).content.decode()


def test_signup_page_says_not_to_use_a_real_name_and_asks_the_time_zone(client):
    html = client.get(reverse("account_signup")).content.decode()
    assert "choose a username that isn't your real name" in html
    assert "data-detect-time-zone" in html
    assert '<option value="UTC" selected>UTC</option>' in html
    assert "js/onboarding.js" in html
    assert "data-password-toggles" in html


def test_signup_keeps_the_time_zone(client):
    client.post(reverse("account_signup"), SIGNUP | {"time_zone": "Europe/Lisbon"})
    assert User.objects.get(username="night_owl").time_zone == "Europe/Lisbon"


def test_signup_without_a_time_zone_counts_in_utc(client):
    client.post(reverse("account_signup"), SIGNUP)
    assert User.objects.get(username="night_owl").time_zone == "UTC"


def test_signup_refuses_an_unknown_time_zone_keeping_the_rest(client):
    response = client.post(reverse("account_signup"), SIGNUP | {"time_zone": "Mars/Olympus"})
    assert response.status_code == HTTPStatus.OK
    assert not User.objects.exists()
    form = response.context["form"]
    assert form.errors["time_zone"] == [MemberSignupForm.error_messages["time_zone_invalid"]]
    html = response.content.decode()
    assert 'value="night_owl"' in html and 'value="owl@example.org"' in html


def test_signup_mistakes_are_summed_up_first_with_links_to_the_fields(client):
    factories.make_member(username="night_owl")
    response = client.post(reverse("account_signup"), SIGNUP | {"password2": "something else"})
    html = response.content.decode()
    summary = html.split("data-error-summary")[1].split("</div>")[0]
    assert 'role="alert" tabindex="-1"' in html
    assert html.index("data-error-summary") < html.index('name="username"')
    assert 'href="#id_username"' in summary and 'href="#id_password2"' in summary


def test_verifying_the_first_email_leads_to_the_welcome(client):
    client.post(reverse("account_signup"), SIGNUP | {"time_zone": "Europe/Lisbon"})
    response = client.post(_confirm_path())
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("accounts:welcome")
    assert client.get(reverse("accounts:welcome")).status_code == HTTPStatus.OK


def test_verifying_in_another_browser_logs_in_then_welcomes(client, client_for):
    client.post(reverse("account_signup"), SIGNUP)
    other_browser = client_for(None)
    response = other_browser.post(_confirm_path())
    assert response["Location"] == (
        f"{reverse('account_login')}?next={reverse('accounts:welcome')}"
    )


def test_verifying_a_changed_email_does_not_welcome_again(client, client_for, member):
    address = EmailAddress.objects.create(user=member, email="second@example.org")
    key = EmailConfirmationHMAC(address).key
    response = client_for(member).post(reverse("account_confirm_email", args=[key]))
    address.refresh_from_db()
    assert address.verified
    assert response["Location"] == "/"
    # Nor signed out, in another browser, for a member who has logged in before.
    member.last_login = member.date_joined
    member.save()
    other = EmailAddress.objects.create(user=member, email="third@example.org")
    response = client.post(
        reverse("account_confirm_email", args=[EmailConfirmationHMAC(other).key])
    )
    assert "welcome" not in response["Location"]
