"""CSRF: every URL the site answers refuses a POST without a CSRF token.

The test walks the whole URL configuration (django.urls.get_resolver, includes expanded), so
a view another engineer adds later is checked without anyone listing it here. Path
parameters are filled with real objects from the `world` fixture where the route is known,
and with a harmless placeholder otherwise: CsrfViewMiddleware refuses the request before
the view runs, so even a placeholder proves the view is protected.

A refusal is recognised by CSRF_FAILURE_VIEW, pointed at a view that marks its answer, so a
403 for another reason (a permission check) does not count as CSRF protection.

Exceptions are explicit and commented in CSRF_EXEMPT below.
"""

from http import HTTPStatus

import pytest
from django.http import HttpResponseForbidden
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.security.urlwalk import all_routes, url_for

MARK = "X-Test-Csrf-Rejected"

# Routes that may take a POST without a CSRF token, each with the reason. The route is the
# pattern's text, as urlwalk joins it.
CSRF_EXEMPT: dict[str, str] = {
    # RFC 8058 one-click unsubscribe (accounts.email.views.unsubscribe): mail clients POST
    # "List-Unsubscribe=One-Click" with no session and no token. The signed token in the URL
    # is the authority, and the most it can do is switch one kind of email off; see
    # test_unsubscribe_without_a_valid_signature_changes_nothing.
    "email/unsubscribe/<str:token>/": "RFC 8058 one-click: the signed token is the authority",
    # The light/dark switch (accounts.views.choose_theme) for VISITORS: it sits on pages cached
    # for every visitor, which cannot carry a token, and sets only their own cookie. A member's
    # choice is saved to their row and is CSRF-checked: see
    # tests/accounts/test_theme.py::test_choose_theme_refuses_a_member_without_a_csrf_token.
    "theme/": "a visitor's own theme cookie; members are checked",
}


def rejected_by_csrf(request, reason=""):
    response = HttpResponseForbidden("csrf")
    response[MARK] = reason or "yes"  # e.g. "CSRF token missing."
    return response


def _routes_under_test():
    return [route for route in all_routes() if route[0] not in CSRF_EXEMPT]


@pytest.fixture
def csrf_failure_marked(settings):
    settings.CSRF_FAILURE_VIEW = "tests.security.test_csrf.rejected_by_csrf"


def test_walk_finds_the_sites_views():
    routes = {route for route, *_ in all_routes()}
    # A few from every app, so a broken walk cannot pass by checking nothing.
    for expected in (
        "new/",
        "t/<int:pk>/reply/",
        "p/<int:pk>/delete/",
        "settings/names/",
        "moderation/target/<str:key>/act/",
        "accounts/login/",
        "accounts/password/change/",
        "u/<str:username>/",
    ):
        assert expected in routes
    assert len(routes) > 60


@pytest.mark.parametrize("who", ["staff", "member", "anonymous"])
def test_every_url_refuses_a_post_without_a_csrf_token(
    world, staff, who, settings, csrf_failure_marked
):
    client = Client(enforce_csrf_checks=True)
    # The browser holds a CSRF cookie from an earlier visit (a forged cross-site form sends
    # it along); what the forger cannot know is the token for the form body.
    client.cookies[settings.CSRF_COOKIE_NAME] = "k" * 32
    user = {"staff": staff, "member": world.member, "anonymous": None}[who]
    if user is not None:
        client.force_login(user)
    unprotected = []
    for entry in _routes_under_test():
        route, url = entry[0], url_for(entry, world)
        response = client.post(
            url, {"body": "forged", "title": "forged", "email": "x@evil.example"}
        )
        if response.status_code != HTTPStatus.FORBIDDEN or MARK not in response.headers:
            unprotected.append(f"{route} ({url}) -> {response.status_code}")
    assert not unprotected, "POST without a CSRF token was not refused:\n" + "\n".join(unprotected)
    # Nothing forged was saved anywhere.
    assert not User.objects.filter(email="x@evil.example").exists()
    assert world.thread.posts.filter(body="forged").count() == 0


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_every_url_refuses_other_unsafe_methods_without_a_token(
    world, staff, method, settings, csrf_failure_marked
):
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.CSRF_COOKIE_NAME] = "k" * 32
    client.force_login(staff)
    send = getattr(client, method)
    unprotected = []
    for entry in _routes_under_test():
        url = url_for(entry, world)
        response = send(url, "body=forged", content_type="application/x-www-form-urlencoded")
        if response.status_code != HTTPStatus.FORBIDDEN or MARK not in response.headers:
            unprotected.append(f"{method.upper()} {entry[0]} -> {response.status_code}")
    assert not unprotected, unprotected


def test_same_post_with_a_token_is_accepted(world, csrf_failure_marked):
    """The refusal above is the token's doing: with one, the same request goes through."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.member)
    page = client.get(reverse("forum:reply_create", kwargs={"pk": world.thread.pk}))
    token = page.cookies["csrftoken"].value
    url = reverse("forum:reply_create", kwargs={"pk": world.thread.pk})
    response = client.post(
        url, {"body": "A real reply, with its token.", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert MARK not in response.headers
    assert world.thread.posts.filter(body="A real reply, with its token.").exists()


def test_csrf_exemptions_name_real_routes():
    routes = {route for route, *_ in all_routes()}
    assert set(CSRF_EXEMPT) <= routes, "an exemption names a route that no longer exists"


def test_csrf_cookie_is_secure_and_not_readable_cross_site(settings):
    # Production values (config.settings with DEBUG off, as the suite runs).
    assert settings.CSRF_COOKIE_SECURE is True
    assert settings.CSRF_COOKIE_SAMESITE == "Lax"


def test_unsubscribe_without_a_valid_signature_changes_nothing(world):
    """The CSRF-exempt unsubscribe endpoint does nothing for a forged or tampered token."""
    from accounts.email import sending as emails

    switches = ("email_replies", "email_mentions", "email_moderation", "email_milestones")
    before = list(User.objects.order_by("pk").values_list("pk", *switches))
    real = emails.unsubscribe_token(world.other.pk, emails.REPLIES)
    client = Client(enforce_csrf_checks=True)
    for token in ("x", f"{world.other.pk}:replies", real[:-2] + "xx", real + "x"):
        response = client.post(reverse("accounts:email_unsubscribe", kwargs={"token": token}))
        assert response.status_code == HTTPStatus.BAD_REQUEST
    assert list(User.objects.order_by("pk").values_list("pk", *switches)) == before


def test_refused_form_gets_a_page_that_says_what_to_do(world):
    """The real failure page (not the marked one above): our layout, kind words, and no
    inline style, which CSP would block (Django's built-in page has one)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.member)
    response = client.post(
        reverse("forum:reply_create", args=[world.thread.pk]), {"body": "Hello there."}
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    page = response.content.decode()
    assert "We couldn't accept that form" in page
    assert "reload the page and send it again" in page
    assert "<style" not in page and "style=" not in page
    assert not world.thread.posts.filter(body="Hello there.").exists()


def test_a_post_cannot_capture_its_readers_csrf_token(world):
    """Thread pages put each reader's token into cached post fragments by replacing a
    placeholder (forum.fragments). A post whose own text holds a placeholder — the one the
    code once used, in a link to another site — must not receive the reader's token."""
    import re
    from datetime import timedelta

    from django.conf import settings as django_settings
    from django.middleware.csrf import _unmask_cipher_token
    from django.utils import timezone

    User.objects.filter(pk=world.other.pk).update(
        date_joined=timezone.now() - timedelta(days=60), post_count=20
    )
    world.other.refresh_from_db()
    from tests import factories

    bait = "holdfast-csrf-token-placeholder"
    factories.make_reply(
        author=world.other,
        thread=world.thread,
        body=f"[free hugs](https://evil.example/?t={bait}) and {bait} in the text",
    )
    reader = Client()
    reader.force_login(world.member)
    reader.get(world.thread.get_absolute_url())  # fills the fragment cache
    page = reader.get(world.thread.get_absolute_url()).content.decode()
    secret = reader.cookies[django_settings.CSRF_COOKIE_NAME].value
    in_forms = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page))
    assert in_forms  # the reader's own forms do carry their token
    elsewhere = set(re.findall(r"[A-Za-z0-9]{64}", page)) - in_forms
    assert not [token for token in elsewhere if _unmask_cipher_token(token) == secret]
    assert f"https://evil.example/?t={bait}" in page  # the link kept its own text
