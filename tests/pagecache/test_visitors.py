"""Specification of pagecache.visitors: visitors' pages cached, forgotten on write."""

from http import HTTPStatus

import pytest
from django.urls import reverse

import pagecache as page_cache
from forum import view_counts
from pagecache import local, plan, visitors
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(member):
    category = factories.make_category(name="Daily check-ins", slug="daily-check-ins")
    return factories.make_thread(author=member, category=category, title="Day one again")


def test_page_cache_serves_a_visitor_again_without_a_query(
    client, thread, django_assert_num_queries
):
    first = client.get(reverse("forum:home"))
    with django_assert_num_queries(0):
        second = client.get(reverse("forum:home"))
    assert second.status_code == HTTPStatus.OK
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_page_cache_forgets_a_thread_and_the_lists_when_a_reply_is_posted(
    client, thread, other_member
):
    search = reverse("forum:search") + "?q=alone"
    for url in (thread.get_absolute_url(), reverse("forum:home"), search):
        client.get(url)
    assert "0 replies" in client.get(reverse("forum:home")).text
    factories.make_reply(author=other_member, thread=thread, body="You are not alone.")
    assert "You are not alone." in client.get(thread.get_absolute_url()).text
    assert "1 reply" in client.get(reverse("forum:home")).text
    assert "Day one again" in client.get(search).text


def test_page_cache_forgets_lists_when_a_thread_starts(client, thread, other_member):
    client.get(reverse("forum:home"))
    factories.make_thread(author=other_member, category=thread.category, title="Week two")
    assert "Week two" in client.get(reverse("forum:home")).text


def test_page_cache_keeps_other_threads_when_one_changes(
    client, thread, other_member, django_assert_num_queries
):
    other = factories.make_thread(author=other_member, category=thread.category, title="Other")
    client.get(other.get_absolute_url())
    factories.make_reply(author=other_member, thread=thread)
    with django_assert_num_queries(0):
        assert client.get(other.get_absolute_url()).status_code == HTTPStatus.OK


def test_page_cache_counts_a_view_on_every_hit(client, thread):
    for _ in range(3):
        client.get(thread.get_absolute_url())
    assert view_counts.pending(thread.pk) == 3


def test_page_cache_answers_a_matching_etag_with_not_modified(client, thread):
    etag = client.get(thread.get_absolute_url())["ETag"]
    again = client.get(thread.get_absolute_url(), headers={"If-None-Match": etag})
    assert again.status_code == HTTPStatus.NOT_MODIFIED
    other = client.get(thread.get_absolute_url(), headers={"If-None-Match": '"other"'})
    assert other.status_code == HTTPStatus.OK


def test_page_cache_never_serves_or_stores_a_members_page(client, client_for, thread, member):
    client.get(reverse("forum:home"))
    members_home = client_for(member).get(reverse("forum:home"))
    assert "Log out" in members_home.text
    assert "ETag" not in members_home
    assert "Log out" not in client.get(reverse("forum:home")).text


def test_page_cache_skips_a_visitor_with_a_session_cookie(
    client, thread, django_assert_max_num_queries
):
    client.get(reverse("forum:home"))
    client.cookies["sessionid"] = "half-way-through-logging-in"
    with django_assert_max_num_queries(5) as captured:
        client.get(reverse("forum:home"))
    assert len(captured) > 0  # rendered, not served from the cache


def test_page_cache_is_off_when_its_timeout_is_zero(
    client, thread, settings, django_assert_max_num_queries
):
    settings.HOLDFAST_PAGE_CACHE_SECONDS = 0
    client.get(reverse("forum:home"))
    with django_assert_max_num_queries(5) as captured:
        response = client.get(reverse("forum:home"))
    assert len(captured) > 0 and "ETag" not in response


def test_page_cache_bump_site_forgets_every_page(client, thread, django_assert_max_num_queries):
    client.get(reverse("forum:home"))
    page_cache.bump(page_cache.SITE)
    with django_assert_max_num_queries(5) as captured:
        client.get(reverse("forum:home"))
    assert len(captured) > 0


def test_page_cache_stores_no_error_page(client, django_assert_max_num_queries):
    missing = reverse("forum:category_detail", kwargs={"slug": "nowhere"})
    client.get(missing)
    with django_assert_max_num_queries(5) as captured:
        assert client.get(missing).status_code == HTTPStatus.NOT_FOUND
    assert len(captured) > 0


def test_page_cache_hit_carries_every_security_header_of_a_render(client, thread):
    rendered = client.get(reverse("forum:home"))
    hit = client.get(reverse("forum:home"))
    for header in (
        "X-Frame-Options",
        "Content-Security-Policy",
        "Permissions-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Content-Type",
    ):
        assert hit[header] == rendered[header], header
    assert not hit.cookies


@pytest.mark.urls("tests.pagecache.page_cache_urls")
def test_page_cache_serves_a_page_marked_for_everyone_to_members_too(client_for, member):
    from tests.pagecache import page_cache_urls

    page_cache_urls.renders.clear()
    visitor, signed_in = client_for(None), client_for(member)
    first = visitor.get("/badge/rowan.svg")
    assert signed_in.get("/badge/rowan.svg").content == first.content == b"<svg>rowan</svg>"
    assert page_cache_urls.renders == ["rowan"]  # rendered once, for both
    page_cache.bump("member:rowan")
    signed_in.get("/badge/rowan.svg")
    assert page_cache_urls.renders == ["rowan", "rowan"]


@pytest.mark.urls("tests.pagecache.page_cache_urls")
def test_page_cache_keeps_a_page_for_everyone_in_memory_for_a_few_seconds(client):
    import time_machine
    from django.core.cache import cache

    from tests.pagecache import page_cache_urls

    page_cache_urls.renders.clear()
    with time_machine.travel(0, tick=False) as traveller:
        client.get("/badge/rowan.svg")
        cache.clear()  # as if this process could not reach the shared cache
        assert client.get("/badge/rowan.svg").content == b"<svg>rowan</svg>"
        assert page_cache_urls.renders == ["rowan"]  # from this process's memory
        traveller.shift(page_cache.LOCAL_SECONDS + 1)
        client.get("/badge/rowan.svg")
        assert page_cache_urls.renders == ["rowan", "rowan"]  # asked the shared cache again


@pytest.mark.urls("tests.pagecache.page_cache_urls")
def test_page_cache_forgets_a_page_in_memory_when_its_scope_is_bumped(client):
    from tests.pagecache import page_cache_urls

    page_cache_urls.renders.clear()
    client.get("/badge/rowan.svg")
    client.get("/badge/sasha.svg")
    page_cache.bump("member:rowan")
    client.get("/badge/rowan.svg")
    client.get("/badge/sasha.svg")
    # rowan's page is rendered again; sasha's comes from the shared cache, still fresh.
    assert page_cache_urls.renders == ["rowan", "sasha", "rowan"]


@pytest.mark.urls("tests.pagecache.page_cache_urls")
def test_page_cache_keeps_nothing_in_memory_that_a_bump_outdated_while_it_was_drawn(client):
    from tests.pagecache import page_cache_urls

    page_cache_urls.renders.clear()
    client.get("/changing/rowan.svg")
    client.get("/changing/rowan.svg")
    assert page_cache_urls.renders == ["rowan", "rowan"]


def test_page_cache_keeps_no_visitors_html_page_in_memory(client, thread):
    url = reverse("forum:home")
    client.get(url)
    assert local._local == {}


@pytest.mark.urls("tests.pagecache.page_cache_urls")
def test_page_cache_stores_a_page_for_everyone_only_if_it_says_public(client):
    from tests.pagecache import page_cache_urls

    page_cache_urls.renders.clear()
    client.get("/unmarked/rowan.svg")
    client.get("/unmarked/rowan.svg")
    assert page_cache_urls.renders == ["rowan", "rowan"]


def test_page_cache_forgets_both_categories_and_the_thread_when_a_moderator_moves_it(
    client, thread, moderator
):
    from moderation import actions as moderation_services

    elsewhere = factories.make_category(name="Setbacks", slug="setbacks")
    old_list, new_list = thread.category.get_absolute_url(), elsewhere.get_absolute_url()
    for url in (old_list, new_list, thread.get_absolute_url()):
        client.get(url)
    assert "Day one again" in client.get(old_list).text
    assert "Day one again" not in client.get(new_list).text
    moderation_services.move_thread(moderator=moderator, thread=thread, category=elsewhere)
    assert "Day one again" not in client.get(old_list).text
    assert "Day one again" in client.get(new_list).text
    assert "Setbacks" in client.get(thread.get_absolute_url()).text


def _make_stale(client, url):
    """Age the stored page past its time, its versions unchanged."""
    from django.core.cache import cache

    key = plan.plan_for(client.get(url).wsgi_request).page_key
    versions, stored, _fresh_until = cache.get(key)
    cache.set(key, (versions, stored, 0), timeout=60)
    return key


def test_page_cache_renders_a_stale_page_once_and_serves_the_stale_copy_meanwhile(
    client, thread, django_assert_num_queries, django_assert_max_num_queries
):
    from django.core.cache import cache

    url = reverse("forum:home")
    key = _make_stale(client, url)
    # Another request is rendering it again (it holds the lock): the stale copy, no query.
    cache.add(visitors._RENDERING.format(key), 1, timeout=10)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == HTTPStatus.OK
    # The lock is free: this request renders the page again and stores it fresh.
    cache.delete(visitors._RENDERING.format(key))
    with django_assert_max_num_queries(5) as captured:
        client.get(url)
    assert len(captured) > 0
    assert cache.get(key)[2] > 0
    assert cache.get(visitors._RENDERING.format(key)) is None
    with django_assert_num_queries(0):
        client.get(url)


def test_page_cache_never_serves_a_bumped_page_stale(client, thread, other_member):
    url = reverse("forum:home")
    _make_stale(client, url)
    factories.make_thread(author=other_member, category=thread.category, title="Week two")
    assert "Week two" in client.get(url).text
