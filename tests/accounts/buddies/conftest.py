import datetime

import pytest
from django.utils import timezone

from accounts import services as account_services
from accounts.buddies import services
from tests import factories


@pytest.fixture
def pair(member, other_member):
    """`member` invited `other_member`, who accepted: an active pairing."""
    pairing = services.invite_buddy(member=member, invitee=other_member)
    return services.accept_buddy_invitation(member=other_member, pairing=pairing)


def veteran(username="veteran", *, days=120, time_zone="UTC"):
    """A member `days` into their running streak."""
    member = factories.make_member(username=username, time_zone=time_zone)
    account_services.start_streak(
        member=member, started_on=timezone.now().date() - datetime.timedelta(days=days)
    )
    return member
