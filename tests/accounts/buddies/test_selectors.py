"""accounts.buddies.selectors: the buddy page (the buddy's streak whatever its privacy, only
while active), the finder's matches by time zone, and the same 404 for others' rows."""

import datetime

import pytest
from django.http import Http404
from django.utils import timezone

from accounts import services as account_services
from accounts.buddies import selectors, services
from accounts.models import PingMessage, Visibility
from forum import services as forum_services
from tests import factories
from tests.accounts.buddies.conftest import veteran

pytestmark = pytest.mark.django_db


def _private_streak(member, days=12):
    member.streak_visibility = Visibility.ONLY_ME
    member.save()
    account_services.start_streak(
        member=member, started_on=timezone.now().date() - datetime.timedelta(days=days)
    )


def test_buddy_page_shows_a_private_streak_to_the_buddy(pair, member, other_member):
    _private_streak(other_member)
    page = selectors.buddy_page_for(member)
    assert page.is_active and page.buddy == other_member
    assert page.badge.current_days == 12


def test_buddy_page_hides_the_streak_once_ended(pair, member, other_member):
    _private_streak(other_member)
    services.end_buddy_pairing(member=other_member, pairing=pair)
    page = selectors.buddy_page_for(member)
    assert page.pairing is None and page.badge is None


def test_buddy_page_hides_the_streak_while_only_invited(member, other_member):
    _private_streak(other_member)
    services.invite_buddy(member=member, invitee=other_member)
    page = selectors.buddy_page_for(member)
    assert page.badge is None and not page.invited_me
    assert selectors.buddy_page_for(other_member).invited_me


def test_buddy_page_reads_in_five_queries(pair, member, django_assert_num_queries):
    services.ping_buddy(member=member, message=PingMessage.URGE)
    # The open pairing, the buddy's streak, the pings, the finder opt-in, my running streak.
    with django_assert_num_queries(5):
        selectors.buddy_page_for(member)


def test_buddy_get_pairing_for_a_stranger_is_404(pair):
    stranger = factories.make_member(username="stranger")
    with pytest.raises(Http404):
        selectors.get_pairing_for(stranger, pair.pk)
    with pytest.raises(Http404):
        selectors.get_pairing_for(stranger, pair.pk + 999)


def test_buddy_get_received_ping_only_for_its_recipient(pair, member, other_member):
    ping = services.ping_buddy(member=member, message=PingMessage.URGE)
    assert selectors.get_received_ping_for(other_member, ping.pk) == ping
    with pytest.raises(Http404):
        selectors.get_received_ping_for(member, ping.pk)  # the sender


def test_buddy_finder_matches_by_time_zone_nearest_first(member):
    member.time_zone = "Europe/London"
    member.save()
    paris = veteran("paris", time_zone="Europe/Paris")
    lisbon = veteran("lisbon", time_zone="Europe/Lisbon")
    tokyo = veteran("tokyo", time_zone="Asia/Tokyo")
    for other in (paris, lisbon, tokyo):
        services.join_buddy_finder(member=other)
    matches = selectors.finder_matches_for(member)
    assert tokyo not in matches
    assert set(matches) == {paris, lisbon}
    assert matches[0] == lisbon  # London's own offset


def test_buddy_finder_leaves_out_the_taken_the_blocked_and_the_reset(member):
    taken, blocked, reset = veteran("taken"), veteran("blocked"), veteran("reset")
    for other in (taken, blocked, reset):
        services.join_buddy_finder(member=other)
    services.invite_buddy(member=taken, invitee=factories.make_member(username="newbie"))
    forum_services.block_member(blocker=blocked, blocked=member)
    account_services.log_contact_event(member=reset, kind="i_reached_out")
    assert selectors.finder_matches_for(member) == []


def test_buddy_finder_reads_in_three_queries(member, django_assert_num_queries):
    for number in range(5):
        services.join_buddy_finder(member=veteran(f"vet{number}"))
    with django_assert_num_queries(3):
        assert len(selectors.finder_matches_for(member)) == 5
