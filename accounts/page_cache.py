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
else — every signed-in member — goes on down (where a member's own copy may be kept: see
MemberPageCacheMiddleware at the end of this module); except for a view marked
`everyone=True`, whose `Cache-Control: public` answer is the same for all (a streak badge).
A hit costs one cache round trip (the versions and the page in one get_many); a cached page
carries an ETag, and a browser that sends it back gets 304 Not Modified. A page for
everyone is also kept in the process's own memory for LOCAL_SECONDS, and a hit on that
copy costs no round trip at all (see _local below).

The versions must live where every app server sees them: with REDIS_URL, in Redis. With the
local-memory cache (development, tests) each process keeps its own, which is right for one
process and merely late by up to the timeout for several — so run several workers with Redis.

Lives in accounts, the lowest app, so that forum (and any app above) can use it.
"""

import contextvars
import functools
import hashlib
import re
import secrets
import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csrf import CSRF_TOKEN_LENGTH, _unmask_cipher_token, get_token
from django.urls import Resolver404, resolve
from django.utils.crypto import salted_hmac

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


# Pages for everyone (`everyone=True`: a public streak badge, which browsers and proxies
# keep for half an hour anyway) are also kept in this process's memory, for a few seconds:
# the badge is embedded in signatures and blogs and asked for far more often than any page,
# and the trip to the shared cache was most of a hit's cost (the badge served at 70 % of
# the floor's rate with it, faster than the floor without). bump() forgets them in this
# process at once; another app server's copy follows a bump within LOCAL_SECONDS.
LOCAL_SECONDS = 5
_LOCAL_MAX = 1024  # entries; past it the memory starts again empty
_local: dict[str, tuple[float, tuple]] = {}
# Counts forget_local() calls: a page read or rendered before a bump in this process is not
# kept (its stored copy in the shared cache is already outdated and never served).
_local_generation = 0


def forget_local() -> None:
    """Forget the copies kept in this process's memory (bump() does; so do tests, whose
    cache is cleared between them)."""
    global _local_generation
    _local_generation += 1
    _local.clear()


def _keep_local(page_key: str, stored: tuple, fresh_until: float, generation: int) -> None:
    if generation != _local_generation:
        return
    if len(_local) >= _LOCAL_MAX:
        _local.clear()
    _local[page_key] = (min(fresh_until, time.time() + LOCAL_SECONDS), stored)


def bump(*scopes: str) -> None:
    """Forget every cached page that shows these scopes."""
    forget_local()
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
    # One copy per theme a visitor chose (accounts.theme): the page names its theme in <html>,
    # so one visitor's choice must never be served to another.
    from accounts.theme import visitor_theme  # the theme module imports models

    raw = f"{visitor_theme(request.COOKIES)}:{request.get_host()}{request.get_full_path()}"
    raw = raw.encode()
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


def for_visitors(scopes, *, on_hit=None, everyone=False, members=True):
    """Mark a view whose page VisitorPageCacheMiddleware may cache for visitors, under
    `scopes(request, **view_kwargs)` (plus "site"). `on_hit(request, **view_kwargs)` runs
    when the page comes from the cache (a view count, say), as the view does not run then.

    `members=False`: never cached for a signed-in member (MemberPageCacheMiddleware), for
    a page whose members' version shows rows of another member's that no scope covers.

    `everyone=True`: the view answers every viewer alike, signed in or not (a public streak
    badge image), so its answer is served from the cache to members too. It is stored only
    if the response says `Cache-Control: public` — the view's own promise."""

    def mark(view):
        view.visitor_cache = (scopes, on_hit, everyone)
        view.member_cache = members
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
        generation = _local_generation
        kept = _local.get(page_key) if everyone else None
        if kept is not None and kept[0] > time.time():
            if on_hit is not None:
                on_hit(request, **kwargs)
            return _answer(request, kept[1])
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
                if everyone and entry[2] > time.time():
                    _keep_local(page_key, entry[1], entry[2], generation)
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
        if everyone:
            _keep_local(page_key, stored, fresh_until, generation)
        response["ETag"] = etag
        return _answer(request, stored) if etag in _if_none_match(request) else response

    def _plan(self, request):
        if timeout() <= 0 or request.method != "GET":
            return None
        urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
        found = _marked_view(request.path_info, urlconf)
        if found is None:
            return None
        (scopes, on_hit, everyone, _), kwargs = found
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
    if marker is None:
        return None
    return (*marker, getattr(match.func, "member_cache", True)), match.kwargs


# --- Members' pages -------------------------------------------------------------------------
#
# A signed-in member's page of a marked view is kept too, for that member alone, under the
# same scope versions as the visitors' copy and one more: the member's own version, bumped
# (bump_member) by everything that changes what this member sees beyond the shared scopes:
#
# - any non-GET request they make (MemberPageCacheMiddleware: reactions, blocks, watching,
#   profile, privacy, time zone, streak, settings, notifications read, posting...);
# - any row of accounts, forum or moderation saved that points at them (_bump_members_of
#   below: a notification for them, a block of them, a warning or a moderation action on
#   them, their read markers...), and their own User row;
# - the writes that go around that signal, bumped where they are made: UPDATEs of read
#   markers and notifications, DELETEs of reactions and blocks, bulk_create of notifications
#   (forum.services), silence and suspension (moderation.services);
# - log-in, log-out, and a change of their groups (a member made moderator, or no longer).
#
# Never served from it: moderators and staff (they see held work), a request whose session
# holds a flash message or anything else the page would consume, anything but GET. Forms
# carry a CSRF token, which is per session: the stored page has a placeholder where the
# render's token was, and each answer gets the current request's own token.
#
# An entry lives HOLDFAST_PAGE_CACHE_SECONDS at most, which bounds what nothing bumps: a
# relative time ("3 minutes ago"), a streak's day count or a silence running out read at
# most that much late — the same bound the visitors' pages have.

_MEMBER = "pagecache:member:{}"
_MEMBER_PAGE = "pagecache:mpage:{}"
_MODERATORS_GROUP = "Moderators"  # moderation.permissions.MODERATORS_GROUP (a higher app)
# Derived from SECRET_KEY, so that no member can type it into a post (which would then
# receive each reader's CSRF token); the same in every process sharing the cache.
_CSRF_PLACEHOLDER = (
    "csrf-"
    + salted_hmac("accounts.page_cache.csrf-placeholder", "1", algorithm="sha256").hexdigest()
)
_TOKEN = re.compile(rf"(?<![A-Za-z0-9])[A-Za-z0-9]{{{CSRF_TOKEN_LENGTH}}}(?![A-Za-z0-9])")
# What a session may hold that a page shows (and takes away) once: flash messages, and the
# forum's crisis resources or its "your post waits" card after a post. Such a request is
# rendered, never served stored.
_ONCE_KEYS = ("_messages", "forum_crisis_care", "forum_post_held")


def bump_member(*member_ids) -> None:
    """Forget every page cached for these members, now and when the transaction commits."""

    ids = {pk for pk in member_ids if pk}
    if not ids:
        return

    def bump_now():
        cache.set_many({_MEMBER.format(pk): secrets.token_hex(6) for pk in ids}, timeout=None)

    bump_now()
    transaction.on_commit(bump_now)


def _user_fk_attnames(model) -> tuple:
    found = _USER_FKS.get(model)
    if found is None:
        found = tuple(
            field.attname
            for field in model._meta.concrete_fields
            if field.is_relation
            and field.many_to_one
            and field.related_model is not None
            and field.related_model._meta.label == settings.AUTH_USER_MODEL
        )
        if model._meta.label == settings.AUTH_USER_MODEL:
            found = ("pk", *found)
        _USER_FKS[model] = found
    return found


_USER_FKS: dict = {}
_OUR_APPS = {"accounts", "forum", "moderation"}
# Rows of a member's that no marked page shows (their data export, their private SOS notes).
_NOT_SHOWN = {"accounts.DataExport", "accounts.UnsentMessage", "accounts.UrgeReason"}


def _bump_members_of(sender, instance, **kwargs):
    if sender._meta.app_label not in _OUR_APPS or sender._meta.label in _NOT_SHOWN:
        return
    ids = [getattr(instance, name) for name in _user_fk_attnames(sender)]
    if any(ids):
        bump_member(*ids)
        if sender._meta.app_label == "accounts":
            _bump_profiles_of(sender, instance, ids)


def _bump_profiles_of(sender, instance, ids) -> None:
    """A profile and its badge show their owner's rows in accounts (the member, their
    streaks and milestones), to every viewer: a save of one, by a service or not (an admin,
    a shell), forgets the owner's pages under their profile scope. The owner is usually
    loaded already; otherwise one query finds the name."""
    from accounts.services import profile_scope  # services imports this module

    names, unknown = [], []
    if sender._meta.label == settings.AUTH_USER_MODEL:
        names.append(instance.username)
    else:
        for attname, pk in zip(_user_fk_attnames(sender), ids, strict=True):
            field = sender._meta.get_field(attname.removesuffix("_id"))
            owner = field.get_cached_value(instance, default=None)
            if owner is not None:
                names.append(owner.username)
            elif pk:
                unknown.append(pk)
    if unknown:
        from django.contrib.auth import get_user_model

        names += get_user_model().objects.filter(pk__in=unknown).values_list("username", flat=True)
    if names:
        bump_on_commit(*{profile_scope(name) for name in names})


def _bump_on_groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action.startswith("post_"):
        if reverse:  # group.user_set.add(...)
            bump_member(*(pk_set or ()))
            if action == "post_clear":
                bump(SITE)
        else:
            bump_member(instance.pk)


def _bump_on_group_saved(sender, instance, **kwargs):
    bump(SITE)  # a group renamed or deleted: who is a moderator may have changed


def _bump_session_member(sender, request, user, **kwargs):
    if user is not None:
        bump_member(user.pk)


def connect_signals() -> None:
    """Called from AccountsConfig.ready()."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    # Saves only: a post_delete receiver for every model would cost each bulk DELETE a
    # SELECT (Django sends the signal per row); the services that delete bump themselves.
    post_save.connect(_bump_members_of, dispatch_uid="page_cache_member_save")
    m2m_changed.connect(
        _bump_on_groups_changed,
        sender=get_user_model().groups.through,
        dispatch_uid="page_cache_member_groups",
    )
    post_save.connect(_bump_on_group_saved, sender=Group, dispatch_uid="page_cache_group_save")
    post_delete.connect(_bump_on_group_saved, sender=Group, dispatch_uid="page_cache_group_del")
    user_logged_in.connect(_bump_session_member, dispatch_uid="page_cache_login")
    user_logged_out.connect(_bump_session_member, dispatch_uid="page_cache_logout")


def _is_moderator(request, user) -> bool:
    """Asked after the render, from what the page already knows when it can: the answer
    moderation.permissions.is_moderator() remembers on the user object, or the member
    notices the menu read (moderation.templatetags; kept fresh by the services that change
    a moderator's group). Otherwise one query."""
    if user.is_staff or user.is_superuser:
        return True
    known = getattr(user, "_holdfast_is_moderator", None)
    if known is not None:
        return known
    notices = getattr(request, "_holdfast_member_notices", None)
    if notices is not None and notices[0] == user.pk:
        return bool(notices[1].moderator)
    return user.groups.filter(name=_MODERATORS_GROUP).exists()


def _with_placeholder(request, content: bytes) -> bytes | None:
    """The page with every CSRF token of this request's secret replaced by the placeholder;
    None if it cannot be told apart (no secret known, or the placeholder already there)."""
    text = content.decode()
    if _CSRF_PLACEHOLDER in text:
        return None
    secret = request.META.get("CSRF_COOKIE")

    def swap(match):
        token = match.group(0)
        if secret and _unmask_cipher_token(token) == secret:
            return _CSRF_PLACEHOLDER
        return token

    return _TOKEN.sub(swap, text).encode()


class MemberPageCacheMiddleware:
    """Serves and stores members' pages of the views marked with for_visitors() (see the
    comment above bump_member). Last in MIDDLEWARE: sessions, CSRF, authentication,
    messages and the suspension check have run, so a hit costs the session and the user
    (two queries, none with the session in Redis) and one cache round trip."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if request.method == "HEAD":
            return self.get_response(request)
        if request.method != "GET":
            response = self.get_response(request)
            user = getattr(request, "user", None)  # after a log-in, the new member
            if user is not None and user.is_authenticated:
                bump_member(user.pk)
            return response
        plan = self._plan(request, user)
        if plan is None:
            return self.get_response(request)
        version_keys, page_key, on_hit, kwargs = plan
        found = cache.get_many([*version_keys, page_key])
        versions = tuple(found.get(key) for key in version_keys)
        entry = found.get(page_key)
        if entry is not None and None not in versions and entry[0] == versions:
            if on_hit is not None:
                on_hit(request, **kwargs)
            content, headers = entry[1]
            response = HttpResponse(
                content.replace(_PLACEHOLDER_BYTES, get_token(request).encode())
            )
            for name, value in headers:
                response[name] = value
            return response
        versions = _current_versions(version_keys, found)
        response = self.get_response(request)
        if (
            None in versions
            or response.status_code != 200
            or response.streaming
            or response.cookies
            or request.session.modified
            or getattr(getattr(request, "_messages", None), "added_new", False)
            or getattr(request, "user", None) != user
            or _is_moderator(request, user)  # they see held work: never stored, so never served
        ):
            return response
        content = _with_placeholder(request, response.content)
        if content is not None:
            headers = [(k, v) for k, v in response.items() if k.lower() not in _NOT_STORED]
            cache.set(page_key, (versions, (content, headers)), timeout=timeout())
        return response

    def _plan(self, request, user):
        if timeout() <= 0 or user is None or not user.is_authenticated:
            return None
        urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
        found = _marked_view(request.path_info, urlconf)
        if found is None:
            return None
        (scopes, on_hit, everyone, members), kwargs = found
        if everyone or not members or CookieStorage.cookie_name in request.COOKIES:
            return None
        session = request.session
        if any(key in session for key in _ONCE_KEYS):
            return None
        version_keys = [_VERSION.format(s) for s in [SITE, *scopes(request, **kwargs)]]
        version_keys.append(_MEMBER.format(user.pk))
        raw = f"{user.pk}:{request.get_host()}{request.get_full_path()}".encode()
        page_key = _MEMBER_PAGE.format(hashlib.blake2b(raw, digest_size=16).hexdigest())
        return version_keys, page_key, on_hit, kwargs


_PLACEHOLDER_BYTES = _CSRF_PLACEHOLDER.encode()
