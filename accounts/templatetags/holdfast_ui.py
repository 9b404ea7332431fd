"""Holdfast's design-system tags (docs/design.md): {% icon "bell" %} draws an icon of the
sprite that scripts/build-assets.mjs builds from Lucide with the icons the templates name.
The build finds them by the literal `{% icon "name"` (or `icon="name"` in an include), so
an icon's name is always written out, never computed."""

import functools

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html

register = template.Library()


@functools.lru_cache(maxsize=8)
def _sprite(static_url: str, storage: str) -> str:
    # The sprite's URL, looked up in the static files' manifest once per process (per
    # setting, for tests that change it), not for each of a page's twenty-odd icons.
    return static("vendor/icons.svg")


@register.simple_tag
def icon(name: str, label: str = "", size: str = ""):
    """An icon of our sprite (static/vendor/icons.svg, built at install time); decorative
    (hidden from screen readers) unless given a label, which is then its text for screen
    readers (an icon-only button or link). Drawn here rather than by an included template:
    a page has twenty-odd, and each include cost a cold page a tenth of a millisecond."""
    sprite = _sprite(settings.STATIC_URL, settings.STORAGES["staticfiles"]["BACKEND"])
    drawn = format_html(
        '<svg class="icon{}" width="20" height="20" focusable="false" aria-hidden="true">'
        '<use href="{}#{}"></use></svg>',
        format_html(" icon-{}", size) if size else "",
        sprite,
        name,
    )
    if label:
        drawn += format_html('<span class="visually-hidden">{}</span>', label)
    return drawn


@functools.lru_cache(maxsize=256)
def _reversed(name: str, urlconf: str, script_prefix: str) -> str:
    return reverse(name, urlconf=urlconf)


@register.simple_tag
def fixed_url(name: str) -> str:
    """{% fixed_url "forum:home" %}: what {% url "forum:home" %} gives, for a URL that takes
    no argument, reversed once per process (per URLconf and script prefix). The layout's
    menus, tab bar and footer name some thirty of them on every page
    (docs/cold-renders.md)."""
    return _reversed(name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


@register.filter
def layout_viewer(user):
    """What the layout reads of the viewer (`{% drawn_once user|layout_viewer … %}`,
    pagecache_tags): a member's id, names, role and discreet mode; None for a visitor.
    Asked in one place because a visitor has none of these, and each missing attribute a
    template asks for costs a lookup of everything the object has."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (user.pk, user.username, user.public_name, user.is_guide, user.discreet_mode)
