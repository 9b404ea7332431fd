"""Specification of the care loop's services (docs/care.md): the first-reply net, the crisis
clock, "I'm worried about them" check-ins, caring messages, guide roles and lifting a
sanction early. Every test's name carries one of the issue's words, so that
`pytest -k "first_reply or guide_role or escalat or acknowledg or worried or caring_message
or helpline or coalesc"` selects them."""

import datetime
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accounts.models import User
from forum.models import Notification, Thread
from moderation import actions
from moderation.care import rounds
from moderation.care.messages import CHECK_IN_MESSAGE
from moderation.models import CareAlert, CareMessage, MemberWarning, ModerationAction, Report
from tests import factories

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 7, 1, 20, 0, tzinfo=datetime.UTC)


def make_guide(username="guide_gale", *, shift=(datetime.time(18), datetime.time(23)), **fields):
    guide = factories.make_member(username=username, **fields)
    User.objects.filter(pk=guide.pk).update(
        is_guide=True,
        shift_start=shift[0] if shift else None,
        shift_end=shift[1] if shift else None,
    )
    guide.refresh_from_db()
    return guide


def on_shift(user, start=datetime.time(0), end=datetime.time.max):
    # The whole day: an end of 23:59 left the last minute off shift, and a test run at 23:59
    # found nobody on call.
    User.objects.filter(pk=user.pk).update(shift_start=start, shift_end=end)
    user.refresh_from_db()
    return user


def alerts_for(user) -> list[str]:
    return list(
        Notification.objects.filter(recipient=user, kind="care_alert")
        .order_by("pk")
        .values_list("message", flat=True)
    )


def first_post(member, *, title="I'm new here and it hurts", at=NOW, body="Day one. It hurts."):
    return factories.make_thread(author=member, title=title, body=body, now=at)


# --- The net: "Waiting for a first reply" -------------------------------------------------------


def test_first_reply_queue_holds_threads_without_a_reply_from_another_member(member, other_member):
    waiting = first_post(member)
    own_reply = first_post(member, title="Talking to myself here")
    factories.make_reply(author=member, thread=own_reply, body="Bump, anyone?")
    answered = first_post(member, title="Someone answered")
    factories.make_reply(author=other_member, thread=answered)
    team = factories.make_member(username="holdfast")
    prompt = factories.make_thread(author=team, title="Staff prompt: how was your week?")
    Thread.objects.filter(pk=prompt.pk).update(seed_key="article-1")  # as seed_forum marks it
    queue = list(Thread.objects.awaiting_first_reply())
    assert queue == [waiting, own_reply]


def test_first_reply_net_calls_the_guide_on_shift_after_the_set_time(
    member, settings, django_capture_on_commit_callbacks
):
    settings.HOLDFAST_FIRST_REPLY_MINUTES = 30
    guide = make_guide()  # 18:00–23:00 UTC
    off_shift = make_guide("guide_night", shift=(datetime.time(1), datetime.time(5)))
    thread = first_post(member)
    assert rounds.run_net(now=NOW + timedelta(minutes=29)) == (0, 0)
    with django_capture_on_commit_callbacks(execute=True):
        assert rounds.run_net(now=NOW + timedelta(minutes=31)) == (1, 0)
    assert alerts_for(off_shift) == [] and alerts_for(member) == []
    [message] = alerts_for(guide)
    assert "waited 31 minutes for a first reply" in message and thread.title in message
    # Emailed too (the "care" switch is on by default); the post's words stay on the site.
    [email] = [m for m in mail.outbox if guide.email in m.to]
    assert email.subject.endswith("A first post is waiting for a reply")
    assert thread.title in email.body and "Day one. It hurts." not in email.body
    # Idempotent: the next tick calls nobody again.
    assert rounds.run_net(now=NOW + timedelta(minutes=32)) == (0, 0)
    assert len(alerts_for(guide)) == 1


def test_first_reply_net_widens_to_every_guide_and_moderator_later(member, moderator, settings):
    settings.HOLDFAST_FIRST_REPLY_MINUTES = 30
    settings.HOLDFAST_FIRST_REPLY_WIDER_MINUTES = 120
    guide = make_guide()
    night = make_guide("guide_night", shift=None)
    first_post(member)
    rounds.run_net(now=NOW + timedelta(minutes=31))
    assert rounds.run_net(now=NOW + timedelta(minutes=121)) == (0, 1)
    assert len(alerts_for(guide)) == 1  # already called in the first round
    assert len(alerts_for(night)) == 1 and len(alerts_for(moderator)) == 1
    rounds_sent = set(CareAlert.objects.values_list("round", flat=True))
    assert rounds_sent == {"first_reply_on_shift", "first_reply_wider"}


def test_first_reply_net_stops_once_another_member_replies(member, other_member):
    guide = make_guide()
    thread = first_post(member)
    factories.make_reply(author=other_member, thread=thread, now=NOW + timedelta(minutes=5))
    assert rounds.run_net(now=NOW + timedelta(minutes=31)) == (0, 0)
    assert alerts_for(guide) == []


def test_first_reply_shift_runs_past_midnight_on_the_members_own_clock(member):
    from accounts import roles

    guide = make_guide(shift=(datetime.time(22), datetime.time(6)), time_zone="Pacific/Auckland")
    # 20:00 UTC on 1 July is 08:00 on 2 July in Auckland (NZST, UTC+12): off shift.
    assert not roles.is_on_shift(guide, NOW)
    # 12:00 UTC is midnight in Auckland: on shift.
    assert roles.is_on_shift(guide, NOW.replace(hour=12))
    assert not roles.is_on_shift(make_guide("no_hours", shift=None), NOW)


# --- The crisis clock ---------------------------------------------------------------------------


def crisis_reply(thread, author, at=NOW):
    return factories.make_reply(
        author=author, thread=thread, body="I just want to die some days.", now=at
    )


def test_acknowledge_crisis_reaches_the_on_call_moderator_at_once(
    member, other_member, moderator, django_capture_on_commit_callbacks
):
    on_shift(moderator)
    off_call = factories.make_moderator(username="mod_off")
    # Off call whenever the test runs: an hour's shift starting three hours from now (a fixed
    # 01:00-02:00 failed every run between 01:00 and 02:00 UTC).
    later = timezone.now() + timedelta(hours=3)
    User.objects.filter(pk=off_call.pk).update(
        shift_start=later.time(), shift_end=(later + timedelta(hours=1)).time()
    )
    thread = first_post(member)
    with django_capture_on_commit_callbacks(execute=True):
        post = crisis_reply(thread, other_member, at=timezone.now())
    report = Report.objects.get(post=post)
    assert report.queue == "care" and post.crisis_flagged
    assert len(alerts_for(moderator)) == 1 and alerts_for(off_call) == []
    assert "may be in crisis" in alerts_for(moderator)[0]
    # "I'm on it": recorded with its time, audited, and refused to a second moderator.
    actions.acknowledge_care(moderator=moderator, key=f"post:{post.pk}", now=NOW)
    report.refresh_from_db()
    assert report.acknowledged_by == moderator and report.acknowledged_at == NOW
    assert ModerationAction.objects.filter(action="acknowledge_care").count() == 1
    with pytest.raises(actions.ActionRefused, match="mod_morgan is already on it"):
        actions.acknowledge_care(moderator=off_call, key=f"post:{post.pk}")


def test_acknowledge_nobody_on_call_calls_every_moderator(
    member, other_member, moderator, django_capture_on_commit_callbacks
):
    second = factories.make_moderator(username="mod_two")
    with django_capture_on_commit_callbacks(execute=True):
        crisis_reply(first_post(member), other_member, at=timezone.now())
    assert len(alerts_for(moderator)) == 1 and len(alerts_for(second)) == 1


def test_escalates_an_unacknowledged_crisis_to_every_moderator(
    member, other_member, moderator, settings, django_capture_on_commit_callbacks
):
    settings.HOLDFAST_CRISIS_ESCALATE_MINUTES = 5
    on_shift(moderator)
    others = [factories.make_moderator(username=f"mod_{n}") for n in range(2)]
    for other in others:
        User.objects.filter(pk=other.pk).update(shift_start="01:00", shift_end="02:00")
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        post = crisis_reply(first_post(member), other_member)  # the on-call round: at once
    assert rounds.escalate(now=NOW + timedelta(minutes=4)) == 0
    assert rounds.escalate(now=NOW + timedelta(minutes=6)) == 1
    for other in others:
        assert "nobody has said “I'm on it” yet" in alerts_for(other)[0]
    assert len(alerts_for(moderator)) == 1  # called on call already
    assert rounds.escalate(now=NOW + timedelta(minutes=7)) == 0  # once
    assert Report.objects.get(post=post).acknowledged_at is None


def test_escalates_nothing_once_acknowledged(
    member, other_member, moderator, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        post = crisis_reply(first_post(member), other_member)
    actions.acknowledge_care(moderator=moderator, key=f"post:{post.pk}", now=NOW)
    assert rounds.escalate(now=NOW + timedelta(minutes=30)) == 0


# --- "I'm worried about them" ------------------------------------------------------------------


def test_worried_report_sends_one_private_check_in_a_day(
    member, other_member, moderator, django_capture_on_commit_callbacks
):
    third = factories.make_member(username="third")
    thread = first_post(member)
    with django_capture_on_commit_callbacks(execute=True):
        actions.report_thread(reporter=other_member, thread=thread, reason="worried", now=NOW)
        actions.report_member(reporter=third, member=member, reason="worried", now=NOW)
    [check_in] = CareMessage.objects.filter(member=member)
    assert check_in.kind == "check_in" and check_in.sender is None
    assert check_in.message == CHECK_IN_MESSAGE
    # Never naming who asked: not on the site, not by email.
    note = Notification.objects.get(recipient=member, kind="care_message")
    [email] = [m for m in mail.outbox if member.email in m.to]
    for text in (note.message, email.body, email.subject):
        assert "sasha" not in text.lower() and "third" not in text.lower()
    assert Report.objects.filter(queue="care").count() == 2
    # A day later, another worry sends another check-in.
    actions.report_member(
        reporter=factories.make_member(),
        member=member,
        reason="worried",
        now=NOW + timedelta(days=1, minutes=1),
    )
    assert CareMessage.objects.filter(member=member).count() == 2


def test_worried_report_on_a_post_flags_it_for_gentle_replies(member, other_member, post):
    actions.report_post(reporter=member, post=post, reason="worried", now=NOW)
    post.refresh_from_db()
    assert post.crisis_flagged
    assert CareMessage.objects.get().member == other_member


def test_worried_check_in_carries_the_members_crisis_lines(
    member, other_member, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=member.pk).update(country="NZ")
    with django_capture_on_commit_callbacks(execute=True):
        actions.report_member(reporter=other_member, member=member, reason="worried", now=NOW)
    [email] = [m for m in mail.outbox if member.email in m.to]
    assert "1737" in email.body and "New Zealand" in email.body
    assert "findahelpline.com" in email.body


# --- Caring messages and sanctions apart -------------------------------------------------------


def test_caring_message_is_kept_in_care_history_and_is_not_a_warning(
    member, other_member, moderator, post, django_capture_on_commit_callbacks
):
    report = actions.report_post(reporter=member, post=post, reason="crisis", now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        done = actions.act(
            moderator=moderator,
            key=f"post:{post.pk}",
            action="care",
            reason="We're thinking of you. You're not alone.",
            now=NOW,
        )
    assert "isn't a warning" in done
    message = CareMessage.objects.get(member=other_member)
    assert (message.kind, message.sender) == ("caring", moderator)
    assert not MemberWarning.objects.exists()
    report.refresh_from_db()
    assert report.status == "resolved" and report.acknowledged_by == moderator
    assert ModerationAction.objects.filter(action="caring_message").count() == 1
    [email] = [m for m in mail.outbox if other_member.email in m.to]
    assert "You're not alone" in email.body
    # The reporter hears that a moderator reached out.
    assert Notification.objects.filter(
        recipient=member, message__contains="reached out to them privately"
    ).exists()


def test_caring_message_leaves_rules_reports_open(member, moderator, post):
    actions.report_post(reporter=member, post=post, reason="harassment")
    actions.send_caring_message(
        moderator=moderator, member=post.author, also_resolve=f"post:{post.pk}"
    )
    assert Report.objects.get().status == "open"


def test_caring_message_sanction_lift_silence_and_suspension_early(member, moderator):
    actions.silence_member(
        moderator=moderator, member=member, until=timezone.now() + timedelta(days=3)
    )
    actions.lift_silence(moderator=moderator, member=member, reason="Talked it through.")
    member.refresh_from_db()
    assert not member.is_silenced()
    actions.suspend_member(moderator=moderator, member=member, forever=True)
    actions.lift_suspension(moderator=moderator, member=member)
    member.refresh_from_db()
    assert not member.is_suspended()
    kinds = list(ModerationAction.objects.order_by("pk").values_list("action", flat=True))
    assert kinds == ["silence_member", "lift_silence", "suspend_member", "lift_suspension"]
    with pytest.raises(actions.ActionRefused, match="isn't suspended"):
        actions.lift_suspension(moderator=moderator, member=member)


# --- Guides ---------------------------------------------------------------------------------


def test_guide_role_granted_and_revoked_by_moderators_and_audited(member, other_member, moderator):
    from accounts import roles

    actions.grant_guide_role(moderator=moderator, member=member, reason="Lived experience")
    member.refresh_from_db()
    assert member.is_guide and roles.is_guide_or_moderator(member)
    assert not roles.is_moderator(member)  # a guide sanctions no one
    actions.grant_guide_role(moderator=moderator, member=member)  # idempotent, not audited
    actions.revoke_guide_role(moderator=moderator, member=member)
    member.refresh_from_db()
    assert not member.is_guide
    assert list(ModerationAction.objects.values_list("action", flat=True)) == [
        "grant_guide",
        "revoke_guide",
    ]
    with pytest.raises(actions.ActionRefused):
        actions.grant_guide_role(moderator=other_member, member=member)


def test_guide_role_cannot_sanction(member, other_member):
    from moderation import permissions

    guide = make_guide()
    assert permissions.can_view_first_reply_queue(guide)
    assert not permissions.can_view_queue(guide)
    assert not permissions.can_warn_member(guide, member)
    assert not permissions.can_acknowledge_care(guide)
    assert not permissions.can_view_first_reply_queue(other_member)


def test_caring_message_and_worried_check_in_are_in_the_members_own_data_copy(
    member, other_member, moderator
):
    from accounts.data_rights import services as data_rights

    actions.report_member(reporter=other_member, member=member, reason="worried", now=NOW)
    actions.send_caring_message(moderator=moderator, member=member, message="Here for you.")
    section = data_rights.collect_member_data(member)["care_messages_received"]
    assert [entry["message"] for entry in section] == [CHECK_IN_MESSAGE, "Here for you."]
    assert "sasha" not in str(section) and "mod_morgan" not in str(section)
