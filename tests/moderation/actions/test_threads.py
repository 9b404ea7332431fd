"""Specification of moderation.actions (threads.py): moderators' actions on threads."""

import pytest
from django.contrib.auth.models import AnonymousUser

from forum import search, search_index
from moderation import actions
from moderation.models import (
    ModerationAction,
    Report,
)
from tests import factories
from tests.moderation.conftest import audited

pytestmark = pytest.mark.django_db


# --- Threads -----------------------------------------------------------------------------------


def test_lock_unlock_pin_unpin(moderator, member, thread):
    actions.report_thread(reporter=factories.make_member(), thread=thread, reason="spam")
    actions.lock_thread(moderator=moderator, thread=thread, reason="Heated")
    thread.refresh_from_db()
    assert thread.locked and Report.objects.get().status == "resolved"
    actions.unlock_thread(moderator=moderator, thread=thread)
    actions.pin_thread(moderator=moderator, thread=thread)
    thread.refresh_from_db()
    assert thread.pinned and not thread.locked
    actions.unpin_thread(moderator=moderator, thread=thread)
    thread.refresh_from_db()
    assert not thread.pinned
    assert audited() == ["lock_thread", "unlock_thread", "pin_thread", "unpin_thread"]


def test_thread_actions_refused_for_members(member, thread):
    for service in (actions.lock_thread, actions.pin_thread):
        with pytest.raises(actions.ActionRefused):
            service(moderator=member, thread=thread)


def test_move_thread_carries_its_counts(moderator, post, category, other_category):
    actions.move_thread(moderator=moderator, thread=post.thread, category=other_category)
    category.refresh_from_db()
    other_category.refresh_from_db()
    assert (category.thread_count, category.post_count) == (0, 0)
    assert (other_category.thread_count, other_category.post_count) == (1, 2)
    entry = ModerationAction.objects.get()
    assert (entry.before, entry.after) == ("Daily check-ins", "Moving on")


def test_a_thread_moved_into_a_members_only_category_leaves_visitors_search(
    moderator, post, other_category
):
    """The search index carries each post's audience: it moves with the thread."""
    post.thread.posts.update(body_text="a lighthouse")
    search_index.sync_thread(post.thread_id)
    assert search.RankedSearch("lighthouse", AnonymousUser()).count() == 2
    other_category.members_only = True
    other_category.save()
    actions.move_thread(moderator=moderator, thread=post.thread, category=other_category)
    assert search.RankedSearch("lighthouse", AnonymousUser()).count() == 0
    assert search.RankedSearch("lighthouse", moderator).count() == 2


def test_move_thread_to_its_own_category_is_refused(moderator, thread, category):
    with pytest.raises(actions.ActionRefused, match="already in that category"):
        actions.move_thread(moderator=moderator, thread=thread, category=category)
