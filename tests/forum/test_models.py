"""Specification of the forum's models: derived properties and database constraints."""

import pytest
from django.db import IntegrityError
from django.utils import timezone

from forum import services
from forum.models import Block, Post, Reaction, Status, Thread
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("number", "page"), [(1, 1), (20, 1), (21, 2), (1000, 50), (None, 1)])
def test_post_page_is_computed_from_its_number(number, page):
    assert Post(number=number).page == page


@pytest.mark.parametrize(("last", "pages"), [(0, 1), (1, 1), (20, 1), (21, 2), (1000, 50)])
def test_thread_page_count(last, pages):
    assert Thread(last_post_number=last).page_count == pages


def test_thread_url_carries_its_slug(thread):
    assert thread.get_absolute_url() == f"/t/{thread.pk}/day-one-again/"


def test_reaction_is_unique_per_member_post_and_kind(thread, other_member):
    post = thread.posts.get()
    Reaction.objects.create(
        post=post, member=other_member, kind="helped", created_at=timezone.now()
    )
    with pytest.raises(IntegrityError):
        Reaction.objects.create(
            post=post, member=other_member, kind="helped", created_at=timezone.now()
        )


def test_post_numbers_are_unique_within_a_thread(thread, member):
    with pytest.raises(IntegrityError):
        Post.objects.create(
            thread=thread,
            author=member,
            body="x",
            body_html="x",
            number=1,
            created_at=timezone.now(),
        )


def test_a_member_cannot_block_themselves(member):
    with pytest.raises(IntegrityError):
        Block.objects.create(blocker=member, blocked=member, created_at=timezone.now())


def test_deleting_an_account_keeps_its_posts_as_a_former_members(thread, member, client):
    member.delete()
    post = Post.objects.get()
    assert post.author is None
    assert "Former member" in client.get(thread.get_absolute_url()).content.decode()


# --- Prompts and threads waiting for a first reply ---------------------------------------


def _prompt(author, key, **kwargs):
    thread = factories.make_thread(author=author, title=f"Prompt {key}?", **kwargs)
    Thread.objects.filter(pk=thread.pk).update(seed_key=key)
    thread.refresh_from_db()
    return thread


def test_awaiting_first_reply_lists_threads_nobody_else_answered_oldest_first(member, other_member):
    older = factories.make_thread(author=member, title="Older and alone")
    newer = factories.make_thread(author=other_member, title="Newer and alone")
    answered = factories.make_thread(author=member, title="Somebody came")
    factories.make_reply(author=other_member, thread=answered)
    assert list(Thread.objects.awaiting_first_reply()) == [older, newer]


def test_awaiting_first_reply_still_waits_when_only_the_author_added_to_it(member, other_member):
    thread = factories.make_thread(author=member, title="Talking to myself")
    factories.make_reply(author=member, thread=thread, body="And one more thing.")
    assert list(Thread.objects.awaiting_first_reply()) == [thread]
    factories.make_reply(author=other_member, thread=thread)
    assert list(Thread.objects.awaiting_first_reply()) == []


def test_awaiting_first_reply_ignores_replies_that_are_not_published(
    member, other_member, moderator
):
    thread = factories.make_thread(author=member, title="Still waiting")
    reply = factories.make_reply(author=other_member, thread=thread)
    services.hide_post(post=reply, reason="spam")
    removed = factories.make_reply(author=other_member, thread=thread)
    services.delete_post(member=other_member, post=removed)
    assert list(Thread.objects.awaiting_first_reply()) == [thread]


def test_awaiting_first_reply_leaves_out_prompts_pinned_locked_and_held(member, moderator):
    _prompt(moderator, "article-01")
    pinned = factories.make_thread(author=member, title="Pinned notice")
    services.set_thread_flags(thread=pinned, pinned=True)
    locked = factories.make_thread(author=member, title="Locked one")
    services.set_thread_flags(thread=locked, locked=True)
    held = factories.make_thread(author=member, title="Held one")
    Thread.objects.filter(pk=held.pk).update(status=Status.PENDING)
    waiting = factories.make_thread(author=member, title="The one that waits")
    assert list(Thread.objects.awaiting_first_reply()) == [waiting]


def test_unanswered_and_latest_leave_out_quiet_prompts(member, other_member, moderator):
    quiet = _prompt(moderator, "article-02")
    talked = _prompt(moderator, "article-03")
    factories.make_reply(author=other_member, thread=talked)
    mine = factories.make_thread(author=member, title="My own thread")
    assert list(Thread.objects.unanswered()) == [mine]
    assert set(Thread.objects.without_quiet_prompts()) == {talked, mine}
    assert list(Thread.objects.prompts()) == [quiet, talked]
