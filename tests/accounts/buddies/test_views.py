"""The buddy pages through Django's test client: each view, its refusals, its kind words,
rate limits, and each page's query count at two data sizes."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from accounts.buddies import services
from accounts.models import BuddyFinderEntry, BuddyPairing, BuddyPing, PingMessage, Visibility
from accounts.streaks import selectors as streak_selectors
from core import ratelimit
from moderation.models import Report
from tests import factories
from tests.accounts.buddies.conftest import veteran

pytestmark = pytest.mark.django_db
BUDDY = reverse("accounts:buddy")
FINDER = reverse("accounts:buddy_finder")
INVITE = reverse("accounts:buddy_invite")
PING = reverse("accounts:buddy_ping")
SOS = reverse("accounts:sos")


def text(response) -> str:
    return response.content.decode()


def test_buddy_page_needs_signing_in(client):
    for url in (BUDDY, FINDER):
        response = client.get(url)
        assert response.status_code == HTTPStatus.FOUND
        assert "/accounts/login/" in response["Location"]


def test_buddy_page_is_never_cached(client_for, member):
    response = client_for(member).get(BUDDY)
    assert "no-store" in response["Cache-Control"]
    assert "Invite a buddy" in text(response)


def test_buddy_invite_by_username_then_accept(client_for, member, other_member):
    response = client_for(member).post(INVITE, {"username": other_member.username.upper()})
    assert response.status_code == HTTPStatus.FOUND
    pairing = BuddyPairing.objects.get()
    invitee_page = text(client_for(other_member).get(BUDDY))
    assert "invited you to be buddies" in invitee_page
    client_for(other_member).post(reverse("accounts:buddy_accept", args=[pairing.pk]))
    pairing.refresh_from_db()
    assert pairing.is_active


def test_buddy_invite_unknown_name_keeps_the_text(client_for, member):
    response = client_for(member).post(INVITE, {"username": "nobody_here"})
    assert response.status_code == HTTPStatus.OK
    assert "We couldn&#x27;t find a member with that username" in text(response)
    assert 'value="nobody_here"' in text(response)
    assert not BuddyPairing.objects.exists()


def test_buddy_invite_refusal_is_kind_and_writes_nothing(client_for, member):
    response = client_for(member).post(INVITE, {"username": member.username})
    assert "You can&#x27;t be your own buddy" in text(response)
    assert not BuddyPairing.objects.exists()


def test_buddy_stranger_cannot_accept_or_end_someone_elses_pairing(
    client_for, member, other_member
):
    pairing = services.invite_buddy(member=member, invitee=other_member)
    stranger = client_for(factories.make_member(username="stranger"))
    for name in ("buddy_accept", "buddy_decline", "buddy_end"):
        url = reverse(f"accounts:{name}", args=[pairing.pk])
        assert stranger.post(url).status_code == HTTPStatus.NOT_FOUND
        missing = reverse(f"accounts:{name}", args=[pairing.pk + 100])
        assert stranger.post(missing).status_code == HTTPStatus.NOT_FOUND
    assert BuddyPairing.objects.get().status == BuddyPairing.Status.INVITED


def test_buddy_pair_sees_a_private_streak_until_ended(client_for, member, other_member, pair):
    other_member.streak_visibility = Visibility.ONLY_ME
    other_member.save()
    from accounts import services as account_services

    account_services.start_streak(member=other_member, started_on=_days_ago(20))
    client = client_for(member)
    assert "20 days" in text(client.get(BUDDY))
    client_for(other_member).post(reverse("accounts:buddy_end", args=[pair.pk]))
    page = text(client.get(BUDDY))
    assert "20 days" not in page
    assert "Invite a buddy" in page


def _days_ago(days):
    import datetime

    from django.utils import timezone

    return timezone.now().date() - datetime.timedelta(days=days)


def test_buddy_ping_from_sos_and_reply(client_for, member, other_member, pair):
    sos = text(client_for(member).get(SOS))
    assert "Ping my buddy" in sos
    response = client_for(member).post(PING, {"message": "urge", "next": "sos"})
    assert response["Location"] == SOS
    ping = BuddyPing.objects.get()
    buddy_page = text(client_for(other_member).get(BUDDY))
    assert "having an urge to reach out" in buddy_page
    reply = reverse("accounts:buddy_reply", args=[ping.pk])
    client_for(other_member).post(reply, {"reply": "proud"})
    assert "Proud of you, hold on." in text(client_for(member).get(BUDDY))


def test_buddy_sos_has_no_ping_without_a_buddy(client_for, member):
    assert "Ping my buddy" not in text(client_for(member).get(SOS))


def test_buddy_ping_free_text_is_refused(client_for, member, pair):
    response = client_for(member).post(PING, {"message": "call me"}, follow=True)
    assert "Please choose one of the messages." in text(response)
    assert not BuddyPing.objects.exists()


def test_buddy_reply_to_someone_elses_ping_is_404(client_for, member, other_member, pair):
    ping = services.ping_buddy(member=member, message=PingMessage.URGE)
    url = reverse("accounts:buddy_reply", args=[ping.pk])
    assert client_for(member).post(url, {"reply": "here"}).status_code == HTTPStatus.NOT_FOUND
    stranger = client_for(factories.make_member(username="stranger"))
    assert stranger.post(url, {"reply": "here"}).status_code == HTTPStatus.NOT_FOUND
    assert BuddyPing.objects.get().reply == ""


def test_buddy_ping_rate_limited(client_for, member, pair, monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "buddy:ping", ratelimit.Limit(member=1, period=600))
    client = client_for(member)
    client.post(PING, {"message": "urge"})
    response = client.post(PING, {"message": "hard_day"}, follow=True)
    assert "a lot in a short time" in text(response)
    assert BuddyPing.objects.count() == 1


def test_buddy_pages_refuse_get_on_writes(client_for, member):
    client = client_for(member)
    for url in (INVITE, PING, reverse("accounts:buddy_finder_choice")):
        assert client.get(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_buddy_can_be_reported(client_for, member, other_member, pair):
    page = text(client_for(member).get(BUDDY))
    report_url = reverse("moderation:report_member", args=[other_member.username])
    assert report_url in page
    client_for(member).post(report_url, {"reason": "harassment", "note": "Pings at 4 a.m."})
    assert Report.objects.filter(member=other_member, reporter=member).exists()


def test_buddy_finder_opt_in_needs_ninety_days(client_for, member):
    client = client_for(member)
    page = text(client.get(BUDDY))
    assert "The buddy finder is for members with 90 days" in page
    client.post(reverse("accounts:buddy_finder_choice"), {"found": "yes"})
    assert not BuddyFinderEntry.objects.exists()
    ready = veteran()
    client_for(ready).post(reverse("accounts:buddy_finder_choice"), {"found": "yes"})
    assert BuddyFinderEntry.objects.filter(member=ready).exists()
    assert [m.pk for m in client.get(FINDER).context["matches"]] == [ready.pk]


def test_buddy_finder_lists_and_invites(client_for, member):
    ready = veteran()
    services.join_buddy_finder(member=ready)
    client = client_for(member)
    page = text(client.get(FINDER))
    assert ready.public_name in page
    client.post(INVITE, {"username": ready.username})
    assert BuddyPairing.objects.filter(inviter=member, invitee=ready).exists()
    assert client.get(FINDER).context["matches"] == []  # I have an invitation out now


@pytest.mark.parametrize("pings", [1, streak_selectors.HISTORY_LIMIT + 15])
def test_buddy_page_query_count(
    client_for, member, other_member, pings, django_assert_max_num_queries
):
    pair = services.invite_buddy(member=member, invitee=other_member)
    services.accept_buddy_invitation(member=other_member, pairing=pair)
    for _ in range(pings):
        services.ping_buddy(member=member, message=PingMessage.URGE)
    client = client_for(other_member)
    # 2 (session, user) + 5 (the open pairing, the buddy's streak, the pings (capped), the
    # finder opt-in, my running streak) + 1 (the nav's unread notification count) = 8.
    with django_assert_max_num_queries(8):
        response = client.get(BUDDY)
    assert text(response).count("I&#x27;m here.") == min(pings, 20)


@pytest.mark.parametrize("offering", [1, 25])
def test_buddy_finder_query_count(client_for, member, offering, django_assert_max_num_queries):
    for number in range(offering):
        services.join_buddy_finder(member=veteran(f"vet{number}"))
    client = client_for(member)
    # 2 (session, user) + 1 (my open pairing) + 3 (blocks, members in open pairings, the
    # candidates with their members) + 1 (the nav's unread notification count) = 7.
    with django_assert_max_num_queries(7):
        response = client.get(FINDER)
    assert len(response.context["matches"]) == min(offering, 20)


def test_buddy_page_is_linked_from_the_streak_and_sos_pages(client_for, member):
    client = client_for(member)
    for url in (reverse("accounts:streak_dashboard"), SOS):
        assert f'href="{BUDDY}"' in text(client.get(url))
