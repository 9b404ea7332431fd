"""What a push says, by kind. Pure. The words are the same for everyone and say nothing a
person glancing at a lock screen could read a breakup into: no "no contact", no "ex", no
names, no thread titles, no streak numbers. The page it opens says the rest, behind the
member's log-in."""

from dataclasses import dataclass

REPLY = "reply"
RISKY_DATE = "risky_date"
BUDDY_PING = "buddy_ping"
BUDDY_REPLY = "buddy_reply"


@dataclass(frozen=True)
class PushText:
    title: str
    body: str


TEXTS = {
    REPLY: PushText("Holdfast", "Someone replied to you. Read it when you're ready."),
    RISKY_DATE: PushText("Holdfast", "A gentle note for tomorrow. Your tools are here for you."),
    BUDDY_PING: PushText("Holdfast", "Someone you trust asked for a moment of your time."),
    BUDDY_REPLY: PushText("Holdfast", "Someone you trust answered you."),
}
KINDS = tuple(TEXTS)
# Words a push must never contain (tests check every text against them).
NEVER_SAID = ("no contact", "no-contact", "ex ", "breakup", "break-up")


def payload(kind: str, url: str) -> dict:
    """The JSON the service worker shows (static/js/… service-worker template): a tag per kind,
    so a second push of a kind replaces the first instead of stacking up."""
    text = TEXTS[kind]
    return {"title": text.title, "body": text.body, "tag": kind, "url": url}
