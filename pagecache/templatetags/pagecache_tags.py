"""{% drawn_once a b c %}…{% enddrawn_once %}: a piece of the layout drawn once per process
for each value of what it reads (a, b, c), then repeated.

The layout's header, footer and tab bar show the same few dozen links on every page, and
change only with who is looking (signed in or not, their name, their counts), the theme
and which page is current. Drawn through the template engine they cost a visitor's page
about a tenth of its time (docs/cold-renders.md). The tag's arguments must name everything
the piece reads; the piece's URLs and static paths are keyed by the URLconf, script prefix
and static settings here. A form's CSRF token is drawn as pagecache.csrf's placeholder and
the request's own token put in at every use, so no member's token is kept.

In this process's memory only: a piece is small, its inputs are few, and nothing needs
forgetting (a changed input is another key; a deploy is another process).
"""

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf

from pagecache import csrf
from pagecache.local import drawing_afresh, drawn_afresh

__all__ = ["drawn_afresh", "register"]

register = template.Library()
_MAX = 1024  # pieces per tag (some 10 MB a worker at most); past it, start again empty


class DrawnOnceNode(template.Node):
    # Not searched for blocks: a page's blocks are its own, never in a piece drawn once
    # (and {% extends %} searches the whole layout for them on every render).
    child_nodelists = ()

    def __init__(self, nodelist, parts):
        self.nodelist = nodelist
        self.parts = parts
        # Kept on the node, so a template loaded again (DEBUG's reloading, a test's own
        # settings) starts empty rather than finding another template's pieces.
        self.drawn: dict[tuple, str] = {}

    def render(self, context):
        request = context.get("request")
        if request is None:  # the 500 page: no request, no viewer, nothing to key on
            return self.nodelist.render(context)
        key = (*_surroundings(), *(part.resolve(context) for part in self.parts))
        html = None if drawing_afresh() else self.drawn.get(key)
        if html is None:
            with context.push(csrf_token=csrf.placeholder()):
                html = self.nodelist.render(context)
            if len(self.drawn) >= _MAX:
                self.drawn.clear()
            self.drawn[key] = html
        if csrf.placeholder() in html:
            html = html.replace(csrf.placeholder(), csrf.token_for(request))
        return html


def _surroundings() -> tuple:
    return (
        get_urlconf() or settings.ROOT_URLCONF,
        get_script_prefix(),
        settings.STATIC_URL,
        settings.STORAGES["staticfiles"]["BACKEND"],
    )


@register.tag
def drawn_once(parser, token):
    parts = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("enddrawn_once",))
    parser.delete_first_token()
    return DrawnOnceNode(nodelist, parts)
