"""Accountability buddies, as an attacker would try them: a member who changes an id in a
buddy URL reaches no one else's pairing or ping (the same 404 as a missing one, nothing
written), a ping carries no free text however it is posted, and a buddy's streak shows
nowhere but the buddy page while the pairing is active."""

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from accounts.buddies import services
from accounts.models import BuddyPairing, BuddyPing, PingMessage, Visibility
from tests import factories

pytestmark = pytest.mark.django_db
MISSING = 987654


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def buddies():
    sasha = factories.make_member(username="sasha")
    ash = factories.make_member(username="ash")
    pairing = services.invite_buddy(member=sasha, invitee=ash)
    services.accept_buddy_invitation(member=ash, pairing=pairing)
    ping = services.ping_buddy(member=sasha, message=PingMessage.URGE)
    return pairing, ping


@pytest.mark.parametrize("name", ["buddy_accept", "buddy_decline", "buddy_end"])
def test_buddy_idor_pairing_is_missing_for_others(buddies, name):
    pairing, _ = buddies
    rowan = signed_in(factories.make_member(username="rowan"))
    for pk in (pairing.pk, MISSING):
        assert rowan.post(reverse(f"accounts:{name}", args=[pk])).status_code == 404
    assert BuddyPairing.objects.get().status == BuddyPairing.Status.ACTIVE


def test_buddy_idor_ping_reply_is_missing_for_others(buddies):
    _, ping = buddies
    rowan = signed_in(factories.make_member(username="rowan"))
    for pk in (ping.pk, MISSING):
        response = rowan.post(reverse("accounts:buddy_reply", args=[pk]), {"reply": "here"})
        assert response.status_code == HTTPStatus.NOT_FOUND
    assert BuddyPing.objects.get().reply == ""


def test_buddy_ping_never_stores_free_text(buddies):
    pairing, _ = buddies
    sasha = signed_in(pairing.inviter)
    sasha.post(reverse("accounts:buddy_ping"), {"message": "<script>alert(1)</script>"})
    assert set(BuddyPing.objects.values_list("message", flat=True)) == {"urge"}


def test_buddy_streak_leaks_to_no_one_else(buddies):
    pairing, _ = buddies
    from accounts import services as account_services

    ash = pairing.invitee
    ash.streak_visibility = Visibility.ONLY_ME
    ash.save()
    import datetime

    from django.utils import timezone

    account_services.start_streak(
        member=ash, started_on=timezone.now().date() - datetime.timedelta(days=41)
    )
    rowan = signed_in(factories.make_member(username="rowan"))
    for url in (reverse("accounts:buddy"), reverse("accounts:profile", args=["ash"])):
        assert "41 days" not in rowan.get(url).content.decode()
    assert "41 days" in signed_in(pairing.inviter).get(reverse("accounts:buddy")).content.decode()
