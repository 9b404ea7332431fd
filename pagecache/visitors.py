"""Whole pages cached for visitors who are not signed in, invalidated on write.

Most readers of a support forum never sign in, and they all see the same page: so a page a
visitor asks for is rendered once and kept in the cache, until something on it changes
(a scope it shows is bumped: pagecache.scopes) or HOLDFAST_PAGE_CACHE_SECONDS pass, which
bounds what nothing bumps ("3 minutes ago", a streak's day count, an admin's edit).

A stale page (its versions unchanged, its time up) is rendered again by ONE request — the
one that wins a short lock — while the others keep getting the stale copy for the moment
that takes: without it, every visitor arriving in that moment rendered the page at once
(sixteen renders of a category page under the benchmark's load, its p99 going from 10 ms to
70 ms). A bumped page is never served stale.

Which requests and answers qualify is pagecache.plan's decision, shared with the members'
middleware. A hit costs one cache round trip (the versions and the page in one get_many); a
cached page carries an ETag, and a browser that sends it back gets 304 Not Modified. A page
for everyone (a streak badge) is also kept in the process's own memory for a few seconds
(pagecache.local).
"""

import hashlib
import time

from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified

from pagecache import local, scopes
from pagecache import plan as planning
from pagecache.primary import from_primary

# How long a stale page stays in the cache for the others while one request renders it
# again, and how long that request's lock lasts if it never finishes.
STALE_GRACE_SECONDS = 30
RENDER_LOCK_SECONDS = 10
_RENDERING = "pagecache:rendering:{}"
# Headers a stored page does not keep: cookies (a cacheable page sets none) and the ETag (set
# on every answer from the stored one). The middleware above this one sets its headers again.
NOT_STORED = {"set-cookie", "etag"}


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


class VisitorPageCacheMiddleware:
    """Serves and stores visitors' pages of the views marked with for_visitors().

    It sits early in MIDDLEWARE (after the security headers, before sessions): a hit skips
    sessions, CSRF, authentication and messages, which have nothing to do for a visitor who
    sends no cookie. A page is stored with the headers the middleware below it added
    (X-Frame-Options, Vary), so a hit answers exactly as a render would.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        plan = planning.plan_for(request)
        if plan is None:
            return self.get_response(request)
        page_key, everyone = plan.page_key, plan.everyone
        generation = local.generation()
        kept = local.get(page_key) if everyone else None
        if kept is not None and kept[0] > time.time():
            plan.hit(request)
            return _answer(request, kept[1])
        found = cache.get_many([*plan.version_keys, page_key])
        versions = tuple(found.get(key) for key in plan.version_keys)
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
                if everyone and entry[2] > time.time():
                    local.keep(page_key, entry[1], entry[2], generation)
                plan.hit(request)
                return _answer(request, entry[1])
        versions = scopes.current_versions(plan.version_keys, found)
        with from_primary():
            response = self.get_response(request)
        if not planning.storable(plan, request, response) or None in versions:
            if renders_stale:  # the stale copy stays for others; the next stale hit retries
                cache.delete(_RENDERING.format(page_key))
            return response
        etag = '"' + hashlib.blake2b(response.content, digest_size=12).hexdigest() + '"'
        headers = [(k, v) for k, v in response.items() if k.lower() not in NOT_STORED]
        stored = (response.content, headers, etag)
        timeout = scopes.timeout()
        fresh_until = time.time() + timeout
        cache.set(page_key, (versions, stored, fresh_until), timeout=timeout + STALE_GRACE_SECONDS)
        if renders_stale:
            cache.delete(_RENDERING.format(page_key))
        if everyone:
            local.keep(page_key, stored, fresh_until, generation)
        response["ETag"] = etag
        return _answer(request, stored) if etag in _if_none_match(request) else response
