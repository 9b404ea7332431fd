"""Web push and the offline app (issue 16, item 6): what another member, a visitor or a
shared device could learn or undo."""

from django.urls import reverse

from accounts.models import PushSubscription
from accounts.push import services

ENDPOINT = "https://push.example/rowans-phone"


def test_web_push_another_member_cannot_turn_off_a_device_by_its_address(
    settings, client_for, member, other_member
):
    settings.VAPID_PRIVATE_KEY = "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE"
    services.subscribe_device(member=member, endpoint=ENDPOINT, p256dh="k", auth="a")
    client_for(other_member).post(reverse("accounts:push_device_off"), {"endpoint": ENDPOINT})
    client_for(other_member).post(reverse("accounts:push_all_off"))
    assert PushSubscription.objects.filter(member=member).count() == 1


def test_web_push_device_address_is_never_shown_on_a_page(settings, client_for, member):
    """The endpoint is a capability: whoever has it can push to the device."""
    settings.VAPID_PRIVATE_KEY = "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE"
    services.subscribe_device(member=member, endpoint=ENDPOINT, p256dh="k", auth="a")
    page = client_for(member).get(reverse("accounts:settings_push")).content.decode()
    assert "push.example" not in page


def test_offline_page_and_worker_hold_nothing_of_the_member(client_for, member):
    """Both are kept by the service worker beyond log-out: they must be the same for
    everyone (the worker fetches the offline page without cookies as well)."""
    signed_in = client_for(member)
    for url in (reverse("app_offline"), reverse("app_service_worker")):
        assert member.username not in signed_in.get(url).content.decode()
    assert signed_in.get(reverse("app_service_worker")).content == (
        client_for(None).get(reverse("app_service_worker")).content
    )
