"""Issue 15, item 1's surface: the quick exit's neutral page gives nothing away (no cookie
set, no referrer sent on, no inline script the CSP would have to allow, nothing of the site),
and discreet mode is changed only by the member, with a CSRF token."""

from http import HTTPStatus

from django.test import Client
from django.urls import reverse

from accounts.models import User


def test_quick_exit_neutral_page_sets_no_cookie_and_sends_no_referrer(member, client_for):
    for client in (Client(), client_for(member)):
        response = client.get(reverse("accounts:neutral_page"))
        assert response.status_code == HTTPStatus.OK
        assert not response.cookies
        page = response.content.decode()
        assert '<meta name="referrer" content="no-referrer">' in page
        assert "<script" not in page and "style=" not in page
        assert "Content-Security-Policy" in response.headers


def test_quick_exit_discreet_mode_needs_a_csrf_token(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post(reverse("accounts:settings_discreet"), {"discreet_mode": "on"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert User.objects.get(pk=member.pk).discreet_mode is False


def test_quick_exit_discreet_mode_is_not_changed_by_a_get(member, client_for):
    client_for(member).get(reverse("accounts:settings_discreet"), {"discreet_mode": "on"})
    assert User.objects.get(pk=member.pk).discreet_mode is False
