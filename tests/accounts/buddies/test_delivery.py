"""accounts.buddies.delivery: a buddy ping and its reply each reach the other buddy's devices
as a web push (decrypted at a push service in the test process), in discreet words — no
"no contact", no "ex", no name, no quoted ping."""

import json

import pytest

from accounts.buddies import services
from accounts.models import PingMessage, PingReply
from accounts.push import services as push

pytestmark = pytest.mark.django_db


def _device(push_service, member, name):
    device = push_service.new_device(name)
    push.subscribe_device(
        member=member, endpoint=device.endpoint, p256dh=device.p256dh, auth=device.auth
    )
    return device


def _assert_discreet(opened, *members):
    shown = json.dumps(opened).casefold()
    for telling in ("no contact", "no-contact", " ex ", "urge", "reach out", "streak"):
        assert telling not in shown
    for member in members:
        for name in (member.username, member.public_name):
            assert name.casefold() not in shown
    assert opened["url"] == "/buddy/"


def test_buddy_ping_and_reply_web_push_reach_the_other_buddy(
    pair, member, other_member, vapid, push_service, django_capture_on_commit_callbacks
):
    senders_phone = _device(push_service, member, "sender")
    buddys_phone = _device(push_service, other_member, "buddy")
    with django_capture_on_commit_callbacks(execute=True):
        ping = services.ping_buddy(member=member, message=PingMessage.URGE)
    [received] = push_service.received
    assert received.path == buddys_phone.endpoint.removeprefix(push_service.url)
    opened = json.loads(buddys_phone.decrypt(received.body))
    assert opened["body"] == "Someone you trust asked for a moment of your time."
    _assert_discreet(opened, member, other_member)

    with django_capture_on_commit_callbacks(execute=True):
        services.reply_to_buddy_ping(member=other_member, ping=ping, reply=PingReply.HERE)
    [_, answer] = push_service.received
    assert answer.path == senders_phone.endpoint.removeprefix(push_service.url)
    opened = json.loads(senders_phone.decrypt(answer.body))
    assert opened["body"] == "Someone you trust answered you."
    _assert_discreet(opened, member, other_member)
