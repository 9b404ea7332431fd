"""Holdfast's design-system tags (docs/design.md): {% icon "bell" %} draws an icon of the
sprite that scripts/build-assets.mjs builds from Lucide with the icons the templates name.
The build finds them by the literal `{% icon "name"` (or `icon="name"` in an include), so
an icon's name is always written out, never computed."""

import functools

from django import template
from django.conf import settings
from django.templatetags.static import static

register = template.Library()


@functools.lru_cache(maxsize=8)
def _sprite(static_url: str, storage: str) -> str:
    # The sprite's URL, looked up in the static files' manifest once per process (per
    # setting, for tests that change it), not for each of a page's twenty-odd icons.
    return static("vendor/icons.svg")


@register.inclusion_tag("components/_icon.html")
def icon(name: str, label: str = "", size: str = ""):
    """An icon; decorative (hidden from screen readers) unless given a label."""
    storage = settings.STORAGES["staticfiles"]["BACKEND"]
    sprite = _sprite(settings.STATIC_URL, storage)
    return {"name": name, "label": label, "size": size, "sprite": sprite}
