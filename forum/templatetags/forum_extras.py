"""Template tags the forum offers other pages: the notifications count for the menu and a
member's recent posts for their profile."""

import functools

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import mark_safe

from forum import fragments, permissions, selectors
from forum.models import Reaction

register = template.Library()


@register.simple_tag
def unread_notification_count(user) -> int:
    """{% unread_notification_count user as count %}: one query for members, none otherwise."""
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


@register.filter
def reaction_counts(post) -> list[tuple[str, str, int]]:
    """(kind, label, count) for each reaction, in the order they are shown."""
    return [(kind, label, getattr(post, f"{kind}_count")) for kind, label in Reaction.Kind.choices]


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


# An id no row reaches (the largest 32-bit integer): reversed once in its place, the URL's
# text around it is kept, and each id is put between.
_ID_PLACE = 2_147_483_647


@functools.lru_cache(maxsize=128)
def _around_id(name: str, urlconf, prefix: str) -> tuple[str, str] | None:
    path = reverse(name, args=[_ID_PLACE], urlconf=urlconf)
    head, found, tail = path.partition(str(_ID_PLACE))
    return (head, tail) if found and str(_ID_PLACE) not in tail else None


@register.simple_tag
def id_url(name: str, pk) -> str:
    """{% id_url "forum:post_redirect" post.pk %}: what {% url %} gives for a URL whose one
    argument is an integer id, without resolving the pattern again for every post of a page
    ({% url %} was a tenth of a drawn post's time: docs/cold-renders.md). Anything but an
    int goes through reverse() as usual."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    around = _around_id(name, urlconf, get_script_prefix()) if type(pk) is int else None
    if around is None:
        return reverse(name, args=[pk], urlconf=urlconf)
    return f"{around[0]}{pk}{around[1]}"
