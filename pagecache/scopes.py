"""Scopes and their versions: what a cached page depends on, and how a write forgets it.

Each *scope* ("lists", "thread:12", "member:rowan", "site") has a version token in the
cache. A cached page remembers the tokens it was rendered under and is served only while
they are all unchanged; a write that changes what a scope shows bumps it (a new random
token), and the next viewer gets a fresh render. SITE belongs to every page: bumping it
forgets them all. A member's own pages also carry the member's version (bump_member).

The scope strings are made by the small helpers below, so that a typo cannot make a page
that nothing ever forgets: `scopes.thread(12) == "thread:12"`. They are names only — this
module imports no app.

The versions must live where every app server sees them: with REDIS_URL, in Redis. They are
shared by every release (a bump made by a server still running the old code during a deploy
reaches the new one); the pages themselves are kept per release (pagecache.release).
"""

import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from pagecache import local

SITE = "site"
LISTS = "lists"  # every thread list: home, categories, search
_VERSION = "pagecache:v:{}"
_MEMBER = "pagecache:member:{}"


def thread(pk) -> str:
    """A thread's pages (its posts, its title, its reactions)."""
    return f"thread:{pk}"


def profile(username: str) -> str:
    """A member's profile and their badges (usernames are compared without case)."""
    return f"member:{username.lower()}"


def timeout() -> int:
    """How long a cached page may be served (HOLDFAST_PAGE_CACHE_SECONDS); 0: cache off."""
    return getattr(settings, "HOLDFAST_PAGE_CACHE_SECONDS", 60)


def version_key(scope: str) -> str:
    return _VERSION.format(scope)


def member_version_key(member_id) -> str:
    return _MEMBER.format(member_id)


def bump(*scopes: str) -> None:
    """Forget every cached page that shows these scopes."""
    local.forget_local()
    cache.set_many({_VERSION.format(s): secrets.token_hex(6) for s in scopes}, timeout=None)


def bump_on_commit(*scopes: str) -> None:
    """Bump now and again when the current transaction commits: now, so that this process
    (and a test, whose transaction never commits) does not serve the old page; after the
    commit, so that a page another request rendered from the old rows meanwhile is dropped."""
    bump(*scopes)
    transaction.on_commit(lambda: bump(*scopes))


def bump_member(*member_ids) -> None:
    """Forget every page cached for these members, now and when the transaction commits."""
    ids = {pk for pk in member_ids if pk}
    if not ids:
        return

    def bump_now():
        cache.set_many({_MEMBER.format(pk): secrets.token_hex(6) for pk in ids}, timeout=None)

    bump_now()
    transaction.on_commit(bump_now)


def current_versions(version_keys: list[str], found: dict) -> tuple:
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


def scope_versions(*scopes: str) -> tuple:
    """The current version tokens of these scopes (and SITE), made if missing: for a cache
    entry of one's own that must be forgotten when they are bumped (a member's search
    results, say). One cache round trip."""
    keys = [_VERSION.format(s) for s in (SITE, *scopes)]
    return current_versions(keys, cache.get_many(keys))
