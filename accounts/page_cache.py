"""Whole pages cached for visitors who are not signed in, invalidated on write.

Most readers of a support forum never sign in, and they all see the same page: so a page a
visitor asks for is rendered once and kept in the cache, until something on it changes.

    @page_cache.for_visitors(lambda request, pk, **kwargs: [f"thread:{pk}"])
    def thread_detail(request, pk, slug): ...   # and VisitorPageCacheMiddleware in MIDDLEWARE

    page_cache.bump_on_commit("lists", f"thread:{thread.pk}")   # in the service that wrote

Each *scope* ("lists", "thread:12", "site") has a version token in the cache. A cached page
remembers the tokens it was rendered under and is served only while they are all unchanged;
a service that changes what a scope shows bumps it (a new random token), and the next visitor
gets a fresh render. "site" belongs to every page: bump("site") forgets them all. A page
also goes stale after HOLDFAST_PAGE_CACHE_SECONDS, which bounds what no service bumps (a
"3 minutes ago", a streak's day count, a change an admin makes by hand).

A stale page (its versions unchanged, its time up) is rendered again by ONE request — the
one that wins a short lock — while the others keep getting the stale copy for the moment
that takes: without it, every visitor arriving in that moment rendered the page at once
(sixteen renders of a category page under the benchmark's load, its p99 going from 10 ms to
70 ms). A bumped page is never served stale.

Only the simplest requests are served from or stored in the cache: GET, no session cookie,
no messages cookie, and a 200 answer that sets no cookie and is not private. Everything
else — every signed-in member — goes to the view as usual; except for a view marked
`everyone=True`, whose `Cache-Control: public` answer is the same for all (a streak badge).
A hit costs one cache round trip (the versions and the page in one get_many); a cached page
carries an ETag, and a browser that sends it back gets 304 Not Modified.

The versions must live where every app server sees them: with REDIS_URL, in Redis. With the
local-memory cache (development, tests) each process keeps its own, which is right for one
process and merely late by up to the timeout for several — so run several workers with Redis.

Lives in accounts, the lowest app, so that forum (and any app above) can use it.
"""

import contextvars
import functools
import hashlib
import secrets
import time

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve

SITE = "site"
_VERSION = "pagecache:v:{}"
_PAGE = "pagecache:page:{}"
_RENDERING = "pagecache:rendering:{}"
# How long a stale page stays in the cache for the others while one request renders it
# again, and how long that request's lock lasts if it never finishes.
STALE_GRACE_SECONDS = 30
RENDER_LOCK_SECONDS = 10
# Headers a stored page does not keep: cookies (a cacheable page sets none) and the ETag (set
# on every answer from the stored one). The middleware above this one sets its headers again.
_NOT_STORED = {"set-cookie", "etag"}
_rendering = contextvars.ContextVar("holdfast_rendering_for_page_cache", default=False)


def rendering_for_cache() -> bool:
    """True while a page that will be stored is rendered: config.routers then reads from the
    primary database, so that a lagging replica's rows are never kept for the whole timeout."""
    return _rendering.get()


def timeout() -> int:
    return getattr(settings, "HOLDFAST_PAGE_CACHE_SECONDS", 60)


def bump(*scopes: str) -> None:
    """Forget every cached page that shows these scopes."""
    cache.set_many({_VERSION.format(s): secrets.token_hex(6) for s in scopes}, timeout=None)


def scope_versions(*scopes: str) -> tuple:
    """The current version tokens of these scopes (and "site"), made if missing: for a cache
    entry of one's own that must be forgotten when they are bumped (a member's search
    results, say). One cache round trip."""
    keys = [_VERSION.format(s) for s in (SITE, *scopes)]
    return _current_versions(keys, cache.get_many(keys))


def bump_on_commit(*scopes: str) -> None:
    """Bump now and again when the current transaction commits: now, so that this process
    (and a test, whose transaction never commits) does not serve the old page; after the
    commit, so that a page another request rendered from the old rows meanwhile is dropped."""
    bump(*scopes)
    transaction.on_commit(lambda: bump(*scopes))


def _cookie_free(request) -> bool:
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def _directives(response) -> set[str]:
    header = response.get("Cache-Control", "").lower()
    return {directive.split("=")[0].strip() for directive in header.split(",")}


def _cacheable_response(request, response, *, everyone: bool) -> bool:
    if everyone:  # the view promised one answer for all, and said so to shared caches too
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "public" in _directives(response)
        )
    user = getattr(request, "user", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not _directives(response) & {"private", "no-store"}
        and not (user is not None and user.is_authenticated)
    )


def _page_key(request) -> str:
    raw = f"{request.get_host()}{request.get_full_path()}".encode()
    return _PAGE.format(hashlib.blake2b(raw, digest_size=16).hexdigest())


def _if_none_match(request) -> str:
    return request.META.get("HTTP_IF_NONE_MATCH", "")  # not request.headers: it copies them all


def _answer(request, stored) -> HttpResponse:
    content, headers, etag = stored
    if etag in _if_none_match(request):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
    response["ETag"] = etag
    return response


def _current_versions(version_keys: list[str], found: dict) -> tuple:
    """The scopes' version tokens; a scope without one (its first page, or evicted) gets one
    now, before the page is rendered, so that a bump during the render is not missed."""
    versions = tuple(found.get(key) for key in version_keys)
    if None not in versions:
        return versions
    for key, version in zip(version_keys, versions, strict=True):
        if version is None:
            cache.add(key, secrets.token_hex(6), timeout=None)
    found = cache.get_many(version_keys)
    return tuple(found.get(key) for key in version_keys)


def for_visitors(scopes, *, on_hit=None, everyone=False):
    """Mark a view whose page VisitorPageCacheMiddleware may cache for visitors, under
    `scopes(request, **view_kwargs)` (plus "site"). `on_hit(request, **view_kwargs)` runs
    when the page comes from the cache (a view count, say), as the view does not run then.

    `everyone=True`: the view answers every viewer alike, signed in or not (a public streak
    badge image), so its answer is served from the cache to members too. It is stored only
    if the response says `Cache-Control: public` — the view's own promise."""

    def mark(view):
        view.visitor_cache = (scopes, on_hit, everyone)
        return view

    return mark


class VisitorPageCacheMiddleware:
    """Serves and stores the pages of views marked with for_visitors().

    It sits early in MIDDLEWARE (after the security headers, before sessions): a hit skips
    sessions, CSRF, authentication and messages, which have nothing to do for a visitor who
    sends no cookie. A page is stored with the headers the middleware below it added
    (X-Frame-Options, Vary), so a hit answers exactly as a render would.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        plan = self._plan(request)
        if plan is None:
            return self.get_response(request)
        version_keys, page_key, on_hit, kwargs, everyone = plan
        found = cache.get_many([*version_keys, page_key])
        versions = tuple(found.get(key) for key in version_keys)
        entry = found.get(page_key)
        renders_stale = False
        if entry is not None and None not in versions and entry[0] == versions:
            # Fresh; or stale while another request renders it again (this one did not win
            # the lock): the stale copy, rather than one more render of the same page.
            lock = _RENDERING.format(page_key)
            renders_stale = entry[2] <= time.time() and cache.add(
                lock, 1, timeout=RENDER_LOCK_SECONDS
            )
            if not renders_stale:
                if on_hit is not None:
                    on_hit(request, **kwargs)
                return _answer(request, entry[1])
        versions = _current_versions(version_keys, found)
        token = _rendering.set(True)
        try:
            response = self.get_response(request)
        finally:
            _rendering.reset(token)
        if not _cacheable_response(request, response, everyone=everyone) or None in versions:
            if renders_stale:  # the stale copy stays for others; the next stale hit retries
                cache.delete(_RENDERING.format(page_key))
            return response
        etag = '"' + hashlib.blake2b(response.content, digest_size=12).hexdigest() + '"'
        headers = [(k, v) for k, v in response.items() if k.lower() not in _NOT_STORED]
        stored = (response.content, headers, etag)
        fresh_until = time.time() + timeout()
        cache.set(
            page_key, (versions, stored, fresh_until), timeout=timeout() + STALE_GRACE_SECONDS
        )
        if renders_stale:
            cache.delete(_RENDERING.format(page_key))
        response["ETag"] = etag
        return _answer(request, stored) if etag in _if_none_match(request) else response

    def _plan(self, request):
        if timeout() <= 0 or request.method != "GET":
            return None
        urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
        found = _marked_view(request.path_info, urlconf)
        if found is None:
            return None
        (scopes, on_hit, everyone), kwargs = found
        if not everyone and not _cookie_free(request):
            return None
        version_keys = [_VERSION.format(s) for s in [SITE, *scopes(request, **kwargs)]]
        return version_keys, _page_key(request), on_hit, kwargs, everyone


@functools.lru_cache(maxsize=4096)
def _marked_view(path: str, urlconf: str):
    """(the view's for_visitors() marker, its URL kwargs) for a path, or None. Remembered:
    resolving walks every URL pattern of the site, which costs a hit a tenth of its time."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    marker = getattr(match.func, "visitor_cache", None)
    return None if marker is None else (marker, match.kwargs)
