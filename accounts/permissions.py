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
