"""accounts.buddies.services: invitations, both accepting, ending quietly, templated pings
and replies, the finder opt-in — and the rules (blocks, silencing) that refuse them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.buddies import delivery, services
from accounts.models import BuddyFinderEntry, BuddyPairing, BuddyPing, PingMessage, PingReply
from forum import services as forum_services
from tests import factories
from tests.accounts.buddies.conftest import veteran

pytestmark = pytest.mark.django_db
Status = BuddyPairing.Status


def test_buddy_invite_waits_for_the_invitee(member, other_member):
    pairing = services.invite_buddy(member=member, invitee=other_member)
    assert pairing.status == Status.INVITED
    assert not pairing.is_active


def test_buddy_accept_makes_the_pairing_active(pair):
    assert pair.status == Status.ACTIVE
    assert pair.accepted_at is not None


def test_buddy_only_the_invitee_can_accept(member, other_member):
    pairing = services.invite_buddy(member=member, invitee=other_member)
    with pytest.raises(ValidationError) as refused:
        services.accept_buddy_invitation(member=member, pairing=pairing)
    assert refused.value.code == "not_open"
    assert BuddyPairing.objects.get().status == Status.INVITED


def test_buddy_cannot_invite_yourself(member):
    with pytest.raises(ValidationError) as refused:
        services.invite_buddy(member=member, invitee=member)
    assert refused.value.code == "cannot_invite"
    assert not BuddyPairing.objects.exists()


def test_buddy_one_open_pairing_per_member(pair, member):
    third = factories.make_member(username="third")
    with pytest.raises(ValidationError):
        services.invite_buddy(member=third, invitee=member)
    with pytest.raises(ValidationError):
        services.invite_buddy(member=member, invitee=third)
    assert BuddyPairing.objects.count() == 1


def test_buddy_block_either_way_refuses_the_invitation(member, other_member):
    forum_services.block_member(blocker=other_member, blocked=member)
    with pytest.raises(ValidationError) as refused:
        services.invite_buddy(member=member, invitee=other_member)
    # The same words as for a member who already has a buddy: a block is never revealed.
    assert refused.value.messages == ["That member can't take a buddy invitation right now."]


def test_buddy_block_after_invitation_refuses_the_accept(member, other_member):
    pairing = services.invite_buddy(member=member, invitee=other_member)
    forum_services.block_member(blocker=member, blocked=other_member)
    with pytest.raises(ValidationError):
        services.accept_buddy_invitation(member=other_member, pairing=pairing)


def test_buddy_silenced_member_cannot_invite(member, other_member):
    member.silenced_until = timezone.now() + datetime.timedelta(days=1)
    member.save()
    with pytest.raises(ValidationError):
        services.invite_buddy(member=member, invitee=other_member)


def test_buddy_decline_closes_the_invitation_quietly(member, other_member):
    pairing = services.invite_buddy(member=member, invitee=other_member)
    services.decline_buddy_invitation(member=other_member, pairing=pairing)
    assert BuddyPairing.objects.get().status == Status.DECLINED
    # Both are free again.
    services.invite_buddy(member=other_member, invitee=member)


def test_buddy_end_by_either_member_is_idempotent(pair, other_member):
    services.end_buddy_pairing(member=other_member, pairing=pair)
    services.end_buddy_pairing(member=other_member, pairing=pair)
    assert BuddyPairing.objects.get().status == Status.ENDED


def test_buddy_end_refused_for_a_stranger(pair):
    stranger = factories.make_member(username="stranger")
    with pytest.raises(ValidationError):
        services.end_buddy_pairing(member=stranger, pairing=pair)
    assert BuddyPairing.objects.get().status == Status.ACTIVE


def test_buddy_ping_goes_to_the_buddy_after_the_commit(
    pair, member, other_member, monkeypatch, django_capture_on_commit_callbacks
):
    delivered = []
    monkeypatch.setattr(delivery, "ping_sent", delivered.append)
    with django_capture_on_commit_callbacks(execute=True):
        ping = services.ping_buddy(member=member, message=PingMessage.URGE)
    assert (ping.sender, ping.recipient, ping.message) == (member, other_member, "urge")
    assert delivered == [ping]


def test_buddy_ping_only_templates(pair, member):
    with pytest.raises(ValidationError) as refused:
        services.ping_buddy(member=member, message="call me at 555-0100")
    assert refused.value.code == "unknown_message"
    assert not BuddyPing.objects.exists()


def test_buddy_ping_without_a_buddy_is_refused(member, other_member):
    services.invite_buddy(member=member, invitee=other_member)  # not accepted yet
    with pytest.raises(ValidationError) as refused:
        services.ping_buddy(member=member, message=PingMessage.URGE)
    assert refused.value.code == "cannot_ping"


def test_buddy_ping_refused_after_a_block(pair, member, other_member):
    forum_services.block_member(blocker=other_member, blocked=member)
    with pytest.raises(ValidationError):
        services.ping_buddy(member=member, message=PingMessage.URGE)


def test_buddy_ping_refused_after_the_pairing_ends(pair, member):
    services.end_buddy_pairing(member=member, pairing=pair)
    with pytest.raises(ValidationError):
        services.ping_buddy(member=member, message=PingMessage.HARD_DAY)


def test_buddy_reply_once_with_a_template(
    pair, member, other_member, monkeypatch, django_capture_on_commit_callbacks
):
    replied = []
    monkeypatch.setattr(delivery, "reply_sent", replied.append)
    ping = services.ping_buddy(member=member, message=PingMessage.URGE)
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_to_buddy_ping(member=other_member, ping=ping, reply=PingReply.HERE)
    ping.refresh_from_db()
    assert ping.get_reply_display() == "I'm here."
    assert [p.pk for p in replied] == [ping.pk]
    with pytest.raises(ValidationError):
        services.reply_to_buddy_ping(member=other_member, ping=ping, reply=PingReply.PROUD)


def test_buddy_reply_by_the_sender_is_refused(pair, member):
    ping = services.ping_buddy(member=member, message=PingMessage.URGE)
    with pytest.raises(ValidationError) as refused:
        services.reply_to_buddy_ping(member=member, ping=ping, reply=PingReply.HERE)
    assert refused.value.code == "cannot_reply"


def test_buddy_reply_free_text_is_refused(pair, member, other_member):
    ping = services.ping_buddy(member=member, message=PingMessage.URGE)
    with pytest.raises(ValidationError):
        services.reply_to_buddy_ping(member=other_member, ping=ping, reply="meet me")


def test_buddy_finder_needs_ninety_days(member):
    with pytest.raises(ValidationError) as refused:
        services.join_buddy_finder(member=member)
    assert refused.value.code == "too_soon"
    ready = veteran(days=90)
    services.join_buddy_finder(member=ready)
    services.join_buddy_finder(member=ready)  # idempotent
    assert BuddyFinderEntry.objects.filter(member=ready).count() == 1
    services.leave_buddy_finder(member=ready)
    assert not BuddyFinderEntry.objects.exists()


def test_buddy_finder_eighty_nine_days_is_too_soon():
    with pytest.raises(ValidationError):
        services.join_buddy_finder(member=veteran(days=89))


def test_buddy_pings_are_in_the_export_without_the_buddys_name(pair, member, other_member):
    from accounts.data_rights import services as data_rights

    ping = services.ping_buddy(member=member, message=PingMessage.HARD_DAY)
    services.reply_to_buddy_ping(member=other_member, ping=ping, reply=PingReply.YOU_CAN)
    exported = data_rights.collect_member_data(member)["buddy_pings"]
    assert exported == [
        {
            "you": "sent",
            "sent_at": ping.sent_at.isoformat(),
            "message": "It's a hard day. A word from you would help.",
            "reply": "You can do this. It will pass.",
        }
    ]
    assert other_member.username not in str(exported)
    assert data_rights.collect_member_data(other_member)["buddy_pings"][0]["you"] == "received"


def test_buddy_ping_to_a_suspended_buddy_is_refused(pair, member, other_member):
    other_member.suspended_until = timezone.now() + datetime.timedelta(days=3)
    other_member.save()
    with pytest.raises(ValidationError) as refused:
        services.ping_buddy(member=member, message=PingMessage.URGE)
    assert refused.value.messages == ["Your buddy can't receive pings right now."]
