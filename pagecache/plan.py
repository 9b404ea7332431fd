"""The one plan both middlewares follow: may this request's page come from (or go to) the
cache, under which key, and which scope versions must be unchanged for it to be served.

    @pagecache.for_visitors(lambda request, pk, **kwargs: [scopes.thread(pk)])
    def thread_detail(request, pk, slug): ...

A visitor's page (plan_for(request)) is planned for GET without a session or messages
cookie (or any request, for a view marked everyone=True), keyed by the visitor variants the
apps declared (a theme), host and path. A member's page (plan_for(request, member=user)) is
planned for GET of a view not marked members=False, with no flash card waiting, keyed by
the member, host and path, and also carries the member's own version. Every key starts with
this deploy's release (pagecache.release), so markup never outlives its code.

storable() decides, after the render, whether the answer may be kept.
"""

import functools
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.urls import Resolver404, resolve

from pagecache import primary, registry, scopes
from pagecache.release import release


def for_visitors(scopes, *, on_hit=None, everyone=False, members=True):
    """Mark a view whose page may be cached, under `scopes(request, **view_kwargs)` (plus
    SITE). `on_hit(request, **view_kwargs)` runs when the page comes from the cache (a view
    count, say), as the view does not run then.

    `members=False`: never cached for a signed-in member, for a page whose members' version
    shows rows of another member's that no scope covers.

    `everyone=True`: the view answers every viewer alike, signed in or not (a public streak
    badge image), so its answer is served from the cache to members too. It is stored only
    if the response says `Cache-Control: public` — the view's own promise."""

    def mark(view):
        view.visitor_cache = (scopes, on_hit, everyone)
        view.member_cache = members
        return view

    return mark


@dataclass(frozen=True)
class Plan:
    version_keys: list
    page_key: str
    on_hit: object
    kwargs: dict
    everyone: bool = False
    member: object = None  # the signed-in member whose own copy this is

    def hit(self, request) -> None:
        if self.on_hit is not None:
            self.on_hit(request, **self.kwargs)


def plan_for(request, *, member=None) -> Plan | None:
    """The plan for a visitor's page (member=None) or a member's own copy; None: rendered
    as if there were no cache."""
    if scopes.timeout() <= 0 or request.method != "GET":
        return None
    urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
    found = _marked_view(request.path_info, urlconf)
    if found is None:
        return None
    (scope_names, on_hit, everyone, members), kwargs = found
    if member is None:
        if not everyone and not _cookie_free(request):
            return None
        variant = ":".join(variant(request) for variant in registry.visitor_variants)
        kind = f"page:{variant}"
    else:
        if everyone or not members or CookieStorage.cookie_name in request.COOKIES:
            return None
        if any(key in request.session for key in registry.once_session_keys):
            return None
        kind = f"mpage:{member.pk}"
    version_keys = [scopes.version_key(s) for s in [scopes.SITE, *scope_names(request, **kwargs)]]
    if member is not None:
        version_keys.append(scopes.member_version_key(member.pk))
    raw = f"{kind}:{request.get_host()}{request.get_full_path()}".encode()
    page_key = f"pagecache:{release()}:{hashlib.blake2b(raw, digest_size=16).hexdigest()}"
    return Plan(version_keys, page_key, on_hit, kwargs, everyone, member)


def storable(plan: Plan, request, response) -> bool:
    """Whether the rendered answer may be kept under the plan."""
    if primary.storing_paused():
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    directives = _directives(response)
    if plan.everyone:  # the view promised one answer for all, and said so to shared caches
        return "public" in directives
    user = getattr(request, "user", None)
    if plan.member is None:
        return not directives & {"private", "no-store"} and not (
            user is not None and user.is_authenticated
        )
    return not (
        request.session.modified
        or getattr(getattr(request, "_messages", None), "added_new", False)
        or user != plan.member
        or plan.member.is_staff
        or plan.member.is_superuser
        or any(veto(request, plan.member) for veto in registry.member_vetoes)
    )


def _cookie_free(request) -> bool:
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def _directives(response) -> set[str]:
    header = response.get("Cache-Control", "").lower()
    return {directive.split("=")[0].strip() for directive in header.split(",")}


@functools.lru_cache(maxsize=4096)
def _marked_view(path: str, urlconf: str):
    """(the view's for_visitors() marker, its URL kwargs) for a path, or None. Remembered:
    resolving walks every URL pattern of the site, which costs a hit a tenth of its time."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    marker = getattr(match.func, "visitor_cache", None)
    if marker is None:
        return None
    return (*marker, getattr(match.func, "member_cache", True)), match.kwargs
