"""Issue 16, item 6, "a push reaches the test endpoint and decrypts to the right, discreet
text", walked in a real browser: Rowan's phone is subscribed (the keys come from a push
service inside the test process, tests/accounts/push/push_service.py — headless Chromium
has no push service of its own); Sasha, in the browser, replies to Rowan's post and pings
Rowan as a buddy from the SOS page; each push reaches the endpoint as an RFC 8030 POST and
decrypts (RFC 8291) to words that name nobody and never say "no contact"."""

import json
import time

from playwright.sync_api import expect

from accounts.buddies import services as buddies
from accounts.push import services as push
from tests import factories
from tests.e2e.test_streak_flow import sign_in


def _opened(device, push_service, count):
    """The `count`th push the endpoint received, decrypted with the device's private key."""
    for _ in range(100):  # the live server sends it after its transaction commits
        if len(push_service.received) >= count:
            break
        time.sleep(0.05)
    received = push_service.received[count - 1]
    assert received.path == device.endpoint.removeprefix(push_service.url)
    return json.loads(device.decrypt(received.body))


def _discreet(opened, *members):
    said = json.dumps(opened).casefold()
    assert "no contact" not in said and " ex " not in said
    for member in members:
        assert member.username not in said and member.public_name.casefold() not in said


def test_web_push_from_a_reply_and_a_buddy_ping_in_the_browser(
    page, live_server, vapid, push_service
):
    rowan = factories.make_member(username="rowan")
    sasha = factories.make_member(username="sasha")
    thread = factories.make_thread(author=rowan, title="Sam texted me at 3am")
    phone = push_service.new_device("rowans-phone")
    push.subscribe_device(
        member=rowan, endpoint=phone.endpoint, p256dh=phone.p256dh, auth=phone.auth
    )
    pairing = buddies.invite_buddy(member=sasha, invitee=rowan)
    buddies.accept_buddy_invitation(member=rowan, pairing=pairing)

    sign_in(page, sasha, live_server.url)
    page.goto(thread.get_absolute_url())
    page.get_by_label("Your reply").fill("You don't have to answer Sam. We're here.")
    page.get_by_role("button", name="Post reply").click()
    expect(page.locator(".post").last).to_contain_text("You don't have to answer Sam.")
    opened = _opened(phone, push_service, 1)
    assert opened["body"] == "Someone replied to you. Read it when you're ready."
    _discreet(opened, rowan, sasha)
    assert "sam" not in json.dumps(opened).casefold()

    page.goto("/sos/")
    page.get_by_role("button", name="It's a hard day. A word from you would help.").click()
    expect(page.locator(".messages")).to_contain_text("Sent. Your buddy will see it")
    opened = _opened(phone, push_service, 2)
    assert opened["body"] == "Someone you trust asked for a moment of your time."
    assert opened["url"] == "/buddy/"
    _discreet(opened, rowan, sasha)
