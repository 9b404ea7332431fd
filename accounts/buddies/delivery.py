"""Where a buddy ping (and a reply) leaves the site: a web push to the other buddy's devices
(accounts.push), besides the buddy page (/buddy/) where it is always seen.

The services (accounts.buddies.services) call ping_sent() and reply_sent() once per ping and
per reply, after the transaction commits, never for a refused one. The words are the push
module's (accounts.push.messages): they never say "no contact", never name the buddy or the
ex, never quote the ping — anyone may glance at a phone. Quiet hours hold them back like any
other push.
"""

from django.urls import reverse

from accounts.push import messages
from accounts.push import services as push


def ping_sent(ping) -> None:
    """A ping was sent: tell `ping.recipient`'s devices."""
    push.push_to_members(
        member_ids=[ping.recipient_id], kind=messages.BUDDY_PING, url=reverse("accounts:buddy")
    )


def reply_sent(ping) -> None:
    """`ping.recipient` answered: tell `ping.sender`'s devices."""
    push.push_to_members(
        member_ids=[ping.sender_id], kind=messages.BUDDY_REPLY, url=reverse("accounts:buddy")
    )
