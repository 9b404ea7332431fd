"""Anonymous posts never say who wrote them (issue #15 item 2): not in a page's source, the
lists, search, notifications, emails, badges, the author's profile, nor another member's
data export — for members, visitors and moderators alike (a moderator learns it only by a
logged look: tests/forum/test_anonymity.py). There are no feeds on the site to leak through.
"""

import json

import pytest
from django.core import mail
from django.urls import reverse

from accounts import services as account_services
from accounts.data_rights import services as data_rights
from moderation import actions as moderation_actions
from moderation import queues
from tests import factories

SECRET = "marmalade"  # a word only the anonymous posts hold, to find them by search


@pytest.fixture
def hidden_author(db):
    author = factories.make_member(username="wren_quill", display_name="Wren Quillfeather")
    # A streak, so a badge would show beside a post that named its author.
    account_services.start_streak(member=author, started_on=author.date_joined.date())
    return author


@pytest.fixture
def anonymous_world(hidden_author, member, other_member, django_capture_on_commit_callbacks):
    category = factories.make_category(name="Hard to say", allows_anonymous=True)
    thread = factories.make_thread(author=member, category=category, title="Talking it through")
    with django_capture_on_commit_callbacks(execute=True):
        factories.make_reply(
            author=hidden_author,
            thread=thread,
            body=f"I still keep his {SECRET} jar, @rowan.",
            anonymous=True,
        )
        opened = factories.make_thread(
            author=hidden_author,
            category=category,
            title="Nobody knows this",
            body=f"The {SECRET} story.",
            anonymous=True,
        )
        factories.make_reply(author=member, thread=opened, body="Thank you for saying it.")
        factories.make_reply(author=hidden_author, thread=opened, body="Thanks.", anonymous=True)
    return thread, opened


def _no_trace(text: str, author) -> None:
    lowered = text.casefold()
    for name in (author.username, author.display_name, author.public_name):
        assert name.casefold() not in lowered, f"{name!r} leaked"


def _pages(thread, opened):
    return [
        thread.get_absolute_url(),
        opened.get_absolute_url(),
        reverse("forum:home"),
        reverse("forum:category_detail", args=[thread.category.slug]),
        reverse("forum:search") + f"?q={SECRET}",
    ]


def test_anonymous_post_leaves_no_trace_in_page_source_for_members(
    client_for, anonymous_world, hidden_author, other_member
):
    client = client_for(other_member)
    for url in _pages(*anonymous_world):
        page = client.get(url).content.decode()
        _no_trace(page, hidden_author)
    assert (
        "Anonymous member 1" in client.get(anonymous_world[1].get_absolute_url()).content.decode()
    )


def test_anonymous_post_leaves_no_trace_for_visitors(client, anonymous_world, hidden_author):
    for url in _pages(*anonymous_world):
        _no_trace(client.get(url).content.decode(), hidden_author)


def test_anonymous_post_search_shows_the_alias_not_the_author(
    client_for, anonymous_world, hidden_author, other_member
):
    page = client_for(other_member).get(reverse("forum:search") + f"?q={SECRET}")
    text = page.content.decode()
    assert "Anonymous member" in text and SECRET in text
    _no_trace(text, hidden_author)


def test_anonymous_post_moderator_page_shows_no_name_before_a_look(
    client_for, anonymous_world, hidden_author, moderator
):
    page = client_for(moderator).get(anonymous_world[1].get_absolute_url()).content.decode()
    _no_trace(page, hidden_author)
    assert "Who wrote this?" in page


def test_anonymous_post_notifications_and_emails_do_not_name_the_author(
    client_for, anonymous_world, hidden_author, member
):
    for url in (reverse("forum:notification_list"), reverse("forum:home")):
        page = client_for(member).get(url).content.decode()
        assert "Anonymous member 1 mentioned you" in " ".join(page.split())
        _no_trace(page, hidden_author)
    to_member = [m for m in mail.outbox if member.email in m.to]
    assert to_member, "the mention and replies are emailed"
    for message in to_member:
        parts = [message.subject, message.body, *(c for c, _ in message.alternatives)]
        _no_trace("\n".join(parts), hidden_author)


def test_anonymous_post_is_not_on_its_authors_profile(
    client_for, anonymous_world, hidden_author, other_member
):
    client = client_for(other_member)
    for url in (
        reverse("accounts:profile", args=[hidden_author.username]),
        reverse("forum:member_posts", args=[hidden_author.username]),
    ):
        page = client.get(url).content.decode()
        assert SECRET not in page and "Nobody knows this" not in page
    # Nor counted there: a count rising with each anonymous post would say whose it is.
    profile = client.get(reverse("accounts:profile", args=[hidden_author.username]))
    assert "· 0 posts" in profile.content.decode()


def test_anonymous_post_not_in_another_members_export(anonymous_world, hidden_author, member):
    exported = json.dumps(data_rights.collect_member_data(member), default=str)
    _no_trace(exported, hidden_author)


def test_anonymous_post_badge_not_beside_the_post(
    client_for, anonymous_world, hidden_author, other_member
):
    hidden_author.streak_visibility = "everyone"
    hidden_author.save()
    page = client_for(other_member).get(anonymous_world[1].get_absolute_url()).content.decode()
    assert reverse("accounts:profile", args=[hidden_author.username]) not in page
    # The only posts here are the anonymous ones and rowan's (who has no streak): no badge.
    assert 'class="streak-badge' not in page


def test_anonymous_post_guides_queue_shows_the_alias(client_for, anonymous_world, hidden_author):
    """Guides are not moderators: their "waiting for a first reply" list names no author."""
    guide = factories.make_member(username="guide_gale", is_guide=True)
    lonely = factories.make_thread(
        author=hidden_author,
        category=anonymous_world[0].category,
        title="Is anyone awake",
        anonymous=True,
    )
    page = client_for(guide).get(reverse("moderation:first_reply_queue")).content.decode()
    assert lonely.title in page and "Anonymous member 1" in page
    _no_trace(page, hidden_author)


def test_anonymous_post_reported_shows_the_alias_in_the_queue_until_a_logged_look(
    client_for, anonymous_world, hidden_author, member, moderator
):
    """The rules queue and the report's own page name the alias, not the author, and offer
    the logged look; the sanctions are still there and reach the real account."""
    thread, opened = anonymous_world
    post = thread.posts.get(anonymous_alias__isnull=False)
    moderation_actions.report_post(reporter=member, post=post, reason="harassment")
    client = client_for(moderator)
    for url in (
        reverse("moderation:rules_queue"),
        reverse("moderation:target_detail", args=[queues.target_key("post", post.pk)]),
    ):
        page = client.get(url).content.decode()
        _no_trace(page, hidden_author)
        assert "Who wrote this?" in page
        assert f"Sanctions for {post.anonymous_name}" in page
