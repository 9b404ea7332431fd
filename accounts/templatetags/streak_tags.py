"""Template helpers for streak badges. They only read what a selector already gathered."""

from django import template
from django.conf import settings
from django.template.loader import get_template

from pagecache.local import drawing_afresh

register = template.Library()

_BADGE = "components/_streak_badge.html"
_MAX = 4096  # badges kept per tag (a few MB a worker at most); past it, start again empty


@register.filter
def badge_for(badges, member):
    """{{ author_badges|badge_for:post.author }}: the member's badge from a dict built by
    accounts.selectors.streak_badges_for, or None. Never a query."""
    if not badges or member is None:
        return None
    return badges.get(getattr(member, "pk", member))


class StreakBadgeNode(template.Node):
    """A badge is a frozen dataclass, so the same badge always draws the same HTML: each is
    drawn once and kept here. A thread page repeats its authors' badges, and including the
    template for each post was a sixth of a drawn post's time (docs/cold-renders.md)."""

    def __init__(self, badge):
        self.badge = badge
        # Kept on the node, as pagecache's {% drawn_once %} keeps its pieces: a template
        # loaded again (DEBUG's reloading, a test's own settings) starts empty.
        self.drawn: dict[tuple, str] = {}

    def render(self, context):
        badge = self.badge.resolve(context)
        if badge is None:
            return ""
        # The static settings are part of the key: the badge's icon names the sprite's URL.
        key = (badge, settings.STATIC_URL, settings.STORAGES["staticfiles"]["BACKEND"])
        html = None if drawing_afresh() else self.drawn.get(key)
        if html is None:
            html = get_template(_BADGE).render({"badge": badge})
            if len(self.drawn) >= _MAX:
                self.drawn.clear()
            self.drawn[key] = html
        return html


@register.tag
def streak_badge(parser, token):
    """{% streak_badge author_badges|badge_for:post.author %}: components/_streak_badge.html
    for this badge (a StreakBadge, or None for nothing)."""
    try:
        _, badge = token.split_contents()
    except ValueError:
        raise template.TemplateSyntaxError("{% streak_badge %} takes one badge") from None
    return StreakBadgeNode(parser.compile_filter(badge))
