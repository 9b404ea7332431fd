"""Every route is reached by its own URL: no earlier pattern catches it first. The site's
apps share the root, and the forum's come first because most requests are for its pages
(Django tries the patterns in order, about half a microsecond each); this holds that order
to what it may not change."""

import uuid

import pytest
from django.urls import resolve, reverse

from tests.security.urlwalk import all_routes

_SAMPLES = {
    "IntConverter": "7",
    "StringConverter": "sample",
    "SlugConverter": "sample-slug",
    "UUIDConverter": str(uuid.UUID(int=7)),
    "PathConverter": "sample/path",
}

# The site's own routes, and the log-in, sign-up and 2FA pages allauth adds; the admin's
# are regular expressions of its own, under its own prefix.
_ROUTES = [
    (route, name, params)
    for route, name, params, _defaults in all_routes()
    if name and not name.startswith("admin:") and all(c in _SAMPLES for c in params.values())
]


def test_the_walk_finds_every_apps_routes():
    names = {name for _route, name, _params in _ROUTES}
    assert {"forum:thread_detail", "forum:home", "accounts:profile", "account_login"} <= names
    assert any(name.startswith("moderation:") for name in names)


@pytest.mark.parametrize(("route", "name", "params"), _ROUTES, ids=[r[1] for r in _ROUTES])
def test_a_route_is_reached_by_its_own_url(route, name, params):
    url = reverse(name, kwargs={param: _SAMPLES[c] for param, c in params.items()} or None)
    assert resolve(url).view_name == name, f"{url} ({route}) is caught by another pattern"
