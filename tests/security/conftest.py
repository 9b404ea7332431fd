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
    )
