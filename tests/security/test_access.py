"""Function-level access, over the whole URL configuration (tests/security/urlwalk.py), so a
page added later is held to the same rules without anyone listing it here:

- a visitor (not signed in) gets a page only from PUBLIC below — every other URL sends them
  to log in, or answers 404/405/400; a new public page must be added to PUBLIC on purpose;
- a member gets the moderators' pages (everything under /moderation/) as 404 (a GET of a
  POST-only action, 405, for anyone and any id), and the admin not at all.
"""

from http import HTTPStatus

from django.test import Client
from django.urls import reverse

from tests.security.urlwalk import all_routes, url_for

# Pages anyone may read, by route. Everything else is for members (or nobody).
PUBLIC = {
    "": "the forum's front page",
    "guidelines/": "community guidelines",
    "c/<slug:slug>/": "a category's threads (members-only categories 404)",
    "t/<int:pk>/": "a thread's short link",
    "t/<int:pk>/<str:slug>/": "a thread (members-only categories 404)",
    "t/<int:pk>/unread/": "jumps to the thread for visitors",
    "p/<int:pk>/": "a post's short link",
    "search/": "search",
    "u/<str:username>/": "a profile, behind its owner's choice",
    "u/<str:username>/badge.svg": "the embeddable streak badge",
    "u/<str:username>/milestone/<int:days>.svg": "a milestone card, behind the badge's rules",
    "u/<str:username>/posts/": "a member's posts",
    "help/crisis/": "crisis resources: never behind a log-in",
    "email/unsubscribe/<str:token>/": "one-click unsubscribe: the signed token is the authority",
    "goodbye/": "the page after deleting one's account",
    "favicon.ico": "a redirect to the icon",
    "recipes/tomato-soup/": "the quick exit's neutral page: for anyone who leaves in a hurry",
    # The installable app (config/app_views.py): the same for everyone, nothing private.
    "manifest.webmanifest": "the web app manifest",
    "sw.js": "the service worker",
    "offline/": "the offline page the service worker keeps (rendered as for a visitor)",
    # allauth's pages for people who are not signed in.
    "accounts/login/": "log in",
    "accounts/signup/": "sign up",
    "accounts/password/reset/": "ask for a reset link",
    "accounts/password/reset/done/": "reset link sent",
    "accounts/password/reset/key/done/": "password reset done",
    "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": "the reset link",
    "accounts/confirm-email/": "verification sent",
    "accounts/^confirm-email/(?P<key>[-:\\w]+)/$": "the verification link itself",
    "accounts/inactive/": "account inactive",
    "accounts/login/code/confirm/": "allauth's code log-in stage (redirects when unused)",
    "accounts/2fa/authenticate/": "the second step of logging in (redirects without the first)",
    "accounts/logout/": "log out (a visitor is sent home)",
}
ALLOWED_FOR_THE_REST = {HTTPStatus.NOT_FOUND, HTTPStatus.METHOD_NOT_ALLOWED, HTTPStatus.BAD_REQUEST}


def test_visitors_see_only_public_pages(world):
    visitor = Client()
    leaks = []
    for entry in all_routes():
        route = entry[0]
        if route in PUBLIC:
            continue
        response = visitor.get(url_for(entry, world))
        if response.status_code in ALLOWED_FOR_THE_REST:
            continue
        location = response.headers.get("Location", "")
        # The admin's pages send visitors to the admin's index, which sends them to log in.
        sent_to_log_in = response.status_code == HTTPStatus.FOUND and (
            location.startswith(reverse("account_login"))
            or (route.startswith("admin/") and location.startswith(reverse("admin:index")))
        )
        if not sent_to_log_in:
            leaks.append(f"{route} -> {response.status_code} {location}")
    assert not leaks, "a visitor reached a page that is not listed as public:\n" + "\n".join(leaks)


def test_public_list_names_real_routes():
    routes = {route for route, *_ in all_routes()}
    assert set(PUBLIC) <= routes, sorted(set(PUBLIC) - routes)


def test_members_get_404_for_every_moderator_page(world):
    member = Client()
    member.force_login(world.member)
    reached = []
    for entry in all_routes():
        if not entry[0].startswith("moderation/"):
            continue
        for method in ("get", "post"):
            response = getattr(member, method)(url_for(entry, world), {"action": "hide"})
            # A POST-only action answers GET with 405 for anyone and any id: no object
            # is confirmed by it.
            expected = {HTTPStatus.NOT_FOUND} | (
                {HTTPStatus.METHOD_NOT_ALLOWED} if method == "get" else set()
            )
            if response.status_code not in expected:
                reached.append(f"{method.upper()} {entry[0]} -> {response.status_code}")
    assert not reached, reached
    assert len([r for r, *_ in all_routes() if r.startswith("moderation/")]) >= 10


def test_members_never_reach_the_admin(world):
    member = Client()
    member.force_login(world.member)
    reached = []
    for entry in all_routes():
        if not entry[0].startswith("admin/"):
            continue
        response = member.get(url_for(entry, world))
        if response.status_code == HTTPStatus.OK:
            reached.append(entry[0])
    assert not reached, reached


# Pages without the menu on purpose: log-out itself, and the quick exit's neutral page, which
# must show nothing of Holdfast (docs/quick-exit-and-privacy.md).
NO_LOG_OUT = {"accounts/logout/", "recipes/tomato-soup/"}


def test_every_signed_in_page_offers_log_out(world):
    """ASVS 7.4.4: log-out is in reach from every page a member can open (the menu)."""
    member = Client()
    member.force_login(world.member)
    logout = f'action="{reverse("account_logout")}"'
    missing, pages = [], 0
    for entry in all_routes():
        if entry[0].startswith("admin/") or entry[0] in NO_LOG_OUT:
            continue
        if entry[0] == "offline/":
            # Kept by the service worker as a visitor sees it (nothing of a member may
            # outlive log-out) and shown only with the network gone, when log-out cannot work.
            continue
        response = member.get(url_for(entry, world))
        if response.status_code != HTTPStatus.OK:
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        if "_auth_user_id" not in member.session:
            member.force_login(world.member)
            continue
        pages += 1
        if logout not in response.content.decode():
            missing.append(entry[0])
    assert not missing, missing
    assert pages >= 20
