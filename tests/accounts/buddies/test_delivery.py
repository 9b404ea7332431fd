"""accounts.buddies.delivery: the words a lock screen may show for a buddy ping or reply are
discreet — no "no contact", no "ex", no name, no quoted ping."""

import pytest

from accounts.buddies import delivery, services
from accounts.models import PingMessage

pytestmark = pytest.mark.django_db


def test_buddy_push_text_is_discreet(pair, member, other_member):
    ping = services.ping_buddy(member=member, message=PingMessage.URGE)
    for words in (delivery.push_text_for_ping(ping), delivery.push_text_for_reply(ping)):
        shown = f"{words['title']} {words['body']}".casefold()
        for telling in ("no contact", "no-contact", " ex", "urge", "reach out", "streak"):
            assert telling not in shown
        for name in (member.username, other_member.username, member.public_name):
            assert name.casefold() not in shown
        assert words["url"] == "/buddy/"
