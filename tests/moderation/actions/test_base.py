"""Specification of moderation.actions (base.py): the skeleton every moderator action shares, and
the audit log it writes."""

import pytest

from forum.models import Category
from moderation import actions, selectors
from moderation.actions.base import ActionRefused, Kind, moderator_action
from moderation.models import (
    ModerationAction,
)
from tests.moderation.conftest import moderation_notes

pytestmark = pytest.mark.django_db


# --- The audit log is append-only ----------------------------------------------------------------


def test_audit_log_cannot_be_changed_or_deleted(moderator, post):
    actions.hide_post(moderator=moderator, post=post)
    entry = ModerationAction.objects.get()
    entry.reason = "changed"
    with pytest.raises(ModerationAction.AppendOnly):
        entry.save()
    with pytest.raises(ModerationAction.AppendOnly):
        entry.delete()
    with pytest.raises(ModerationAction.AppendOnly):
        ModerationAction.objects.update(reason="x")
    with pytest.raises(ModerationAction.AppendOnly):
        ModerationAction.objects.all().delete()


def test_open_queue_count_is_forgotten_when_reports_change(member, moderator, post):
    assert selectors.open_queue_count() == 0
    actions.report_post(reporter=member, post=post, reason="spam")
    assert selectors.open_queue_count() == 1
    actions.hide_post(moderator=moderator, post=post)
    assert selectors.open_queue_count() == 0


def test_categories_exist_for_moving(category, other_category):
    assert set(selectors.categories_for_moving()) == set(Category.objects.all())


# --- The skeleton -----------------------------------------------------------------------------


def test_moderator_action_refuses_before_writing_anything(member, post):
    with (
        pytest.raises(ActionRefused, match="Not you"),
        moderator_action(
            moderator=member, action=Kind.HIDE_POST, target=post, allowed=False, refusal="Not you."
        ),
    ):
        pytest.fail("the block must not run when the action is not allowed")
    assert not ModerationAction.objects.exists()


def test_moderator_action_writes_the_audit_row_last_with_the_target_as_changed(moderator, member):
    with moderator_action(
        moderator=moderator, action=Kind.SILENCE_MEMBER, target=member, reason=" why ",
        allowed=True, refusal="",
    ) as act:  # fmt: skip
        act.update_member(member, display_name="Renamed")
        act.notify(member, "A note.")
        act.after = "until later"
    entry = ModerationAction.objects.get()
    assert (entry.action, entry.reason, entry.after) == ("silence_member", "why", "until later")
    assert entry.target_text.startswith("Renamed")
    assert entry.member == member
    assert moderation_notes(member) == ["A note."]


def test_moderator_action_rolls_back_when_refused_inside(moderator, member):
    with (
        pytest.raises(ActionRefused),
        moderator_action(
            moderator=moderator, action=Kind.WARN_MEMBER, target=member, allowed=True, refusal=""
        ) as act,
    ):
        act.notify(member, "Written, then rolled back.")
        raise act.refused("Changed my mind.")
    assert not ModerationAction.objects.exists()
    assert moderation_notes(member) == []


def test_moderator_action_nothing_changed_writes_no_audit_row(moderator, member):
    with moderator_action(
        moderator=moderator, action=Kind.GRANT_GUIDE, target=member, allowed=True, refusal=""
    ) as act:
        act.nothing_changed()
    assert not ModerationAction.objects.exists()
