"""Specification of moderation.actions (queue.py): the queue's one click, dispatched to each
object's action."""

import pytest

from moderation import actions
from moderation.models import (
    ModerationAction,
)

pytestmark = pytest.mark.django_db


# --- The queue's one click ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "field", "value"),
    [("lock", "locked", True), ("pin", "pinned", True)],
)
def test_act_on_a_post_applies_thread_actions_to_its_thread(moderator, post, action, field, value):
    actions.act(moderator=moderator, key=f"post:{post.pk}", action=action)
    post.thread.refresh_from_db()
    assert getattr(post.thread, field) == value


def test_act_member_actions_apply_to_the_author(moderator, post):
    done = actions.act(moderator=moderator, key=f"post:{post.pk}", action="silence", silence_days=1)
    assert "silenced for 1 day." in done
    post.author.refresh_from_db()
    assert post.author.is_silenced()
    actions.act(moderator=moderator, key=f"post:{post.pk}", action="suspend", suspend_for="30")
    post.author.refresh_from_db()
    assert post.author.is_suspended() and not post.author.suspended_forever


def test_act_refuses_what_does_not_fit(moderator, member, thread, other_category):
    with pytest.raises(actions.ActionRefused, match="for posts"):
        actions.act(moderator=moderator, key=f"thread:{thread.pk}", action="hide")
    with pytest.raises(actions.ActionRefused, match="for threads"):
        actions.act(moderator=moderator, key=f"member:{member.pk}", action="lock")
    with pytest.raises(actions.ActionRefused, match="no longer exists"):
        actions.act(moderator=moderator, key="post:999999", action="hide")
    with pytest.raises(actions.ActionRefused, match="no longer exists"):
        actions.act(moderator=moderator, key="garbage", action="hide")
    with pytest.raises(actions.ActionRefused, match="choose the category"):
        actions.act(moderator=moderator, key=f"thread:{thread.pk}", action="move")
    with pytest.raises(actions.ActionRefused, match="actions offered"):
        actions.act(moderator=moderator, key=f"thread:{thread.pk}", action="explode")
    assert not ModerationAction.objects.exists()
