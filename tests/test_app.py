"""The installable app (config/app_views.py): the manifest linked from every page, its icons,
the service worker at the site root, and the offline page."""

import json
from http import HTTPStatus

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

MANIFEST = reverse("app_manifest")
WORKER = reverse("app_service_worker")
OFFLINE = reverse("app_offline")
LINK = f'<link rel="manifest" href="{MANIFEST}">'


@pytest.mark.parametrize(
    "url",
    ["forum:home", "accounts:sos", "account_login", "moderation:crisis_resources", "app_offline"],
)
def test_manifest_linked_from_pages_for_visitors_and_members(url, client_for, member):
    for client in (client_for(None), client_for(member)):
        response = client.get(reverse(url), follow=True)
        assert LINK in response.content.decode()


def test_manifest_linked_from_the_404_and_500_pages(client):
    assert LINK in client.get("/no-such-page/").content.decode()
    from config import views

    assert LINK in views.server_error(None).content.decode()


def test_manifest_names_the_app_and_icons_that_exist(client):
    response = client.get(MANIFEST)
    assert response["Content-Type"] == "application/manifest+json"
    body = json.loads(response.content)
    assert (body["name"], body["start_url"], body["scope"], body["display"]) == (
        "Holdfast",
        "/",
        "/",
        "standalone",
    )
    sizes = {icon["sizes"] for icon in body["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in body["icons"])
    for icon in body["icons"]:
        path = icon["src"].removeprefix("/static/")
        assert finders.find(path), icon["src"]
    # Discreet: the name under a home-screen icon says nothing of what the site is for.
    assert "contact" not in json.dumps(body).lower()


def test_manifest_for_a_member_in_discreet_mode_is_neutral(client_for, member):
    """Discreet mode (accounts.discreet) reaches the home screen too: the pages link a
    manifest whose name, icon and shortcut say nothing of the site."""
    from accounts.discreet import services as discreet

    discreet.set_discreet_mode(member=member, on=True)
    page = client_for(member).get(reverse("forum:home")).content.decode()
    assert f'<link rel="manifest" href="{MANIFEST}?discreet=1">' in page
    body = json.loads(client_for(None).get(MANIFEST + "?discreet=1").content)
    assert (body["name"], body["short_name"], body["id"]) == ("Notes", "Notes", "/")
    assert "holdfast" not in json.dumps(body).lower()
    assert [shortcut["name"] for shortcut in body["shortcuts"]] == ["Breathe"]
    for icon in body["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


def test_offline_service_worker_is_served_from_the_root_uncached(client):
    response = client.get(WORKER)
    assert WORKER == "/sw.js"  # the root: its scope is the whole site
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    source = response.content.decode()
    urls = json.loads(source.split("const URLS = ", 1)[1].split(";\n", 1)[0])
    assert urls["kept"] == [reverse("accounts:sos"), reverse("moderation:crisis_resources")]
    assert urls["offline"] == OFFLINE
    assert urls["logout"] == reverse("account_logout")
    assert "holdfast-shell-" in source and 'const VERSION = "' in source


def test_offline_service_worker_version_changes_with_the_files_it_keeps(monkeypatch):
    from config import app_views

    app_views._worker_source.cache_clear()
    before = app_views._worker_source()
    monkeypatch.setattr(app_views, "PRECACHED_STATIC", (*app_views.PRECACHED_STATIC, "js/forum.js"))
    app_views._worker_source.cache_clear()
    after = app_views._worker_source()
    app_views._worker_source.cache_clear()
    version = lambda source: source.split('const VERSION = "', 1)[1][:16]  # noqa: E731
    assert version(before) != version(after)


def test_offline_page_lists_crisis_help_and_nothing_private(client, settings):
    response = client.get(OFFLINE)
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "You're offline" in page
    assert reverse("accounts:sos") in page
    assert settings.CRISIS_RESOURCES[0]["name"] in page


def test_offline_app_script_is_loaded_on_every_page_without_inline_script(client, db):
    page = client.get(reverse("forum:home")).content.decode()
    assert f'src="/static/js/app.js" data-worker="{WORKER}" defer' in page
    assert "<script>" not in page  # CSP: no inline script


def test_offline_page_query_count(client_for, member, django_assert_max_num_queries):
    """No data of its own: nothing for a visitor; for a member the session and their row
    (read by the middleware before the view), then nothing: it renders as for a visitor."""
    with django_assert_max_num_queries(0):
        client_for(None).get(OFFLINE)
    client = client_for(member)
    with django_assert_max_num_queries(2):
        client.get(OFFLINE)
