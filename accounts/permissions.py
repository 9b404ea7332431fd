"""Who may see what of a member: the one place that decides, asked by selectors, views,
services (celebration posts) and the badge image alike.

A viewer is one of three: a visitor (not signed in), a member, or the owner. Each privacy
setting (accounts.models.Visibility) lets in a widening circle of them. Moderators see what
members see: a streak is the member's own story, not moderation material.
"""

from accounts import shield
from accounts.models import Visibility


def sees(visibility: str, *, viewer, owner_id: int) -> bool:
    """Whether `viewer` (a User or AnonymousUser) is let in by `visibility` on something
    belonging to member `owner_id`."""
    if viewer.is_authenticated and viewer.pk == owner_id:
        return True
    if visibility == Visibility.EVERYONE:
        return True
    if visibility == Visibility.MEMBERS:
        return viewer.is_authenticated
    return False


def can_see_streak(viewer, member) -> bool:
    return sees(member.streak_visibility, viewer=viewer, owner_id=member.pk)


def can_see_profile(viewer, member) -> bool:
    """The profile page at all: not when the member's shield keeps the viewer out (then the
    same 404 as for no such member: accounts.shield)."""
    return not shield.is_shielded_from(member, viewer)


def can_see_profile_details(viewer, member) -> bool:
    """Bio, post count and recent posts."""
    return sees(member.profile_visibility, viewer=viewer, owner_id=member.pk)


def streak_is_public(member) -> bool:
    """Shown to anyone at all, visitors included — the test for surfaces that look the same to
    everyone and may be cached by anyone (the SVG badge, posts in public categories)."""
    return member.streak_visibility == Visibility.EVERYONE


# --- Accountability buddies (issue 16, item 4; accounts.buddies) ---------------------------
# A pairing shows each buddy the other's streak whatever its privacy: both agreed to it, and
# either can end it at any time, which hides the streak again.

BUDDY_FINDER_DAYS = 90  # only members this far along may be found by newcomers


def can_see_buddy_streak(viewer, pairing) -> bool:
    return pairing is not None and pairing.is_active and pairing.includes(viewer)


def why_cannot_invite_buddy(member, invitee, *, now=None) -> str | None:
    """Who may invite whom. The same sentence for a block (either way), a member who is
    away and one who already has a buddy: an invitation never tells what the other chose."""
    from accounts.buddies import hooks
    from accounts.models import BuddyPairing

    if member.is_silenced(now):
        return "You can't invite a buddy while your account is paused by the moderators."
    if invitee.pk == member.pk:
        return "You can't be your own buddy — but you can invite someone you trust here."
    if BuddyPairing.objects.open_for(member).exists():
        return (
            "You already have a buddy or an invitation waiting. End it first to invite "
            "someone else."
        )
    unavailable = (
        not invitee.is_active
        or invitee.is_suspended(now)
        or hooks.is_blocked_between(member, invitee)
        or BuddyPairing.objects.open_for(invitee).exists()
    )
    if unavailable:
        return "That member can't take a buddy invitation right now."
    return None


def can_invite_buddy(member, invitee, *, now=None) -> bool:
    return why_cannot_invite_buddy(member, invitee, now=now) is None


def why_cannot_ping_buddy(member, pairing, *, now=None) -> str | None:
    from accounts.buddies import hooks

    if not can_see_buddy_streak(member, pairing):
        return "You don't have a buddy to ping right now."
    if member.is_silenced(now):
        return "You can't ping while your account is paused by the moderators."
    buddy = pairing.other_than(member)
    if hooks.is_blocked_between(member, buddy):
        return "You can't ping this member. You can end the pairing from your buddy page."
    if not buddy.is_active or buddy.is_suspended(now):
        return "Your buddy can't receive pings right now."
    return None


def can_ping_buddy(member, pairing, *, now=None) -> bool:
    return why_cannot_ping_buddy(member, pairing, now=now) is None


def why_cannot_reply_to_ping(member, ping, *, now=None) -> str | None:
    if ping.reply:
        return "You already answered this ping."
    return why_cannot_ping_buddy(member, ping.pairing, now=now)


def can_reply_to_ping(member, ping, *, now=None) -> bool:
    return why_cannot_reply_to_ping(member, ping, now=now) is None


def why_cannot_join_buddy_finder(member, current_days: int | None) -> str | None:
    if (current_days or 0) < BUDDY_FINDER_DAYS:
        return (
            f"The buddy finder is for members with {BUDDY_FINDER_DAYS} days or more in their "
            "current streak. You'll get there — and you can invite someone you know now."
        )
    return None
