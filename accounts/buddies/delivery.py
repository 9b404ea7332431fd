"""Where a buddy ping (and a reply) leaves the site. THE HOOK FOR WEB PUSH.

The services (accounts.buddies.services) call ping_sent() and reply_sent() once per ping and
per reply, after the transaction commits (transaction.on_commit), never for a refused one.
Today the buddy sees pings on their buddy page (/buddy/); web push (issue 16, item 6) is
built alongside, and the lead wires it here, with the `kind` the push module offers for
buddy pings, e.g.:

    def ping_sent(ping):
        push.send_to_member(member=ping.recipient, kind=push.BUDDY_PING, **push_text_for_ping(ping))

push_text_for_ping() and push_text_for_reply() give the discreet words a lock screen may
show: they never say "no contact", never name the buddy or the ex, never quote the ping —
anyone may glance at a phone.
"""

from django.urls import reverse

# The push's words, for a lock screen (tests/accounts/buddies/test_delivery.py pins them).
PING_TITLE = "Holdfast"
PING_BODY = "Someone you trust asked for a moment of your time."
REPLY_BODY = "Someone you trust answered you."


def push_text_for_ping(ping) -> dict:
    return {"title": PING_TITLE, "body": PING_BODY, "url": reverse("accounts:buddy")}


def push_text_for_reply(ping) -> dict:
    return {"title": PING_TITLE, "body": REPLY_BODY, "url": reverse("accounts:buddy")}


def ping_sent(ping) -> None:
    """A ping was sent to `ping.recipient`. Web push goes here (see the module's docstring);
    until then the buddy page is where it is seen."""


def reply_sent(ping) -> None:
    """`ping.recipient` answered; `ping.sender` is the one to tell. Web push goes here."""
