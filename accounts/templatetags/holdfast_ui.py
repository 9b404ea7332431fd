"""Holdfast's design-system tags (docs/design.md): {% icon "bell" %} draws an icon of the
sprite that scripts/build-assets.mjs builds from Lucide with the icons the templates name.
The build finds them by the literal `{% icon "name"` (or `icon="name"` in an include), so
an icon's name is always written out, never computed."""

from django import template

register = template.Library()


@register.inclusion_tag("components/_icon.html")
def icon(name: str, label: str = "", size: str = ""):
    """An icon; decorative (hidden from screen readers) unless given a label."""
    return {"name": name, "label": label, "size": size}
