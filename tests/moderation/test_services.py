"""Specification of moderation.actions: every change of state, its audit row, the
reporters told, and the refusals."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from forum.hooks import Verdict
from forum.models import Category, Notification, Post, Status
from moderation import actions, selectors
from moderation.models import (
    ExName,
    HeldPost,
    MemberWarning,
    ModerationAction,
    Report,
    WatchedWord,
)
from tests import factories
from tests.moderation.conftest import make_established

pytestmark = pytest.mark.django_db


def audited() -> list[str]:
    return list(ModerationAction.objects.order_by("pk").values_list("action", flat=True))


def moderation_notes(user) -> list[str]:
    return list(
        Notification.objects.filter(recipient=user, kind="moderation")
        .order_by("pk")
        .values_list("message", flat=True)
    )


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


def test_move_thread_to_its_own_category_is_refused(moderator, thread, category):
    with pytest.raises(actions.ActionRefused, match="already in that category"):
        actions.move_thread(moderator=moderator, thread=thread, category=category)


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


# --- Watched words ------------------------------------------------------------------------------


def test_watched_words_add_change_remove_are_audited_and_clear_the_cache(moderator):
    assert selectors.watch_rules() == ()
    word = actions.add_watched_word(moderator=moderator, phrase=" text  him ", action="hold")
    assert word.phrase == "text him" and cache.get(selectors.WATCH_RULES_KEY) is None
    assert [rule.phrase for rule in selectors.watch_rules()] == ["text him"]
    actions.change_watched_word(moderator=moderator, word=word, phrase="call him", action="block")
    assert [rule.action for rule in selectors.watch_rules()] == ["block"]
    actions.remove_watched_word(moderator=moderator, word=word)
    assert selectors.watch_rules() == () and not WatchedWord.objects.exists()
    assert audited() == ["add_watched_word", "change_watched_word", "remove_watched_word"]
    assert ModerationAction.objects.order_by("pk")[1].before == "text him → hold"


def test_watched_word_lookalike_duplicate_is_refused(moderator):
    actions.add_watched_word(moderator=moderator, phrase="text him", action="hold")
    with pytest.raises(actions.ActionRefused, match="already watched"):
        actions.add_watched_word(moderator=moderator, phrase="TEXT  HIM", action="flag")
    other = actions.add_watched_word(moderator=moderator, phrase="call him", action="hold")
    with pytest.raises(actions.ActionRefused, match="already watched"):
        actions.change_watched_word(
            moderator=moderator, word=other, phrase="Text him", action="hold"
        )


def test_watched_words_refused_for_members(member):
    with pytest.raises(actions.ActionRefused):
        actions.add_watched_word(moderator=member, phrase="x y", action="hold")


# --- A member's own names -----------------------------------------------------------------------


def test_ex_names_add_remove_and_limits(member, other_member):
    name = actions.add_ex_name(member=member, name="  Jordan   Avery ")
    assert name.name == "Jordan Avery"
    with pytest.raises(actions.ActionRefused, match="already on your list"):
        actions.add_ex_name(member=member, name="jordan avery")
    actions.add_ex_name(member=other_member, name="Jordan Avery")  # lists are per member
    with pytest.raises(actions.ActionRefused):
        actions.remove_ex_name(member=other_member, ex_name=name)
    actions.remove_ex_name(member=member, ex_name=name)
    assert ExName.objects.filter(owner=member).count() == 0


def test_ex_names_list_is_bounded(member):
    for number in range(actions.EX_NAMES_MAX):
        actions.add_ex_name(member=member, name=f"Name {number}")
    with pytest.raises(actions.ActionRefused, match="up to"):
        actions.add_ex_name(member=member, name="One more")


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
