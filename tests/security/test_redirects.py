"""Open redirects: no `next` parameter can send a member off the site — not at log-in,
log-out, sign-up or re-authentication (allauth, through our adapter), not when a signed-in
member opens the log-in or sign-up page, and not from a moderator's action (moderation's
_safe_next). Each payload is a way browsers have been tricked into leaving a site.

Each flow is one test that tries every payload (collecting every failure), which keeps the
suite fast: the database is set up once per flow, not once per payload."""

from http import HTTPStatus
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests import factories

PAYLOADS = [
    "https://evil.example/",
    "http://evil.example",
    "//evil.example",
    "///evil.example",
    "////evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\t/evil.example",
    " //evil.example",
    "https:evil.example",
    "https:/evil.example",
    "http://testserver@evil.example/",
    "https://testserver.evil.example/",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)//",
    "data:text/html,<script>alert(1)</script>",
    "%2F%2Fevil.example",
    "/%2F%2Fevil.example",
    "%5C%5Cevil.example",
    "https%3A%2F%2Fevil.example",
    "\x00//evil.example",
]


def leaves_site(response) -> str | None:
    """Why the response is not a redirect that stays on the site, or None if it is.

    Read the Location the way a browser does: tabs and newlines anywhere are dropped,
    leading spaces and control characters stripped, a backslash read as a slash; %2F is
    not decoded. So "/%2F%2Fevil" is a path here, while a slash-backslash pair or a slash,
    tab, slash is another host.
    """
    if response.status_code == HTTPStatus.BAD_REQUEST:
        return None  # refused outright (a NUL in the query string): no redirect at all
    if response.status_code not in (HTTPStatus.FOUND, HTTPStatus.SEE_OTHER):
        return f"status {response.status_code}"
    location = response.headers["Location"]
    seen = "".join(c for c in location if c not in "\t\n\r").lstrip("".join(map(chr, range(33))))
    parts = urlsplit(seen.replace("\\", "/"))
    if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "testserver"):
        return f"Location {location!r}"
    return None


def check_every_payload(attempt) -> None:
    """attempt(target) -> response; fail listing each payload that led off the site."""
    failures = []
    for target in PAYLOADS:
        cache.clear()  # rate limits count per test, not across the payloads
        if problem := leaves_site(attempt(target)):
            failures.append(f"next={target!r}: {problem}")
    assert not failures, "\n".join(failures)


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client


def test_login_next_stays_on_site(client, member):
    def attempt(target):
        client.logout()
        return client.post(
            reverse("account_login"),
            {"login": member.username, "password": factories.PASSWORD, "next": target},
        )

    check_every_payload(attempt)


def test_login_next_in_query_string_stays_on_site(client, member):
    def attempt(target):
        client.logout()
        return client.post(
            reverse("account_login") + "?next=" + target,
            {"login": member.username, "password": factories.PASSWORD},
        )

    check_every_payload(attempt)


def test_logout_next_stays_on_site(client, member):
    def attempt(target):
        client.force_login(member)
        return client.post(reverse("account_logout"), {"next": target})

    check_every_payload(attempt)


def test_signup_next_stays_on_site(client, db):
    numbers = iter(range(1000))

    def attempt(target):
        number = next(numbers)
        # Names that differ in letters: "new_leaf1" and "new_leaf2" are look-alikes.
        letters = "".join("abcdefghjk"[int(digit)] for digit in str(number))
        return client.post(
            reverse("account_signup"),
            {
                "username": f"new_leaf_{letters}",
                "email": f"leaf{number}@example.org",
                "password1": "a long quiet evening",
                "password2": "a long quiet evening",
                "next": target,
            },
        )

    check_every_payload(attempt)


@pytest.mark.parametrize("page", ["account_login", "account_signup"])
def test_signed_in_member_sent_away_from_login_stays_on_site(signed_in, page):
    check_every_payload(lambda target: signed_in.get(reverse(page), {"next": target}))


def test_reauthenticate_next_stays_on_site(signed_in):
    check_every_payload(
        lambda target: signed_in.post(
            reverse("account_reauthenticate"), {"password": factories.PASSWORD, "next": target}
        )
    )


def test_moderator_action_next_stays_on_site(client, moderator, member):
    thread = factories.make_thread(author=member, title="A thread to pin")
    client.force_login(moderator)
    url = reverse("moderation:act", kwargs={"key": f"thread:{thread.pk}"})
    actions = iter(["pin", "unpin"] * len(PAYLOADS))
    check_every_payload(
        lambda target: client.post(url, {"action": next(actions), "reason": "", "next": target})
    )
    thread.refresh_from_db()  # the actions themselves worked: pin, unpin, ... ends unpinned
    assert not thread.pinned


def test_a_safe_next_is_honoured(client, member):
    """The checks above do not pass because next is ignored altogether."""
    response = client.post(
        reverse("account_login"),
        {"login": member.username, "password": factories.PASSWORD, "next": "/notifications/"},
    )
    assert response.headers["Location"] == "/notifications/"


def test_a_safe_next_is_honoured_after_a_moderator_action(client, moderator, member):
    thread = factories.make_thread(author=member, title="A thread to pin")
    client.force_login(moderator)
    response = client.post(
        reverse("moderation:act", kwargs={"key": f"thread:{thread.pk}"}),
        {"action": "pin", "reason": "", "next": "/moderation/rules/"},
    )
    assert response.headers["Location"] == "/moderation/rules/"


def test_leaves_site_recognises_an_off_site_redirect(client, db):
    """The judge itself: an off-site Location is caught in each disguise."""
    from django.http import HttpResponseRedirect

    for location in ("https://evil.example/", "//evil.example", "/\\evil.example", "/\t/evil"):
        response = HttpResponseRedirect("/")
        response["Location"] = location
        assert leaves_site(response), location
