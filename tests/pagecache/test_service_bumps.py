"""What a visitor reads from the page cache after a post changes: the edited text, at once,
on the thread, on the author's profile (its recent posts, cached under "lists") and in the
thread lists — whoever changed it, the author or a moderator (forum.services bumps the
thread's scope and "lists"; moderation's actions go through those services)."""

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

import pagecache as page_cache
from forum import services
from tests import factories

pytestmark = pytest.mark.django_db

OLD = "Counting the days with tea and long walks"
NEW = "Counting the days with cocoa and longer walks"


@pytest.fixture
def opening(member):
    category = factories.make_category(name="Daily check-ins")
    thread = factories.make_thread(
        author=member, category=category, title="Week two and holding", body=OLD
    )
    return thread.posts.get(number=1)


def visitor_pages(post):
    return {
        "profile": reverse("accounts:profile", args=[post.author.username]),
        "category": post.thread.category.get_absolute_url(),
        "home": reverse("forum:home"),
        "thread": post.thread.get_absolute_url(),
    }


def warm(visitor: Client, urls) -> None:
    """Fetch each page twice: the second answer is the cached copy."""
    for url in urls:
        for _ in range(2):
            assert visitor.get(url).status_code == HTTPStatus.OK, url


def text(visitor: Client, url: str) -> str:
    # follow: a new title gives the thread a new slug, and its old address redirects.
    return visitor.get(url, follow=True).content.decode()


def test_edit_post_by_its_author_reaches_a_visitors_cached_profile_and_lists(
    client, client_for, member, opening
):
    urls = visitor_pages(opening)
    warm(client, urls.values())
    assert OLD in text(client, urls["profile"])
    response = client_for(member).post(
        reverse("forum:post_edit", args=[opening.pk]),
        {"body": NEW, "title": "Week two and still holding"},
    )
    assert response.status_code == HTTPStatus.FOUND
    profile = text(client, urls["profile"])
    assert NEW in profile and OLD not in profile
    assert "Week two and still holding" in profile
    for where in ["category", "home", "thread"]:
        assert "Week two and still holding" in text(client, urls[where]), where
    assert NEW in text(client, urls["thread"])


def test_redact_post_by_a_moderator_reaches_a_visitors_cached_profile(
    client, client_for, moderator, opening
):
    urls = visitor_pages(opening)
    warm(client, urls.values())
    response = client_for(moderator).post(
        reverse("moderation:post_redact", args=[opening.pk]),
        {"body": "Counting the days. [address removed by a moderator]", "reason": "An address"},
    )
    assert response.status_code == HTTPStatus.FOUND
    for where in ["profile", "thread"]:
        page = text(client, urls[where])
        assert "[address removed by a moderator]" in page and OLD not in page, where


def test_edit_post_by_a_moderator_reaches_a_visitors_cached_profile(
    client, client_for, moderator, opening
):
    urls = visitor_pages(opening)
    warm(client, urls.values())
    response = client_for(moderator).post(
        reverse("forum:post_edit", args=[opening.pk]),
        {"body": NEW, "title": "Week two and holding"},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert NEW in text(client, urls["profile"])
    assert OLD not in text(client, urls["profile"])


def test_hide_post_by_a_moderator_takes_it_off_a_visitors_cached_profile_and_lists(
    client, client_for, moderator, member, opening
):
    reply = factories.make_reply(author=member, thread=opening.thread, body=NEW)
    urls = visitor_pages(reply)
    warm(client, urls.values())
    assert NEW in text(client, urls["profile"])
    response = client_for(moderator).post(
        reverse("moderation:act", args=[f"post:{reply.pk}"]),
        {"action": "hide", "reason": "Off topic"},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert NEW not in text(client, urls["profile"])
    assert NEW not in text(client, urls["thread"])
    # And back: unhiding brings it to the cached profile again.
    client_for(moderator).post(
        reverse("moderation:act", args=[f"post:{reply.pk}"]), {"action": "unhide"}
    )
    assert NEW in text(client, urls["profile"])


def test_hide_opening_post_takes_the_thread_off_a_visitors_cached_lists(
    client, client_for, moderator, opening
):
    urls = visitor_pages(opening)
    warm(client, urls.values())
    client_for(moderator).post(
        reverse("moderation:act", args=[f"post:{opening.pk}"]), {"action": "hide"}
    )
    for where in ["profile", "category", "home"]:
        assert "Week two and holding" not in text(client, urls[where]), where


def test_edit_post_bumps_the_threads_scope_and_lists(member, opening):
    scopes = ("lists", f"thread:{opening.thread_id}", "thread:0")
    before = page_cache.scope_versions(*scopes)
    services.edit_post(editor=member, post=opening, body=NEW)
    after = page_cache.scope_versions(*scopes)
    # (site, lists, this thread, another thread): only lists and this thread change.
    assert [b != a for b, a in zip(before, after, strict=True)] == [False, True, True, False]
