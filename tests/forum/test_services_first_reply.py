"""Specification of Thread.first_reply_at, the stored "answered" mark: after every kind of
write that can change whether someone other than the author has answered, the stored mark
equals the rule recomputed from the posts (forum.models.threads.first_reply_rule), and the
"waiting for a first reply" list read from it equals the list asked of the posts directly."""

from datetime import timedelta

import pytest
from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts.data_rights import services as data_rights
from forum import services
from forum.models import Post, Status, Thread
from forum.models.threads import first_reply_rule
from moderation import actions as moderation_services
from tests import factories

pytestmark = pytest.mark.django_db

PHONE = "Call me on 555 123 4567 tonight."  # held by screening (personal details)


def _waiting_by_the_rule() -> list[Thread]:
    """awaiting_first_reply() as it was before the mark: a NOT EXISTS on the posts."""
    from_others = Post.objects.filter(
        thread=OuterRef("pk"), number__gt=1, status=Status.PUBLISHED, deleted_at__isnull=True
    ).exclude(author_id=OuterRef("author_id"))
    return list(
        Thread.objects.filter(status=Status.PUBLISHED, pinned=False, locked=False)
        .filter(author__isnull=False)
        .not_prompts()
        .exclude(Exists(from_others))
        .order_by("created_at", "pk")
    )


def assert_mark_follows_the_rule() -> None:
    rows = Thread.objects.annotate(expected=first_reply_rule()).order_by("pk")
    assert [(t.pk, t.first_reply_at) for t in rows] == [(t.pk, t.expected) for t in rows]
    assert list(Thread.objects.awaiting_first_reply()) == _waiting_by_the_rule()


@pytest.fixture
def thread(member, category):
    return factories.make_thread(author=member, category=category, title="Day one again")


def _first_reply_at(thread) -> object:
    return Thread.objects.values_list("first_reply_at", flat=True).get(pk=thread.pk)


def test_first_reply_at_waits_for_someone_other_than_the_author(thread, member, other_member):
    factories.make_reply(author=member, thread=thread, body="Still here, talking to myself.")
    assert _first_reply_at(thread) is None
    assert_mark_follows_the_rule()
    reply = factories.make_reply(author=other_member, thread=thread)
    assert _first_reply_at(thread) == reply.created_at
    assert_mark_follows_the_rule()


def test_first_reply_at_keeps_the_earliest_of_several_answers(thread, other_member):
    now = timezone.now()
    first = services.create_reply(author=other_member, thread=thread, body="First.", now=now).post
    third = factories.make_member(username="kai")
    later = now + timedelta(minutes=5)
    services.create_reply(author=third, thread=thread, body="Me too.", now=later)
    assert _first_reply_at(thread) == first.created_at
    assert_mark_follows_the_rule()
    services.hide_post(post=first, reason="spam")
    assert _first_reply_at(thread) == later
    assert_mark_follows_the_rule()


def test_first_reply_at_ignores_a_held_reply_until_it_is_published(thread, other_member, moderator):
    held = services.create_reply(author=other_member, thread=thread, body=PHONE).post
    assert held.status == Status.PENDING and _first_reply_at(thread) is None
    assert_mark_follows_the_rule()
    moderation_services.approve_post(moderator=moderator, post=held)
    assert _first_reply_at(thread) == held.created_at
    assert_mark_follows_the_rule()


def test_first_reply_at_clears_when_the_only_answer_is_rejected(thread, other_member, moderator):
    held = services.create_reply(author=other_member, thread=thread, body=PHONE).post
    moderation_services.reject_post(moderator=moderator, post=held)
    assert _first_reply_at(thread) is None
    assert_mark_follows_the_rule()


def test_first_reply_at_follows_hide_and_unhide(thread, other_member, moderator):
    reply = factories.make_reply(author=other_member, thread=thread)
    moderation_services.hide_post(moderator=moderator, post=reply, reason="Too much")
    assert _first_reply_at(thread) is None
    assert_mark_follows_the_rule()
    moderation_services.unhide_post(moderator=moderator, post=reply)
    assert _first_reply_at(thread) == reply.created_at
    assert_mark_follows_the_rule()


def test_first_reply_at_follows_a_reply_hidden_inside_a_hidden_thread(
    thread, other_member, moderator
):
    reply = factories.make_reply(author=other_member, thread=thread)
    opening = thread.posts.get(number=1)
    moderation_services.hide_post(moderator=moderator, post=opening, reason="Held back")
    moderation_services.hide_post(moderator=moderator, post=reply, reason="Too much")
    moderation_services.unhide_post(moderator=moderator, post=opening)
    assert _first_reply_at(thread) is None
    assert list(Thread.objects.awaiting_first_reply()) == [thread]
    assert_mark_follows_the_rule()


def test_first_reply_at_clears_when_the_answer_is_removed_by_its_author(thread, other_member):
    reply = factories.make_reply(author=other_member, thread=thread)
    services.delete_post(member=other_member, post=reply)
    assert _first_reply_at(thread) is None
    assert_mark_follows_the_rule()


def test_first_reply_at_clears_when_an_edit_is_held(thread, other_member):
    reply = factories.make_reply(author=other_member, thread=thread)
    outcome = services.edit_post(editor=other_member, post=reply, body=PHONE)
    assert outcome.held and _first_reply_at(thread) is None
    assert_mark_follows_the_rule()


def test_first_reply_at_stays_when_the_thread_is_moved(thread, other_member, moderator):
    reply = factories.make_reply(author=other_member, thread=thread)
    elsewhere = factories.make_category(name="Moving on", slug="moving-on")
    moderation_services.move_thread(moderator=moderator, thread=thread, category=elsewhere)
    assert _first_reply_at(thread) == reply.created_at
    assert_mark_follows_the_rule()


def test_first_reply_at_clears_when_the_answerer_deletes_their_posts(thread, other_member):
    factories.make_reply(author=other_member, thread=thread)
    data_rights.delete_member(member=other_member, keep_posts=False)
    assert _first_reply_at(thread) is None
    assert list(Thread.objects.awaiting_first_reply()) == [thread]
    assert_mark_follows_the_rule()


def test_first_reply_at_stays_when_the_answerer_leaves_their_posts(thread, other_member):
    reply = factories.make_reply(author=other_member, thread=thread)
    data_rights.delete_member(member=other_member, keep_posts=True)
    # "Former member"'s words still answered the thread.
    assert _first_reply_at(thread) == reply.created_at
    assert_mark_follows_the_rule()
