"""Light and dark (accounts.theme, the switch in accounts.views.choose_theme): a member's
choice is kept on their row and CSRF-checked; a visitor's is a cookie, and the visitors' page
cache keeps one copy per theme, so one visitor's choice never reaches another."""

import re
from http import HTTPStatus
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import services, theme
from accounts.models import Theme

pytestmark = pytest.mark.django_db
URL = reverse("accounts:theme")
PAGE = "/guidelines/"  # cached for visitors and for members


def html_theme(response) -> tuple[str, str]:
    """(<html data-theme>, <meta name="color-scheme" content>) of a page."""
    text = response.content.decode()
    data_theme = re.search(r'<html lang="en" data-theme="(\w+)">', text).group(1)
    scheme = re.search(r'<meta name="color-scheme" content="([\w ]+)">', text).group(1)
    return data_theme, scheme


def served_from_cache(client, url) -> bool:
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured) == 0


def test_theme_for_a_visitor_follows_the_device_by_default(client):
    assert html_theme(client.get(PAGE)) == ("auto", "light dark")


def test_choose_theme_sets_a_visitors_cookie_and_goes_back(client):
    response = client.post(URL, {"theme": "dark"}, HTTP_REFERER=f"http://testserver{PAGE}")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"http://testserver{PAGE}"
    cookie = response.cookies[theme.COOKIE]
    assert cookie.value == "dark"
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["max-age"] == theme.COOKIE_MAX_AGE
    assert html_theme(client.get(PAGE)) == ("dark", "dark")


def test_choose_theme_never_goes_back_to_another_site(client):
    response = client.post(URL, {"theme": "light"}, HTTP_REFERER="https://elsewhere.example/")
    assert response["Location"] == "/"


def test_choose_theme_refuses_an_unknown_theme_kindly(client, member, client_for):
    for who in (client, client_for(member)):
        response = who.post(URL, {"theme": "purple"})
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert "Choose light, dark" in response.content.decode()
    member.refresh_from_db()
    assert member.theme == Theme.AUTO


def test_choose_theme_answers_post_only(client):
    assert client.get(URL).status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_visitor_page_cache_keeps_one_copy_per_theme(client):
    dark = Client()
    dark.cookies[theme.COOKIE] = "dark"
    assert html_theme(dark.get(PAGE))[0] == "dark"  # rendered and stored for "dark"
    assert served_from_cache(dark, PAGE)
    # Another visitor, with no cookie: the device's theme, never the first visitor's.
    assert html_theme(client.get(PAGE))[0] == "auto"
    assert served_from_cache(client, PAGE)
    assert html_theme(client.get(PAGE))[0] == "auto"
    assert html_theme(dark.get(PAGE))[0] == "dark"


def test_visitor_page_cache_treats_an_unknown_cookie_as_the_device(client):
    odd = Client()
    odd.cookies[theme.COOKIE] = "<script>"
    client.get(PAGE)  # stored under "auto"
    assert served_from_cache(odd, PAGE)
    assert "<script>" not in odd.get(PAGE).content.decode()


def test_choose_theme_keeps_a_members_choice_on_their_row(member, client_for):
    client = client_for(member)
    assert html_theme(client.get(PAGE)) == ("auto", "light dark")
    client.get(PAGE)  # the member's page is now cached for them
    response = client.post(URL, {"theme": "light"}, HTTP_REFERER=f"http://testserver{PAGE}")
    assert response.status_code == HTTPStatus.FOUND
    assert theme.COOKIE not in response.cookies  # the row, not a cookie, follows them around
    member.refresh_from_db()
    assert member.theme == Theme.LIGHT
    # Their cached page was forgotten: the next one is light.
    assert html_theme(client.get(PAGE)) == ("light", "light")
    # On another device (a new session), the same choice.
    assert html_theme(Client().get(PAGE))[0] == "auto"
    other_device = Client()
    other_device.force_login(member)
    assert html_theme(other_device.get(PAGE))[0] == "light"


def test_choose_theme_refuses_a_member_without_a_csrf_token(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post(URL, {"theme": "dark"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    member.refresh_from_db()
    assert member.theme == Theme.AUTO


def test_choose_theme_accepts_a_member_with_the_pages_csrf_token(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    page = client.get(PAGE).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(URL, {"theme": "dark", "csrfmiddlewaretoken": token})
    assert response.status_code == HTTPStatus.FOUND
    member.refresh_from_db()
    assert member.theme == Theme.DARK


def test_visitor_pages_carry_no_csrf_token_for_the_switch(client):
    # A token would make the page uncacheable for visitors (it sets the CSRF cookie).
    response = client.get(PAGE)
    assert 'action="/theme/"' in response.content.decode()
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert not response.cookies


def test_set_theme_saves_only_the_theme(member):
    member.display_name = "Not saved"
    services.set_theme(member=member, theme=Theme.DARK)
    member.refresh_from_db()
    assert (member.theme, member.display_name) == (Theme.DARK, "")


def test_dark_tokens_are_the_same_for_the_device_and_for_a_choice():
    # holdfast.css writes the dark theme twice (for prefers-color-scheme and for
    # data-theme="dark"): CSS cannot share one block between a media query and a selector.
    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "holdfast.css").read_text()
    device = re.search(r':root:not\(\[data-theme="light"\]\) \{(.*?)\n  \}', css, re.S).group(1)
    chosen = re.search(r':root\[data-theme="dark"\] \{(.*?)\n\}', css, re.S).group(1)
    normalise = lambda block: re.sub(r"\s+", " ", block).strip()  # noqa: E731
    assert normalise(device) == normalise(chosen)
    assert "--hf-bg" in device
