"""Template helpers for streak badges. They only read what a selector already gathered."""

import functools

from django import template
from django.conf import settings
from django.template.loader import get_template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def badge_for(badges, member):
    """{{ author_badges|badge_for:post.author }}: the member's badge from a dict built by
    accounts.selectors.streak_badges_for, or None. Never a query."""
    if not badges or member is None:
        return None
    return badges.get(getattr(member, "pk", member))


@register.simple_tag
def streak_badge(badge) -> str:
    """{% streak_badge badge %}: components/_streak_badge.html for this badge (a
    StreakBadge or None). A badge is a frozen dataclass, so the same badge always draws the
    same HTML: it is drawn once per process and then reused. A thread page repeats its
    authors' badges, and including the template for each post was a sixth of a drawn
    post's time (docs/cold-renders.md)."""
    if badge is None:
        return ""
    storage = settings.STORAGES["staticfiles"]["BACKEND"]
    return _drawn(badge, settings.STATIC_URL, storage)


@functools.lru_cache(maxsize=4096)
def _drawn(badge, static_url: str, storage: str) -> str:
    # The static settings are part of the key: the badge's icon names the sprite's URL.
    html = get_template("components/_streak_badge.html").render({"badge": badge})
    return mark_safe(html)  # noqa: S308 — drawn by our own template, escaped there
