"""Specification of moderation.actions (reports.py): reports, by members and by the site,
automatic hiding, and dismissing."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from forum.hooks import Verdict
from forum.models import Status
from moderation import actions
from moderation.models import (
    HeldPost,
    ModerationAction,
    Report,
)
from tests import factories
from tests.moderation.conftest import audited, make_established, moderation_notes

pytestmark = pytest.mark.django_db


# --- Reports --------------------------------------------------------------------------------


def test_report_post_files_an_open_report_in_the_rules_queue(member, post):
    report = actions.report_post(reporter=member, post=post, reason="harassment", note=" Mean ")
    assert (report.status, report.queue, report.target_key) == ("open", "rules", f"post:{post.pk}")
    assert report.subject == post.author and report.note == "Mean"
    assert report.priority == 1


def test_report_crisis_goes_to_the_care_queue_with_top_priority(member, post):
    report = actions.report_post(reporter=member, post=post, reason="crisis")
    assert (report.queue, report.priority) == ("care", 0)


def test_report_post_once_per_member(member, post):
    actions.report_post(reporter=member, post=post, reason="spam")
    with pytest.raises(actions.AlreadyReported):
        actions.report_post(reporter=member, post=post, reason="harassment")
    assert Report.objects.count() == 1


def test_report_post_again_after_it_was_handled(member, moderator, post):
    actions.report_post(reporter=member, post=post, reason="spam")
    actions.dismiss_reports(moderator=moderator, key=f"post:{post.pk}")
    actions.report_post(reporter=member, post=post, reason="spam")
    assert Report.objects.open().count() == 1


def test_report_refuses_unknown_reasons(member, post):
    with pytest.raises(actions.ActionRefused, match="reasons in the list"):
        actions.report_post(reporter=member, post=post, reason="boredom")


def test_report_own_post_is_refused(other_member, post):
    with pytest.raises(actions.ActionRefused):
        actions.report_post(reporter=other_member, post=post, reason="spam")


def test_report_by_suspended_member_is_refused_but_silenced_may_report(member, post):
    member.silenced_until = timezone.now() + timedelta(days=1)
    actions.report_post(reporter=member, post=post, reason="spam")
    member.suspended_forever = True
    with pytest.raises(actions.ActionRefused):
        actions.report_thread(reporter=member, thread=post.thread, reason="spam")


def test_report_thread_and_member(other_member, member, thread):
    assert actions.report_thread(reporter=other_member, thread=thread, reason="spam").thread
    report = actions.report_member(reporter=other_member, member=member, reason="harassment")
    assert report.member == member and report.subject == member


def test_report_self_is_refused(member):
    with pytest.raises(actions.ActionRefused):
        actions.report_member(reporter=member, member=member, reason="spam")


# --- Automatic hiding -------------------------------------------------------------------------


def test_auto_hide_after_three_established_reporters(post, settings):
    settings.HOLDFAST_AUTO_HIDE_REPORTS = 3
    reporters = [make_established() for _ in range(3)]
    actions.report_post(reporter=reporters[0], post=post, reason="spam")
    actions.report_post(reporter=reporters[1], post=post, reason="spam")
    post.refresh_from_db()
    assert post.status == Status.PUBLISHED
    actions.report_post(reporter=reporters[2], post=post, reason="harassment")
    post.refresh_from_db()
    assert post.status == Status.HIDDEN and post.hidden_reason == actions.AUTO_HIDDEN
    entry = ModerationAction.objects.get()
    assert entry.action == "auto_hide_post" and entry.moderator is None
    assert "hidden while a moderator reviews" in moderation_notes(post.author)[0]


def test_auto_hide_ignores_new_accounts(post, settings):
    settings.HOLDFAST_AUTO_HIDE_REPORTS = 3
    for _ in range(5):
        actions.report_post(reporter=factories.make_member(), post=post, reason="spam")
    post.refresh_from_db()
    assert post.status == Status.PUBLISHED
    assert not Report.objects.filter(counts_towards_hiding=True).exists()


def test_auto_hide_threshold_is_a_setting(post, settings):
    settings.HOLDFAST_AUTO_HIDE_REPORTS = 1
    actions.report_post(reporter=make_established(), post=post, reason="spam")
    post.refresh_from_db()
    assert post.status == Status.HIDDEN


def test_dismissing_shows_an_auto_hidden_post_again(post, moderator, settings):
    settings.HOLDFAST_AUTO_HIDE_REPORTS = 1
    reporter = make_established()
    actions.report_post(reporter=reporter, post=post, reason="spam")
    assert actions.dismiss_reports(moderator=moderator, key=f"post:{post.pk}", reason="ok") == 1
    post.refresh_from_db()
    assert post.status == Status.PUBLISHED
    assert Report.objects.get().status == "dismissed"
    assert audited() == ["auto_hide_post", "dismiss"]
    assert "decided it can stay" in moderation_notes(reporter)[0]


# --- Automatic reports: crisis, flagged words, holds --------------------------------------------


def test_open_crisis_report_once_per_post_and_emails_moderators(
    post, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = actions.open_crisis_report(post=post, phrases=["kill myself"])
    assert report.reason == "crisis" and report.reporter is None and report.is_automatic
    assert "kill myself" in report.note
    assert actions.open_crisis_report(post=post, phrases=["kill myself"]) is None
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [moderator.email]
    assert post.body not in mail.outbox[0].body  # the words stay on the site


def test_respond_to_screening_flags_and_crisis(post):
    verdict = Verdict(
        blocked=False,
        block_reasons=[],
        hold_reasons=[],
        flag_reasons=["It uses a watched word."],
        crisis_phrases=["end it all"],
    )
    actions.respond_to_screening(post=post, verdict=verdict)
    assert set(Report.objects.values_list("source", flat=True)) == {"crisis", "watched_word"}
    actions.respond_to_screening(post=post, verdict=None)
    assert Report.objects.count() == 2


def test_record_hold_keeps_the_reasons_once(post):
    actions.record_hold(post=post, reasons=["a"])
    actions.record_hold(post=post, reasons=["b"])
    assert HeldPost.objects.get().reasons == ["b"]
