"""Walking the site's URL configuration, for tests that must cover every view — including
ones added after the test was written. Used by test_csrf and test_bad_input."""

import contextlib

from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse


def _walk(patterns, prefix="", namespace=""):
    """Yield (route text, qualified name or None, {parameter: converter class name}, default
    kwargs)."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            inner = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            converters = getattr(entry.pattern, "converters", {})
            params = {
                param: type(converters.get(param)).__name__
                for param in entry.pattern.regex.groupindex
            }
            yield prefix + str(entry.pattern), name, params, entry.default_args


def all_routes():
    return list(_walk(get_resolver().url_patterns))


def value_for(route: str, param: str, world, converter: str = "") -> str:
    """A real object's key for a parameter, chosen by what the route is about."""
    if param == "pk":
        for marker, value in [
            ("p/<int:pk>", world.reply.pk),
            ("post/<int:pk>", world.reply.pk),
            ("t/<int:pk>", world.thread.pk),
            ("thread/<int:pk>", world.thread.pk),
            ("warnings/<int:pk>", world.warning.pk),
            ("names/<int:pk>", world.ex_name.pk),
            ("watched-words/<int:pk>", world.watched_word.pk),
            ("messages/<int:pk>", world.modmail.pk),
            ("decision/<int:pk>", world.decision.pk),
            ("moderation/appeals/<int:pk>", world.appeal.pk),
        ]:
            if marker in route:
                return str(value)
    placeholder = PLACEHOLDERS.get(converter)
    if placeholder:
        return placeholder
    return {
        "username": world.other.username,
        "slug": world.thread.slug if "t/" in route else world.category.slug,
        "key": f"post:{world.member_post.pk}",
        "object_id": str(world.other.pk),
        "app_label": "accounts",
        "content_type_id": "1",
        "path": "x",
        "url": "x",
    }.get(param, "x")


# For a parameter no real object is known for; CSRF and most checks run before the view.
PLACEHOLDERS = {"IntConverter": "1", "UUIDConverter": "00000000-0000-4000-8000-000000000000"}


def url_for(route_entry, world, **values) -> str:
    """The URL of a walked route, its parameters filled by value_for() or by `values`."""
    route, name, params, _defaults = route_entry
    kwargs = {
        param: values.get(param) or value_for(route, param, world, converter)
        for param, converter in params.items()
    }
    if name:
        with contextlib.suppress(NoReverseMatch):  # else build it by hand, below
            return reverse(name, kwargs=kwargs or None)
    url = "/" + route.lstrip("^").rstrip("$")
    for param, value in kwargs.items():
        for converter in ("int", "str", "slug", "path", "uuid", ""):
            url = url.replace(f"<{converter}:{param}>" if converter else f"<{param}>", value)
    return url.replace("\\Z", "").replace("(?:", "").replace(")?", "")
