"""Web push end to end against a push service in the test process (push_service.py): a
reply, a risky-date reminder and a buddy ping each reach it as an RFC 8030 POST, signed with
VAPID, and decrypt (RFC 8291, with the device's private key) to the discreet words."""

import base64
import datetime
import json

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured

from accounts.data_rights import services as data_rights
from accounts.models import PushSubscription
from accounts.push import delivery, keys, messages, services
from accounts.streaks.services import dates as risky_dates
from config import environment
from tests import factories
from tests.accounts.push.push_service import PushService

NOW = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC)  # 10:00 in UTC


def _device(push_service, member, name="phone"):
    device = push_service.new_device(name)
    services.subscribe_device(
        member=member, endpoint=device.endpoint, p256dh=device.p256dh, auth=device.auth
    )
    return device


def _opened(device, received) -> dict:
    return json.loads(device.decrypt(received.body))


def test_web_push_reply_reaches_the_push_service_and_decrypts_to_discreet_words(
    vapid, push_service, member, other_member, django_capture_on_commit_callbacks
):
    device = _device(push_service, member)
    thread = factories.make_thread(author=member, title="Sam keeps texting me")
    with django_capture_on_commit_callbacks(execute=True):
        factories.make_reply(author=other_member, thread=thread, body="Hold on, Rowan.")
    [received] = push_service.received
    assert received.path == device.endpoint.removeprefix(push_service.url)
    assert received.headers["content-encoding"] == "aes128gcm"
    assert int(received.headers["ttl"]) == delivery.TTL_SECONDS
    # VAPID (RFC 8292): signed with the site's key, whose public half the browser subscribed to.
    assert f"k={keys.application_server_key()}" in received.headers["authorization"]
    assert "reply" not in received.body.decode("latin-1")  # encrypted on the wire
    opened = _opened(device, received)
    assert opened == {
        "title": "Holdfast",
        "body": "Someone replied to you. Read it when you're ready.",
        "tag": "reply",
        "url": "/notifications/",
    }
    said = json.dumps(opened).lower()
    for secret in ("sam", "texting", "sasha", "rowan", "no contact"):
        assert secret not in said


def test_web_push_risky_date_reminder_is_pushed_with_the_email(
    vapid, push_service, member, django_capture_on_commit_callbacks
):
    device = _device(push_service, member)
    risky_dates.add_risky_date(
        member=member, label="Her birthday", on=datetime.date(2026, 6, 16), email_reminder=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert risky_dates.send_risky_date_reminders(now=NOW) == 1
    [received] = push_service.received
    opened = _opened(device, received)
    assert opened["body"] == "A gentle note for tomorrow. Your tools are here for you."
    assert opened["url"] == "/sos/"
    assert "birthday" not in json.dumps(opened).lower()


def test_web_push_buddy_ping_reaches_every_device_of_the_member(
    vapid, push_service, member, django_capture_on_commit_callbacks
):
    phone, laptop = _device(push_service, member), _device(push_service, member, "laptop")
    with django_capture_on_commit_callbacks(execute=True):
        queued = services.push_to_members(
            member_ids=[member.pk], kind=messages.BUDDY_PING, url="/sos/", now=NOW
        )
    assert queued == 2
    bodies = {
        _opened(device, received)["body"]
        for device, received in zip(
            sorted([phone, laptop], key=lambda d: d.endpoint),
            sorted(push_service.received, key=lambda r: r.path),
            strict=True,
        )
    }
    assert bodies == {"Someone you trust asked for a moment of your time."}


def test_web_push_quiet_hours_hold_pushes_back_on_the_members_clock(
    vapid, push_service, member, django_capture_on_commit_callbacks
):
    member.time_zone = "Europe/Berlin"  # 12:00 there at NOW
    member.save(update_fields=["time_zone"])
    _device(push_service, member)
    services.set_quiet_hours(member=member, quiet_from=11, quiet_until=13)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.push_to_members(member_ids=[member.pk], kind="reply", url="/", now=NOW) == 0
    services.set_quiet_hours(member=member, quiet_from=22, quiet_until=7)  # across midnight
    with django_capture_on_commit_callbacks(execute=True):
        assert services.push_to_members(member_ids=[member.pk], kind="reply", url="/", now=NOW) == 1
        night = NOW.replace(hour=1)  # 03:00 in Berlin
        assert (
            services.push_to_members(member_ids=[member.pk], kind="reply", url="/", now=night) == 0
        )
    assert len(push_service.received) == 1


def test_web_push_unavailable_without_keys_sends_nothing_and_asks_nothing(
    member, push_service, settings, django_assert_num_queries
):
    settings.VAPID_PRIVATE_KEY = ""
    _device(push_service, member)
    with django_assert_num_queries(0):
        assert services.push_to_members(member_ids=[member.pk], kind="reply", url="/") == 0
    assert keys.application_server_key() == ""


def test_web_push_gone_device_is_forgotten(vapid, member):
    with PushService(status=410) as gone:
        device = _device(gone, member)
        subscription = PushSubscription.objects.get(endpoint=device.endpoint)
        result = delivery.deliver_push(subscription_id=subscription.pk, kind="reply", url="/")
    assert result == delivery.GONE
    assert not PushSubscription.objects.filter(pk=subscription.pk).exists()


def test_web_push_failure_keeps_the_device(vapid, member):
    with PushService(status=500) as broken:
        device = _device(broken, member)
        subscription = PushSubscription.objects.get(endpoint=device.endpoint)
        result = delivery.deliver_push(subscription_id=subscription.pk, kind="reply", url="/")
    assert result == delivery.FAILED
    assert PushSubscription.objects.filter(pk=subscription.pk).exists()


@pytest.mark.parametrize("kind", messages.KINDS)
def test_web_push_words_are_discreet(kind):
    said = json.dumps(messages.payload(kind, "/")).lower()
    for word in messages.NEVER_SAID:
        assert word not in said


def test_web_push_unknown_kind_fails_loudly(member):
    with pytest.raises(ValueError, match="Unknown push kind"):
        services.push_to_members(member_ids=[member.pk], kind="gossip", url="/")


def test_web_push_subscribing_again_moves_the_device_to_its_new_member(
    member, other_member, push_service
):
    device = _device(push_service, member)
    _device_again = services.subscribe_device(
        member=other_member, endpoint=device.endpoint, p256dh=device.p256dh, auth=device.auth
    )
    assert PushSubscription.objects.get(endpoint=device.endpoint).member == other_member
    assert _device_again.member == other_member


def test_web_push_vapid_key_reader_names_the_variable():
    assert environment.read_vapid(environ={}) == ("", "mailto:admin@holdfast.local")
    good = base64.urlsafe_b64encode(bytes(range(1, 33))).rstrip(b"=").decode()
    assert environment.read_vapid(environ={"VAPID_PRIVATE_KEY": good})[0] == good
    with pytest.raises(ImproperlyConfigured, match="VAPID_PRIVATE_KEY"):
        environment.read_vapid(environ={"VAPID_PRIVATE_KEY": "not-a-key"})
    with pytest.raises(ImproperlyConfigured, match="VAPID_SUBJECT"):
        environment.read_vapid(environ={"VAPID_SUBJECT": "admin@example.com"})


def test_web_push_vapid_key_command_prints_a_key_the_settings_accept(settings):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("vapid_key", stdout=out)
    line = out.getvalue().splitlines()[0]
    key = line.removeprefix("VAPID_PRIVATE_KEY=")
    assert environment.read_vapid(environ={"VAPID_PRIVATE_KEY": key})[0] == key
    settings.VAPID_PRIVATE_KEY = key
    assert keys.application_server_key() in out.getvalue()


def test_web_push_devices_and_quiet_hours_are_in_the_members_export(push_service, member):
    _device(push_service, member)
    services.set_quiet_hours(member=member, quiet_from=22, quiet_until=7)
    exported = data_rights.collect_member_data(member)
    assert exported["quiet_hours"] == {"from_hour": 22, "until_hour": 7}
    [device] = exported["push_devices"]
    assert device["push_service"] == "127.0.0.1"
    # The device's keys stay out: an export is read on any screen, they are secrets.
    assert "auth" not in json.dumps(exported) and "p256dh" not in json.dumps(exported)


def test_web_push_risky_date_reminder_without_email_still_reaches_the_device(
    vapid, push_service, member, django_capture_on_commit_callbacks
):
    device = _device(push_service, member)
    risky_dates.add_risky_date(
        member=member, label="Our anniversary", on=datetime.date(2026, 6, 16), email_reminder=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert risky_dates.send_risky_date_reminders(now=NOW) == 1
        assert risky_dates.send_risky_date_reminders(now=NOW) == 0  # once per occurrence
    [received] = push_service.received
    assert (
        _opened(device, received)["body"]
        == "A gentle note for tomorrow. Your tools are here for you."
    )
    assert not mail.outbox


def test_web_push_risky_date_without_email_or_device_reminds_only_on_the_site(member):
    risky_dates.add_risky_date(
        member=member, label="Our anniversary", on=datetime.date(2026, 6, 16), email_reminder=False
    )
    assert risky_dates.send_risky_date_reminders(now=NOW) == 0
