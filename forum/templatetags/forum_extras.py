"""Template tags the forum offers other pages: the notifications count for the menu and a
member's recent posts for their profile."""

import datetime
import functools
import re

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import template
from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import dateformat
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from forum import fragments, permissions, selectors
from forum.models import Reaction

register = template.Library()


@register.simple_tag
def unread_notification_count(user) -> int:
    """{% unread_notification_count user as count %}: one query for members, none otherwise
    (a page drawn without a user, such as the 500 page, counts as a visitor's)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return selectors.unread_notification_count(user)


@register.simple_tag
def thread_rows(threads, show_category=False) -> str:
    """{% thread_rows threads show_category %}: the rows of a thread list, each drawn once
    by forum/_thread_list.html#row and then taken from the cache (forum.fragments)."""
    return fragments.thread_rows(list(threads), show_category=bool(show_category))


@register.simple_tag
def category_rows(categories) -> str:
    """{% category_rows categories %}: the home page's category rows, each drawn once by
    forum/home.html#category_row and then taken from the cache (forum.fragments)."""
    return fragments.category_rows(list(categories))


@register.simple_tag
def search_hits(hits) -> str:
    """{% search_hits results.object_list %}: a page of search results, each hit drawn once
    by forum/search.html#hit and then taken from the cache (forum.fragments)."""
    return fragments.search_hits(list(hits))


_EMPTY_FORMS = {}  # (form class, prefix, auto_id, field names) -> its fields' markup


@register.simple_tag
def composer_fields(form):
    """{% composer_fields form %}: the form's hidden fields, then its visible ones through
    crispy. An empty form (unbound, no initial values) draws the same every time, so its
    markup is kept in the process: crispy cost a thread's last page a tenth of its time."""
    key = None
    if not form.is_bound and not form.initial:
        key = (type(form), form.prefix, form.auto_id, tuple(form.fields))
        if key in _EMPTY_FORMS:
            return _EMPTY_FORMS[key]
    html = mark_safe(  # noqa: S308 — Django's and crispy's own escaped markup
        "".join(str(field) for field in form.hidden_fields())
        + "".join(as_crispy_field(field) for field in form.visible_fields())
    )
    if key is not None:
        _EMPTY_FORMS[key] = html
    return html


@register.inclusion_tag("forum/_recent_posts.html")
def recent_posts_for(member, viewer):
    """{% recent_posts_for member viewer %}: the member's latest posts that `viewer` may read
    (published, not removed, and not in members-only categories for visitors). One query."""
    return {"member": member, "posts": selectors.recent_posts_for(member, viewer)}


_REACTIONS = tuple((kind, label, f"{kind}_count") for kind, label in Reaction.Kind.choices)


@register.filter
def reaction_counts(post) -> list[tuple[str, str, int]]:
    """(kind, label, count) for each reaction, in the order they are shown."""
    return [(kind, label, getattr(post, field)) for kind, label, field in _REACTIONS]


@register.filter
def reactions_given(post) -> list[tuple[str, str, int]]:
    """reaction_counts without the reactions nobody gave: what a reader who cannot react
    sees (most posts have none, and each loop turn costs a drawn post more than this)."""
    return [(kind, label, count) for kind, label, count in reaction_counts(post) if count]


@register.filter
def posts_are_held(user) -> bool:
    """Whether this member's next post waits for a moderator (one of their first posts):
    the composer says so before they write. No query (the moderator check is remembered)."""
    return user.is_authenticated and permissions.posts_await_approval(user)


@register.simple_tag
def approval_wait_hours() -> int:
    return settings.HOLDFAST_APPROVAL_WAIT_HOURS


@register.filter
def staff_notes_of(notes, member_id):
    """{{ page.staff_notes|staff_notes_of:post.author_id }}: the moderators' notes on one
    author from the page's dict (forum.hooks.staff_notes_for), or (). Never a query."""
    return (notes or {}).get(member_id, ())


# An id no row reaches (the largest 32-bit integer), and a username no member has (too long):
# reversed once in its place, the URL's text around it is kept, and each value is put between.
_ID_PLACE = 2_147_483_647
_NAME_PLACE = "zq" * 40
# Usernames that reverse() would leave as they are (no quoting) and that any of our
# username converters accepts; any other goes through reverse().
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_-]{1,150}\Z")


@functools.lru_cache(maxsize=128)
def _around(name: str, urlconf, prefix: str, place) -> tuple[str, str] | None:
    try:
        path = reverse(name, args=[place], urlconf=urlconf)
    except NoReverseMatch:  # the pattern takes no such value: reverse() each time
        return None
    head, found, tail = path.partition(str(place))
    return (head, tail) if found and str(place) not in tail else None


def _url_around(context, name: str, value, place) -> str:
    """The URL of `name` for `value`, put around `place`'s reversal; reverse() as usual when
    `place` is None (a value the shortcut does not take) or the pattern cannot take it."""
    urlconf, prefix = _surroundings(context)
    around = None if place is None else _around(name, urlconf, prefix, place)
    if around is None:
        return reverse(name, args=[value], urlconf=urlconf)
    return f"{around[0]}{value}{around[1]}"


_SURROUNDINGS = "forum_extras:url_surroundings"


def _surroundings(context) -> tuple:
    """The URLconf and the script prefix, read once per template drawn: each sits in an
    asgiref Local, whose every read goes through a context manager, and a member's drawn
    post asks for nine URLs."""
    found = context.render_context.get(_SURROUNDINGS)
    if found is None:
        found = (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
        context.render_context[_SURROUNDINGS] = found
    return found


@register.simple_tag(takes_context=True)
def id_url(context, name: str, pk) -> str:
    """{% id_url "forum:post_redirect" post.pk %}: what {% url %} gives for a URL whose one
    argument is an integer id, without resolving the pattern again for every post of a page
    ({% url %} was a tenth of a drawn post's time: docs/cold-renders.md). Anything but an
    int goes through reverse() as usual."""
    return _url_around(context, name, pk, _ID_PLACE if type(pk) is int else None)


@register.simple_tag(takes_context=True)
def member_url(context, name: str, username) -> str:
    """{% member_url "accounts:profile" post.author.username %}: as id_url, for a URL whose
    one argument is a username (<str:username>). A name of plain letters, digits, _ and -
    is put in place; any other (which reverse() quotes) goes through reverse()."""
    plain = isinstance(username, str) and _PLAIN_NAME.match(username)
    return _url_around(context, name, username, _NAME_PLACE if plain else None)


@register.filter(expects_localtime=True)
def machine_time(value) -> str:
    """{{ post.created_at|machine_time }}: what |date:'Y-m-d\\TH:i:sO' gives, for a <time
    datetime="">, without parsing the format for each post (the date filter was a twentieth
    of a drawn post's time: docs/cold-renders.md)."""
    if not value:
        return ""
    return value.strftime("%Y-%m-%dT%H:%M:%S%z")


@register.filter(expects_localtime=True)
def month_year(value) -> str:
    """{{ member.date_joined|month_year }}: what |date:"M Y" gives ("Dec 2026"), drawn once
    per month and language rather than once per post."""
    if not value:
        return ""
    return _month_year(value.year, value.month, get_language())


@functools.lru_cache(maxsize=256)
def _month_year(year: int, month: int, _language) -> str:
    # The language is part of the key only: month names are drawn in the active one.
    return dateformat.format(datetime.date(year, month, 1), "M Y")
