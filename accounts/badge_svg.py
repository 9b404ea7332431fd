"""The embeddable streak badge, shields-style: "no contact | 42 days". Pure: text in, SVG out.

Text is escaped for XML; widths are estimated from the character count (Verdana-ish 11px),
good enough for short labels without measuring fonts on the server.
"""

from django.utils.html import escape

_CHAR = 7
_PAD = 10


def render(*, label: str, value: str, title: str, colour: str = "#2f7d5b") -> str:
    left = len(label) * _CHAR + _PAD
    right = len(value) * _CHAR + _PAD
    width = left + right
    label, value, title = escape(label), escape(value), escape(title)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img" '
        f'aria-label="{title}">'
        f"<title>{title}</title>"
        f'<rect width="{left}" height="20" fill="#555"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="{colour}"/>'
        f'<g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" '
        f'text-anchor="middle">'
        f'<text x="{left / 2}" y="14">{label}</text>'
        f'<text x="{left + right / 2}" y="14">{value}</text>'
        f"</g></svg>"
    )
