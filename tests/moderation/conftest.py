from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from forum.models import Notification
from moderation.models import ModerationAction
from tests import factories


def establish(user):
    """Make a member established (old enough, enough posts): their reports count."""
    User.objects.filter(pk=user.pk).update(
        date_joined=timezone.now() - timedelta(days=30), post_count=10
    )
    user.refresh_from_db()
    return user


def make_established(**kwargs):
    return establish(factories.make_member(**kwargs))


def audited() -> list[str]:
    return list(ModerationAction.objects.order_by("pk").values_list("action", flat=True))


def moderation_notes(user) -> list[str]:
    return list(
        Notification.objects.filter(recipient=user, kind="moderation")
        .order_by("pk")
        .values_list("message", flat=True)
    )


@pytest.fixture
def category(db):
    return factories.make_category(name="Daily check-ins", slug="daily-check-ins")


@pytest.fixture
def other_category(db):
    return factories.make_category(name="Moving on", slug="moving-on")


@pytest.fixture
def thread(member, category):
    """A thread by `member` (rowan)."""
    return factories.make_thread(author=member, category=category, title="Day one again")


@pytest.fixture
def post(thread, other_member):
    """A reply by `other_member` (sasha) in rowan's thread."""
    return factories.make_reply(author=other_member, thread=thread, body="You should text him.")
