"""Shared data for the security suite: one small forum with something of every kind that a
member owns, so tests can aim at another member's objects by id."""

from dataclasses import dataclass

import pytest
from django.utils import timezone

from accounts import services as account_services
from forum.models import Notification
from moderation import actions as moderation_services
from tests import factories


@dataclass
class World:
    member: object  # rowan: the one signed in, trying to reach what is not theirs
    other: object  # sasha: owns everything below
    moderator: object
    category: object
    private_category: object
    thread: object  # sasha's thread
    post: object  # sasha's opening post
    reply: object  # sasha's reply
    member_post: object  # rowan's reply (rowan may act on it)
    report: object  # sasha's report of rowan's reply, with a private note
    warning: object  # a warning to sasha
    ex_name: object  # sasha's private list of names
    watched_word: object
    notification: object  # sasha's notification
    # The line to the moderators (rowan's own, so that every page is judged for a member
    # too; tests/security/test_modmail_idor.py aims at sasha's): rowan's conversation with
    # the moderators, a decision about rowan (a thread of theirs locked) and rowan's appeal
    # of it; and a staff note on sasha (drawn beside her posts for moderators).
    modmail: object = None
    decision: object = None
    appeal: object = None
    staff_note: object = None


@pytest.fixture
def world(member, other_member, moderator):
    category = factories.make_category(name="Daily check-ins", slug="daily-check-ins")
    private_category = factories.make_category(
        name="Urges & relapses", slug="urges-relapses", members_only=True
    )
    thread = factories.make_thread(
        author=other_member, category=category, title="Sasha's first week", body="Week one."
    )
    reply = factories.make_reply(author=other_member, thread=thread, body="Still here.")
    member_post = factories.make_reply(author=member, thread=thread, body="Rowan says hello.")
    report = moderation_services.report_post(
        reporter=other_member, post=member_post, reason="other", note="sasha's private note"
    )
    warning = moderation_services.warn_member(
        moderator=moderator, member=other_member, message="Please be gentle."
    )
    ex_name = moderation_services.add_ex_name(member=other_member, name="Jordan")
    word = moderation_services.add_watched_word(
        moderator=moderator, phrase="sell you", action="hold"
    )
    # rowan's reply notified sasha (she watches her own thread).
    notification = Notification.objects.filter(recipient=other_member).first()
    assert notification is not None
    account_services.start_streak(member=other_member, started_on=timezone.localdate())
    line = _line_to_the_moderators(member, other_member, moderator, category)
    return World(
        member=member,
        other=other_member,
        moderator=moderator,
        category=category,
        private_category=private_category,
        thread=thread,
        post=thread.posts.order_by("pk").first(),
        reply=reply,
        member_post=member_post,
        report=report,
        warning=warning,
        ex_name=ex_name,
        watched_word=word,
        notification=notification,
        **line,
    )


def _line_to_the_moderators(member, other_member, moderator, category) -> dict:
    from moderation.models import ModerationAction

    modmail = moderation_services.start_modmail(
        member=member, subject="A question about names", body="Can I name my ex's town?"
    )
    moderation_services.reply_to_modmail(
        author=moderator, conversation=modmail, body="Better not: keep it general."
    )
    locked = factories.make_thread(author=member, category=category, title="Rowan's rant")
    moderation_services.lock_thread(moderator=moderator, thread=locked, reason="Too heated")
    decision = ModerationAction.objects.get(action="lock_thread", target_id=locked.pk)
    appeal = moderation_services.appeal_decision(
        member=member, action=decision, text="I had calmed down."
    )
    note = moderation_services.add_staff_note(
        moderator=moderator, member=other_member, text="Struggling this month."
    )
    return {"modmail": modmail, "decision": decision, "appeal": appeal, "staff_note": note}
