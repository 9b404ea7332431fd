"""demo_moderation: the demo content a moderator works in the browser, made once."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from forum.models import Post, Status
from moderation.models import ModerationAction, Report, WatchedWord
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_accounts(db):
    factories.make_category(name="Daily check-ins", slug="daily-check-ins")
    factories.make_member(username="demo_member")
    factories.make_moderator(username="demo_moderator")


def test_demo_moderation_fills_both_queues_once(demo_accounts, settings):
    settings.HOLDFAST_APPROVAL_POSTS = 2
    call_command("demo_moderation", force=True)
    open_reports = Report.objects.open()
    assert open_reports.filter(queue="care").exists()
    assert open_reports.filter(queue="rules").count() >= 3
    assert Post.objects.filter(status=Status.PENDING).exists()
    assert WatchedWord.objects.count() == 1
    assert ModerationAction.objects.count() >= 3
    counts = (Report.objects.count(), ModerationAction.objects.count(), Post.objects.count())
    call_command("demo_moderation", force=True)
    assert counts == (
        Report.objects.count(),
        ModerationAction.objects.count(),
        Post.objects.count(),
    )


def test_demo_moderation_refuses_without_debug(demo_accounts, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("demo_moderation")


def test_demo_moderation_waits_for_the_demo_accounts(db, capsys):
    call_command("demo_moderation", force=True)
    assert not Report.objects.exists()


def test_demo_care_shows_a_first_reply_waiting_and_a_crisis_acknowledged_and_one_waiting(
    demo_accounts, django_capture_on_commit_callbacks
):
    from accounts.models import User
    from forum.models import Thread
    from moderation.models import CareAlert

    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo_moderation", force=True)
        call_command("demo_care", force=True)
    waiting = Thread.objects.awaiting_first_reply().values_list("title", flat=True)
    assert "First time posting: I blocked her number today" in waiting
    assert CareAlert.objects.filter(round="first_reply_on_shift").exists()  # the net rang
    care = Report.objects.open().filter(queue="care")
    assert care.filter(acknowledged_by__username="demo_moderator").exists()
    assert care.filter(acknowledged_at__isnull=True).exists()
    assert User.objects.get(username="demo_guide").is_guide
    counts = (Report.objects.count(), Thread.objects.count())
    call_command("demo_care", force=True)
    assert counts == (Report.objects.count(), Thread.objects.count())
