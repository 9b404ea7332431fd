"""Specification of forum.permissions: who may read, post, edit and react in the forum. Plain
objects stand in for models where no database is needed; the moderator check uses the
database."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from forum import permissions

pytestmark = pytest.mark.django_db


def category(members_only=False):
    return SimpleNamespace(members_only=members_only)


def thread(author=None, *, status="published", locked=False, members_only=False):
    return SimpleNamespace(
        author_id=author.pk if author else None,
        status=status,
        locked=locked,
        category=category(members_only),
    )


def post(author=None, *, status="published", deleted=False, on=None):
    return SimpleNamespace(
        author_id=author.pk if author else None,
        status=status,
        deleted_at=timezone.now() if deleted else None,
        thread=on or thread(),
    )


def test_members_only_categories_are_for_members(member):
    assert permissions.can_view_category(AnonymousUser(), category())
    assert not permissions.can_view_category(AnonymousUser(), category(members_only=True))
    assert permissions.can_view_category(member, category(members_only=True))


@pytest.mark.parametrize(
    ("status", "viewer", "visible"),
    [
        ("published", "visitor", True),
        ("pending", "visitor", False),
        ("pending", "author", True),
        ("pending", "other", False),
        ("pending", "moderator", True),
        ("hidden", "author", False),
        ("hidden", "moderator", True),
    ],
)
def test_can_view_thread(member, other_member, moderator, status, viewer, visible):
    people = {
        "visitor": AnonymousUser(),
        "author": member,
        "other": other_member,
        "moderator": moderator,
    }
    assert permissions.can_view_thread(people[viewer], thread(member, status=status)) is visible


def test_can_see_post_body_hides_hidden_and_removed_from_members(member, other_member, moderator):
    hidden = post(member, status="hidden")
    removed = post(member, deleted=True)
    for person in (member, other_member):
        assert not permissions.can_see_post_body(person, hidden)
        assert not permissions.can_see_post_body(person, removed)
    assert permissions.can_see_post_body(moderator, hidden)
    assert permissions.can_see_post_body(member, post(member, status="pending"))
    assert not permissions.can_see_post_body(other_member, post(member, status="pending"))


def test_can_start_thread_needs_an_active_unsilenced_member(member):
    assert permissions.can_start_thread(member, category())
    assert (
        permissions.why_cannot_start_thread(AnonymousUser(), category()) == permissions.SIGNED_OUT
    )
    member.silenced_until = timezone.now() + timedelta(minutes=5)
    assert permissions.why_cannot_start_thread(member, category()) == permissions.SILENCED
    member.silenced_until = timezone.now() - timedelta(minutes=5)
    assert permissions.can_start_thread(member, category())
    member.suspended_until = timezone.now() + timedelta(days=1)
    assert permissions.why_cannot_start_thread(member, category()) == permissions.SUSPENDED


def test_can_reply_refuses_locked_and_unpublished_threads(member, moderator):
    assert permissions.can_reply(member, thread())
    assert permissions.why_cannot_reply(member, thread(locked=True)) == permissions.LOCKED
    assert permissions.can_reply(moderator, thread(locked=True))
    pending = thread(member, status="pending")
    assert permissions.why_cannot_reply(member, pending) == permissions.NOT_PUBLISHED
    assert not permissions.can_reply(AnonymousUser(), thread())


def test_can_edit_post(member, other_member, moderator):
    own = post(member)
    assert permissions.can_edit_post(member, own)
    assert not permissions.can_edit_post(other_member, own)
    assert permissions.can_edit_post(moderator, own)
    assert not permissions.can_edit_post(member, post(member, deleted=True))
    assert not permissions.can_edit_post(member, post(member, status="hidden"))
    assert not permissions.can_edit_post(member, post(member, on=thread(locked=True)))
    assert permissions.can_edit_post(moderator, post(member, on=thread(locked=True)))
    assert not permissions.can_edit_post(AnonymousUser(), own)
    member.silenced_until = timezone.now() + timedelta(hours=1)
    assert not permissions.can_edit_post(member, own)


def test_can_delete_post_only_for_its_author(member, other_member, moderator):
    own = post(member)
    assert permissions.can_delete_post(member, own)
    assert not permissions.can_delete_post(other_member, own)
    assert not permissions.can_delete_post(moderator, own)
    assert not permissions.can_delete_post(member, post(member, deleted=True))
    assert not permissions.can_delete_post(AnonymousUser(), post(None))


def test_can_see_edit_history(member, other_member, moderator):
    own = post(member)
    assert permissions.can_see_edit_history(member, own)
    assert permissions.can_see_edit_history(moderator, own)
    assert not permissions.can_see_edit_history(other_member, own)
    assert not permissions.can_see_edit_history(AnonymousUser(), own)


def test_can_react_not_to_own_or_unpublished_posts(member, other_member):
    assert permissions.can_react(other_member, post(member))
    assert not permissions.can_react(member, post(member))
    assert not permissions.can_react(other_member, post(member, status="pending"))
    assert not permissions.can_react(other_member, post(member, deleted=True))
    assert not permissions.can_react(AnonymousUser(), post(member))


def test_can_block_other_members_but_not_moderators(member, other_member, moderator):
    assert permissions.can_block(member, other_member)
    assert not permissions.can_block(member, member)
    assert not permissions.can_block(member, moderator)
    assert not permissions.can_block(AnonymousUser(), other_member)
    assert not permissions.can_block(member, None)


def test_former_members_own_nothing(member):
    orphan = post(None)
    assert not permissions.can_edit_post(member, orphan)
    assert not permissions.can_see_edit_history(member, orphan)


def test_posts_await_approval_for_first_posts_only(member, moderator, settings):
    settings.HOLDFAST_APPROVAL_POSTS = 2
    assert permissions.posts_await_approval(member)
    member.post_count = 2
    assert not permissions.posts_await_approval(member)
    moderator.post_count = 0
    assert not permissions.posts_await_approval(moderator)
    settings.HOLDFAST_APPROVAL_POSTS = 0
    member.post_count = 0
    assert not permissions.posts_await_approval(member)


def test_rule_finds_forum_and_moderation_rules_by_name():
    from moderation import permissions as moderation_permissions

    assert permissions.rule("edit_post") is permissions.can_edit_post
    assert permissions.rule("report") is moderation_permissions.can_report
    assert permissions.rule("no_such_rule") is None


@pytest.mark.parametrize(
    ("own", "expected"),
    [(True, [False, False, True, False]), (False, [False, False, False, True])],
)
def test_ask_each_answers_and_remembers_as_ask_does(member, other_member, own, expected):
    """The post fragments ask a page's post questions with rules found once (ask_each): the
    same answers as ask(), left where the template's `can` filter reads them."""
    names = ("edit_post", "delete_post", "see_edit_history", "see_post_body")
    written = post(member if own else other_member, deleted=own)
    rules = {name: permissions.rule(name) for name in names}
    assert permissions.ask_each(member, rules, written) == expected
    assert [permissions.answered(member, name, written) for name in names] == expected
    assert [permissions.ask(member, name, written) for name in names] == expected
    assert permissions.answered(other_member, "edit_post", written) is None
