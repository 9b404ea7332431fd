"""The push settings page and its writes (accounts/push/views.py), as a member's browser
would post them (static/js/app.js fills the forms from the browser's PushSubscription)."""

from http import HTTPStatus

from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.models import PushPreference, PushSubscription
from accounts.push import services
from accounts.push.forms import DeviceForm, QuietHoursForm
from accounts.push.receivers import SESSION_KEY
from tests.accounts.push.push_service import Device

PAGE = reverse("accounts:settings_push")
ON = reverse("accounts:push_device_on")
OFF = reverse("accounts:push_device_off")
ALL_OFF = reverse("accounts:push_all_off")


def _device(name="phone"):
    return Device(endpoint=f"https://push.example/{name}")


def _on(client, device):
    data = {"endpoint": device.endpoint, "p256dh": device.p256dh, "auth": device.auth}
    return client.post(ON, data)


def _said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_web_push_settings_page_says_unavailable_without_keys(client_for, member, settings):
    settings.VAPID_PRIVATE_KEY = ""
    page = client_for(member).get(PAGE)
    assert page.status_code == HTTPStatus.OK
    assert "not available on this site yet" in page.content.decode()
    assert "data-push-on" not in page.content.decode()
    assert "Quiet hours" in page.content.decode()  # still theirs to set


def test_web_push_settings_page_offers_this_device_with_the_server_key(
    vapid, client_for, member, django_assert_max_num_queries
):
    client = client_for(member)
    # session, member, preference, device count, the unread count; on a cold cache also the
    # member's notices (warnings, moderator group) and the session's save: 8 at most
    with django_assert_max_num_queries(8):
        page = client.get(PAGE).content.decode()
    from accounts.push import keys

    assert f'data-key="{keys.application_server_key()}"' in page
    assert "Turn on for this device" in page


def test_web_push_settings_page_query_count_does_not_grow_with_devices(
    vapid, client_for, member, django_assert_max_num_queries
):
    for n in range(12):
        services.subscribe_device(
            member=member, endpoint=f"https://push.example/{n}", p256dh="k", auth="a"
        )
    client = client_for(member)
    with django_assert_max_num_queries(8):
        page = client.get(PAGE).content.decode()
    assert "Notifications are on for 12 devices." in page


def test_web_push_settings_need_log_in(client, db):
    assert client.get(PAGE).status_code == HTTPStatus.FOUND
    assert client.post(ON, {}).status_code == HTTPStatus.FOUND
    assert PushSubscription.objects.count() == 0


def test_web_push_device_on_saves_it_and_log_out_forgets_it(vapid, client_for, member):
    client = client_for(member)
    device = _device()
    response = _on(client, device)
    assert response.status_code == HTTPStatus.FOUND
    assert _said(response) == ["Notifications are on for this device."]
    subscription = PushSubscription.objects.get(member=member)
    assert (subscription.endpoint, subscription.p256dh) == (device.endpoint, device.p256dh)
    assert client.session[SESSION_KEY] == device.endpoint
    client.post(reverse("account_logout"))
    assert not PushSubscription.objects.filter(member=member).exists()


def test_web_push_log_out_leaves_the_members_other_devices(vapid, client_for, member):
    services.subscribe_device(
        member=member, endpoint="https://push.example/laptop", p256dh="k", auth="a"
    )
    client = client_for(member)
    _on(client, _device("phone"))
    client.post(reverse("account_logout"))
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [
        "https://push.example/laptop"
    ]


def test_web_push_device_on_refuses_bad_keys_and_plain_http(vapid, client_for, member):
    client = client_for(member)
    bad = client.post(ON, {"endpoint": "https://push.example/x", "p256dh": "no", "auth": "no"})
    assert _said(bad) == [DeviceForm.error_messages["keys"]]
    device = Device(endpoint="http://10.0.0.5/internal")
    plain = _on(client_for(member), device)
    assert _said(plain) == [DeviceForm.error_messages["insecure"]]
    assert PushSubscription.objects.count() == 0


def test_web_push_device_on_unavailable_without_keys(client_for, member, settings):
    settings.VAPID_PRIVATE_KEY = ""
    response = _on(client_for(member), _device())
    assert "not available" in _said(response)[0]
    assert PushSubscription.objects.count() == 0


def test_web_push_device_off_touches_only_the_members_own(vapid, client_for, member, other_member):
    """An endpoint is not a secret the server may act on for anyone: another member posting
    it removes nothing."""
    device = _device()
    _on(client_for(member), device)
    client_for(other_member).post(OFF, {"endpoint": device.endpoint})
    assert PushSubscription.objects.filter(member=member).count() == 1
    response = client_for(member).post(OFF, {"endpoint": device.endpoint})
    assert _said(response) == ["Notifications are off for this device."]
    assert PushSubscription.objects.count() == 0


def test_web_push_all_off_works_without_javascript(vapid, client_for, member, other_member):
    for name in ("a", "b"):
        services.subscribe_device(
            member=member, endpoint=f"https://push.example/{name}", p256dh="k", auth="a"
        )
    services.subscribe_device(
        member=other_member, endpoint="https://push.example/c", p256dh="k", auth="a"
    )
    client_for(member).post(ALL_OFF)
    assert list(PushSubscription.objects.values_list("member", flat=True)) == [other_member.pk]


def test_web_push_quiet_hours_saved_and_cleared(client_for, member):
    client = client_for(member)
    response = client.post(PAGE, {"quiet_from": "22", "quiet_until": "7"})
    assert response.status_code == HTTPStatus.FOUND
    preference = PushPreference.objects.get(member=member)
    assert (preference.quiet_from, preference.quiet_until) == (22, 7)
    assert 'value="22" selected' in client.get(PAGE).content.decode()
    client.post(PAGE, {"quiet_from": "", "quiet_until": ""})
    preference.refresh_from_db()
    assert (preference.quiet_from, preference.quiet_until) == (None, None)


def test_web_push_quiet_hours_need_both_ends(client_for, member):
    response = client_for(member).post(PAGE, {"quiet_from": "22", "quiet_until": ""})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert QuietHoursForm.error_messages["both"] in response.content.decode()
    assert 'value="22" selected' in response.content.decode()  # their choice kept
    assert not PushPreference.objects.exists()


def test_web_push_quiet_hours_refuse_a_made_up_hour(client_for, member):
    response = client_for(member).post(PAGE, {"quiet_from": "25", "quiet_until": "3"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not PushPreference.objects.exists()
