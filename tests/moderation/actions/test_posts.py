"""Specification of moderation.actions (posts.py): moderators' actions on posts: each audited,
the author and reporters told, the refusals."""

import pytest

from forum.models import Post, Status
from moderation import actions
from moderation.models import (
    HeldPost,
    ModerationAction,
    Report,
)
from tests import factories
from tests.moderation.conftest import audited, moderation_notes

pytestmark = pytest.mark.django_db


# --- Moderators' actions on posts ---------------------------------------------------------------


def test_hide_post_resolves_reports_tells_author_and_reporter(member, moderator, post):
    actions.report_post(reporter=member, post=post, reason="harassment")
    actions.hide_post(moderator=moderator, post=post, reason="Unkind")
    post.refresh_from_db()
    assert post.status == Status.HIDDEN and post.hidden_reason == "Unkind"
    assert Report.objects.get().status == "resolved"
    assert "hid your post: Unkind" in moderation_notes(post.author)[0]
    assert "hid it" in moderation_notes(member)[0]
    entry = ModerationAction.objects.get()
    assert (entry.moderator, entry.member, entry.reason) == (moderator, post.author, "Unkind")
    assert "You should text him." in entry.target_text


def test_hide_post_refused_for_members(member, post):
    with pytest.raises(actions.ActionRefused):
        actions.hide_post(moderator=member, post=post)
    assert not ModerationAction.objects.exists()


def test_unhide_post(moderator, post):
    with pytest.raises(actions.ActionRefused, match="isn't hidden"):
        actions.unhide_post(moderator=moderator, post=post)
    actions.hide_post(moderator=moderator, post=post)
    actions.unhide_post(moderator=moderator, post=post)
    post.refresh_from_db()
    assert post.status == Status.PUBLISHED
    assert audited() == ["hide_post", "unhide_post"]


def test_redact_post_keeps_the_original(member, moderator, post):
    actions.report_post(reporter=member, post=post, reason="doxxing")
    actions.redact_post(moderator=moderator, post=post, body="[removed]", reason="A number")
    post.refresh_from_db()
    assert post.body == "[removed]" and post.revisions.filter(body="You should text him.").exists()
    entry = ModerationAction.objects.get()
    assert (entry.before, entry.after) == ("You should text him.", "[removed]")
    assert Report.objects.get().status == "resolved"


def test_redact_post_refuses_no_change(moderator, post):
    with pytest.raises(actions.ActionRefused, match="unchanged"):
        actions.redact_post(moderator=moderator, post=post, body=post.body)


def test_approve_and_reject_held_posts(moderator, other_member, thread):
    held = factories.make_reply(author=other_member, thread=thread, body="Held one")
    Post.objects.filter(pk=held.pk).update(status=Status.PENDING, number=None)
    held.refresh_from_db()
    actions.record_hold(post=held, reasons=["new member"])
    actions.approve_post(moderator=moderator, post=held)
    held.refresh_from_db()
    assert held.status == Status.PUBLISHED and held.number is not None
    assert not HeldPost.objects.exists()
    with pytest.raises(actions.ActionRefused, match="waiting for approval"):
        actions.reject_post(moderator=moderator, post=held)
    second = factories.make_reply(author=other_member, thread=thread, body="Held two")
    Post.objects.filter(pk=second.pk).update(status=Status.PENDING, number=None)
    second.refresh_from_db()
    actions.reject_post(moderator=moderator, post=second, reason="Off topic")
    second.refresh_from_db()
    assert second.status == Status.HIDDEN
    assert "didn't approve your post: Off topic" in moderation_notes(other_member)[-1]
    assert audited() == ["approve_post", "reject_post"]
