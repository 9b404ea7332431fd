"""Specification of moderation.actions (members.py): moderators' actions on members (each
audited, the member told, the refusals), and a member's acknowledgement of a warning."""

from datetime import timedelta

import pytest
from django.utils import timezone

from moderation import actions, selectors
from moderation.models import (
    MemberWarning,
    ModerationAction,
    Report,
)
from tests import factories
from tests.moderation.conftest import audited, moderation_notes

pytestmark = pytest.mark.django_db


# --- Members -----------------------------------------------------------------------------------


def test_warn_member_and_acknowledge(moderator, member, other_member):
    warning = actions.warn_member(moderator=moderator, member=member, message=" Be kind ")
    assert warning.message == "Be kind"
    assert selectors.member_notices(member).warnings[0].message == "Be kind"
    with pytest.raises(actions.ActionRefused):
        actions.acknowledge_warning(member=other_member, warning=warning)
    actions.acknowledge_warning(member=member, warning=warning)
    actions.acknowledge_warning(member=member, warning=warning)  # idempotent
    assert MemberWarning.objects.get().acknowledged_at is not None
    assert selectors.member_notices(member).warnings == ()
    assert audited() == ["warn_member"]


def test_warn_needs_a_message(moderator, member):
    with pytest.raises(actions.ActionRefused, match="write the warning"):
        actions.warn_member(moderator=moderator, member=member, message="   ")


def test_warn_from_a_post_resolves_that_post_only_if_it_is_theirs(moderator, member, post):
    actions.report_post(reporter=member, post=post, reason="harassment")
    actions.warn_member(
        moderator=moderator, member=member, message="x", also_resolve=f"post:{post.pk}"
    )
    assert Report.objects.get().status == "open"  # the post is not member's
    actions.warn_member(
        moderator=moderator, member=post.author, message="x", also_resolve=f"post:{post.pk}"
    )
    assert Report.objects.get().status == "resolved"


def test_silence_member_until_a_time(moderator, member):
    now = timezone.now()
    actions.silence_member(moderator=moderator, member=member, until=now + timedelta(days=3))
    member.refresh_from_db()
    assert member.is_silenced()
    assert "paused your posting" in moderation_notes(member)[0]
    with pytest.raises(actions.ActionRefused, match="future"):
        actions.silence_member(moderator=moderator, member=member, until=now - timedelta(days=1))


def test_suspend_member_until_or_for_good(moderator, member, other_member):
    now = timezone.now()
    actions.suspend_member(moderator=moderator, member=member, until=now + timedelta(days=7))
    actions.suspend_member(moderator=moderator, member=other_member, forever=True)
    member.refresh_from_db()
    other_member.refresh_from_db()
    assert member.is_suspended() and other_member.suspended_forever
    with pytest.raises(actions.ActionRefused):
        actions.suspend_member(moderator=moderator, member=member)
    entries = ModerationAction.objects.order_by("pk")
    assert entries[1].after == "for good"


def test_moderators_cannot_act_on_moderators_or_staff_but_staff_can(moderator, staff):
    other_mod = factories.make_moderator()
    with pytest.raises(actions.ActionRefused):
        actions.warn_member(moderator=moderator, member=other_mod, message="x")
    with pytest.raises(actions.ActionRefused):
        actions.suspend_member(moderator=moderator, member=staff, forever=True)
    with pytest.raises(actions.ActionRefused):
        actions.silence_member(
            moderator=moderator, member=moderator, until=timezone.now() + timedelta(days=1)
        )
    actions.warn_member(moderator=staff, member=other_mod, message="Staff may.")
