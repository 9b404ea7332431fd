"""pagecache.members: members' pages: each member's page kept for them alone, and
forgotten on every change to what they see."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Streak
from forum import services
from moderation import actions as moderation_services
from pagecache import csrf, scopes
from tests.factories import make_member, make_reply, make_thread

pytestmark = pytest.mark.django_db

# A hit reads the session and the member (AuthenticationMiddleware), nothing more.
HIT_QUERIES = 2


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(captured)


def _drawn(response) -> bool:
    """Whether the page was drawn afresh: the test client lists the templates a request
    rendered, and a page from the cache renders none. (A miss of a page with nothing to
    read but the member costs the same two queries as a hit.)"""
    return bool(response.templates)


def _cached(client, url):
    """The member's page, asserted to come from the cache. A thread page needs a second
    render: the first writes the member's read marker, which forgets it."""
    client.get(url)
    client.get(url)
    response, count = _queries(client, url)
    assert count <= HIT_QUERIES, "the second view should come from the members' cache"
    assert not _drawn(response)
    return response.content.decode()


@pytest.fixture
def probe():
    """The guidelines: a page whose only shared scope is "site", which none of these
    changes bump, so that only the member's own version can make it fresh."""
    return "/guidelines/"


def test_member_page_cache_hit_costs_session_and_user_only(member, client_for, probe):
    client = client_for(member)
    client.get("/")
    response, count = _queries(client, "/")
    assert count <= HIT_QUERIES
    assert {"private", "no-store"} <= {d.strip() for d in response["Cache-Control"].split(",")}
    assert "Cookie" in response["Vary"]


def test_member_page_cache_two_members_never_share_a_page(member, other_member, client_for):
    thread = make_thread(author=other_member)
    url = thread.get_absolute_url()
    services.set_watching(member=member, thread=thread, watching=True)
    mine = _cached(client_for(member), url)
    theirs = _cached(client_for(make_member()), url)
    assert "Stop watching" in mine
    assert "Stop watching" not in theirs
    assert _cached(client_for(member), url).count("Stop watching") == 1


def test_member_page_cache_moderator_is_never_served_from_it(moderator, client_for):
    client = client_for(moderator)
    client.get("/")
    response, _ = _queries(client, "/")
    assert _drawn(response)


def test_member_page_cache_member_made_moderator_gets_fresh_pages(member, client_for):
    client = client_for(member)
    assert "Moderation</a>" not in _cached(client, "/")
    Group.objects.get_or_create(name="Moderators")[0].user_set.add(member)
    response, _ = _queries(client, "/")
    assert _drawn(response)
    assert "moderation-count" in response.content.decode() or "Moderation" in (
        response.content.decode()
    )


def test_member_page_cache_flash_message_is_rendered_fresh(member, client_for):
    client = client_for(member)
    _cached(client, "/")
    storage = CookieStorage(HttpRequest())
    message = Message(constants.SUCCESS, "A flash only this render shows")
    client.cookies[CookieStorage.cookie_name] = storage._encode([message])
    response, _ = _queries(client, "/")
    assert "A flash only this render shows" in response.content.decode()
    assert _drawn(response)


def test_member_page_cache_csrf_token_is_the_current_sessions(member, other_member):
    thread = make_thread(author=other_member)
    url = thread.get_absolute_url()
    first = Client(enforce_csrf_checks=True)
    first.force_login(member)
    second = Client(enforce_csrf_checks=True)
    second.force_login(member)  # the same member, another session and CSRF secret
    first.get(url)
    first.get(url)
    page, count = _queries(second, url)
    assert count <= HIT_QUERIES
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', page.text))
    assert tokens
    secret = second.cookies["csrftoken"].value
    assert {_unmask_cipher_token(token) for token in tokens} == {secret}
    assert secret != first.cookies["csrftoken"].value
    response = second.post(
        _reaction_url(page.text),
        {"kind": "helped", "csrfmiddlewaretoken": tokens.pop()},
    )
    assert response.status_code in (200, 302)


def _reaction_url(html: str) -> str:
    return re.search(r'<form[^>]*action="([^"]*react[^"]*)"', html).group(1)


def test_member_page_cache_new_notification_is_shown(member, other_member, client_for, probe):
    thread = make_thread(author=make_member())  # not the member's: no row of theirs changes
    services.set_watching(member=member, thread=thread, watching=True)
    client = client_for(member)
    assert "notification-count" not in _cached(client, probe)
    make_reply(author=other_member, thread=thread)
    assert "notification-count" in client.get(probe).content.decode()


def test_member_page_cache_notifications_read_are_shown(member, other_member, client_for, probe):
    thread = make_thread(author=member)
    make_reply(author=other_member, thread=thread)
    client = client_for(member)
    assert "notification-count" in _cached(client, probe)
    services.mark_notifications_read(member=member)
    assert "notification-count" not in client.get(probe).content.decode()


def test_member_page_cache_read_marker_written_on_view_is_shown(member, other_member, client_for):
    thread = make_thread(author=other_member)
    client = client_for(member)
    assert "unread-badge" in _cached(client, "/")
    client.get(thread.get_absolute_url())  # writes the member's read marker
    assert "unread-badge" not in client.get("/").content.decode()


def test_member_page_cache_reaction_is_shown(member, other_member, client_for):
    thread = make_thread(author=other_member)
    client = client_for(member)
    url = thread.get_absolute_url()
    assert 'aria-pressed="true"' not in _cached(client, url)
    services.toggle_reaction(member=member, post=thread.posts.get(), kind="helped")
    assert 'aria-pressed="true"' in client.get(url).content.decode()


def test_member_page_cache_block_is_shown_to_the_blocker(member, other_member, client_for):
    thread = make_thread(author=other_member)
    client = client_for(member)
    url = thread.get_absolute_url()
    assert "You blocked this member" not in _cached(client, url)
    services.block_member(blocker=member, blocked=other_member)
    assert "You blocked this member" in client.get(url).content.decode()


def test_member_page_cache_block_forgets_the_blocked_members_pages(member, other_member):
    key = scopes.member_version_key(other_member.pk)
    services.block_member(blocker=member, blocked=other_member)
    first = cache.get(key)
    services.unblock_member(blocker=member, blocked=other_member)
    assert first is not None
    assert cache.get(key) not in (None, first)


def test_member_page_cache_watching_is_shown(member, other_member, client_for):
    thread = make_thread(author=other_member)
    client = client_for(member)
    url = thread.get_absolute_url()
    assert "Watch this thread" in _cached(client, url)
    services.set_watching(member=member, thread=thread, watching=True)
    assert "Stop watching" in client.get(url).content.decode()


def test_member_page_cache_time_zone_change_is_shown(member, other_member, client_for, probe):
    client = client_for(member)
    _cached(client, probe)
    member.time_zone = "Pacific/Auckland" if member.time_zone != "Pacific/Auckland" else "UTC"
    member.save()
    response, _ = _queries(client, probe)
    assert _drawn(response)


def test_member_page_cache_streak_change_is_fresh(member, client_for, probe):
    client = client_for(member)
    _cached(client, probe)
    Streak.objects.create(member=member, started_on=timezone.localdate(), created_at=timezone.now())
    response, _ = _queries(client, probe)
    assert _drawn(response)


def test_member_page_cache_warning_is_shown(member, moderator, client_for, probe):
    client = client_for(member)
    assert "Message from the moderators" not in _cached(client, probe)
    moderation_services.warn_member(moderator=moderator, member=member, message="Be kind.")
    assert "Message from the moderators" in client.get(probe).content.decode()


def test_member_page_cache_silence_is_shown(member, moderator, other_member, client_for):
    thread = make_thread(author=other_member)
    client = client_for(member)
    url = thread.get_absolute_url()
    before = _cached(client, url)
    moderation_services.silence_member(
        moderator=moderator, member=member, until=timezone.now() + timedelta(days=1)
    )
    after = client.get(url).content.decode()
    assert 'name="body"' in before
    assert 'name="body"' not in after


def test_member_page_cache_log_in_and_out_forget_the_members_pages(member, client_for):
    client = client_for(member)
    _cached(client, "/")
    client.logout()
    client.force_login(member)
    response, _ = _queries(client, "/")
    assert _drawn(response)


def test_member_page_cache_own_post_request_forgets_pages(member, client_for, probe):
    client = client_for(member)
    _cached(client, probe)
    client.post("/settings/profile/", {})  # whatever it answers, the member wrote
    response, _ = _queries(client, probe)
    assert _drawn(response)


def test_member_page_cache_never_serves_the_csrf_placeholder(member, client_for):
    client = client_for(member)
    page = _cached(client, "/search/")
    assert csrf.placeholder() not in page
    assert 'name="csrfmiddlewaretoken"' in page  # the log-out form's, filled in again


def test_member_page_cache_crisis_note_in_the_session_is_rendered_fresh(
    member, other_member, client_for
):
    thread = make_thread(author=other_member)
    client = client_for(member)
    url = thread.get_absolute_url()
    assert "Your post is up" not in _cached(client, url)
    session = client.session
    session["forum_crisis_care"] = "published"  # forum.views.pages.CRISIS_FLAG, set after a post
    session.save()
    assert "Your post is up" in client.get(url).content.decode()
    assert "Your post is up" not in client.get(url).content.decode()  # shown once


def test_member_page_cache_each_query_string_is_its_own_page(member, client_for):
    client = client_for(member)
    found = _cached(client, "/search/?q=lighthouse")
    assert 'value="lighthouse"' in found
    assert 'value="lighthouse"' not in _cached(client, "/search/?q=harbour")
