"""Specification of moderation.permissions: who may work the queues and act as a moderator
(the forum's own rules are specified in tests/forum/test_permissions.py)."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser

from moderation import permissions

pytestmark = pytest.mark.django_db


def test_can_moderate_is_for_moderators(member, moderator):
    assert permissions.can_moderate(moderator)
    assert not permissions.can_moderate(member)


def test_can_view_queue_is_for_moderators_only(member, moderator):
    assert permissions.can_view_queue(moderator)
    assert not permissions.can_view_queue(member)
    assert not permissions.can_view_queue(AnonymousUser())


def test_moderators_act_on_members_but_only_staff_on_moderators(member, moderator, staff):
    assert permissions.can_warn_member(moderator, member)
    assert not permissions.can_warn_member(moderator, moderator)
    assert permissions.can_warn_member(staff, moderator)
    assert not permissions.can_warn_member(moderator, staff)
    assert not permissions.can_warn_member(member, moderator)


def test_can_report_post_not_ones_own(member, other_member):
    thread = SimpleNamespace(
        author_id=member.pk, status="published", locked=False,
        category=SimpleNamespace(members_only=False),
    )  # fmt: skip
    post = SimpleNamespace(author_id=member.pk, status="published", deleted_at=None, thread=thread)
    post._meta = SimpleNamespace(model_name="post")
    assert permissions.can_report(other_member, post)
    assert not permissions.can_report(member, post)
    assert not permissions.can_report(AnonymousUser(), post)
