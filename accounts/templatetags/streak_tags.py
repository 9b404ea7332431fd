"""Template helpers for streak badges. They only read what a selector already gathered."""

from django import template

register = template.Library()


@register.filter
def badge_for(badges, member):
    """{{ author_badges|badge_for:post.author }}: the member's badge from a dict built by
    accounts.selectors.streak_badges_for, or None. Never a query."""
    if not badges or member is None:
        return None
    return badges.get(getattr(member, "pk", member))
