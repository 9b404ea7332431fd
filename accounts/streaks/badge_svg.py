"""Holdfast's own streak pictures: the embeddable badge and the shareable milestone card.
Pure: text in, SVG out.

The look is ours, not a CI badge's: a rounded pill in warm cream and terracotta, with the
Holdfast mark (a kelp holdfast: a stem and the roots that hold it to the rock). Text is
escaped for XML; widths are estimated from character counts (no font is measured on the
server), generous enough for the short labels drawn here. Every picture is an accessible
image: role="img", a <title> (and a <desc> on the card) named by aria-labelledby.
"""

from django.utils.html import escape

# The palette: cream paper, dark brown ink (11:1 on the cream), terracotta for the mark and
# the milestone pill (white text on it is 6:1).
CREAM = "#fdf3e7"
EDGE = "#e8c7a0"
INK = "#4a2a12"
SOFT_INK = "#6e4a2a"
TERRACOTTA = "#a34a1a"
MUTED = "#6b6259"
_FONT = 'font-family="Nunito,Segoe UI,Verdana,DejaVu Sans,sans-serif"'


def _mark(cx: float, cy: float, r: float, colour: str = TERRACOTTA) -> str:
    """The Holdfast mark in a circle of radius `r` centred at (cx, cy)."""
    s = r / 11  # drawn at r = 11, scaled
    return (
        f'<g transform="translate({cx - 11 * s:.1f} {cy - 11 * s:.1f}) scale({s:.3f})">'
        f'<circle cx="11" cy="11" r="11" fill="{colour}"/>'
        '<g fill="none" stroke="#fff" stroke-width="1.8" stroke-linecap="round">'
        '<path d="M11 4.5v9.5"/><path d="M6 12.5c0 3.6 2.4 5.5 5 5.5s5-1.9 5-5.5"/>'
        '<path d="M11 14l-2.6 3.2M11 14l2.6 3.2"/></g>'
        '<circle cx="11" cy="4.6" r="1.7" fill="#fff"/></g>'
    )


def render(*, value: str, label: str, title: str, milestone: str = "", muted: bool = False) -> str:
    """The badge: the mark, `value` in bold ("42 days"), `label` ("no contact") and, if
    given, a pill with the top `milestone` ("30-day milestone"). `muted` greys the mark, for
    an unknown member."""
    value_w = len(value) * 8 + 4
    label_w = len(label) * 6.6 + 4
    pill_w = len(milestone) * 6.2 + 18 if milestone else 0
    width = round(34 + value_w + 6 + label_w + (pill_w + 8 if milestone else 0) + 10)
    label_x = 34 + value_w + 6
    value, label, title, milestone = (escape(t) for t in (value, label, title, milestone))
    pill = ""
    if milestone:
        pill_x = label_x + label_w + 8
        pill = (
            f'<rect x="{pill_x:.0f}" y="7" width="{pill_w:.0f}" height="18" rx="9" '
            f'fill="{TERRACOTTA}"/>'
            f'<text x="{pill_x + pill_w / 2:.0f}" y="20" fill="#fff" font-size="11" '
            f'font-weight="700" text-anchor="middle">{milestone}</text>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="32" '
        f'viewBox="0 0 {width} 32" role="img" aria-labelledby="hf-badge-title">'
        f'<title id="hf-badge-title">{title}</title>'
        f'<rect x=".5" y=".5" width="{width - 1}" height="31" rx="15.5" fill="{CREAM}" '
        f'stroke="{EDGE}"/>' + _mark(17, 16, 11, MUTED if muted else TERRACOTTA) + f"<g {_FONT}>"
        f'<text x="34" y="21" fill="{INK}" font-size="14" font-weight="700">{value}</text>'
        f'<text x="{label_x:.0f}" y="21" fill="{SOFT_INK}" font-size="12">{label}</text>'
        f"{pill}</g></svg>"
    )


def render_card(*, days: int | None, title: str, description: str) -> str:
    """A 1200 x 630 milestone card (the size link previews use), to share: "30 days of no
    contact". `days=None` draws the neutral card (a streak the viewer may not see)."""
    title, description = escape(title), escape(description)
    if days is None:
        middle = (
            f'<text x="600" y="330" fill="{INK}" font-size="88" font-weight="800" '
            'text-anchor="middle">One day at a time</text>'
            f'<text x="600" y="410" fill="{SOFT_INK}" font-size="36" text-anchor="middle">'
            "A peer-support space for no contact</text>"
        )
    else:
        unit = "day" if days == 1 else "days"
        middle = (
            f'<text x="600" y="350" fill="{INK}" font-size="240" font-weight="800" '
            f'text-anchor="middle">{days}</text>'
            f'<text x="600" y="430" fill="{INK}" font-size="56" font-weight="700" '
            f'text-anchor="middle">{unit} of no contact</text>'
            f'<text x="600" y="500" fill="{SOFT_INK}" font-size="34" text-anchor="middle">'
            "A milestone, kept one day at a time</text>"
        )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" '
        'viewBox="0 0 1200 630" role="img" aria-labelledby="hf-card-title hf-card-desc">'
        f'<title id="hf-card-title">{title}</title>'
        f'<desc id="hf-card-desc">{description}</desc>'
        '<defs><linearGradient id="hf-card-bg" x1="0" y1="0" x2="1" y2="1">'
        f'<stop offset="0" stop-color="{CREAM}"/><stop offset="1" stop-color="#f5d9bb"/>'
        "</linearGradient></defs>"
        '<rect width="1200" height="630" rx="40" fill="url(#hf-card-bg)"/>'
        '<circle cx="1090" cy="90" r="150" fill="#f0c9a0" opacity=".45"/>'
        '<circle cx="120" cy="600" r="190" fill="#f0c9a0" opacity=".35"/>'
        + _mark(104, 100, 36)
        + f"<g {_FONT}>"
        f'<text x="158" y="114" fill="{INK}" font-size="40" font-weight="800">Holdfast</text>'
        f"{middle}"
        f'<text x="600" y="580" fill="{SOFT_INK}" font-size="26" text-anchor="middle">'
        "holdfast · kind support for no contact</text>"
        "</g></svg>"
    )
