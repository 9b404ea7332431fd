"""A small fixed-window rate limiter on Django's cache, for every write a member makes.

    if not ratelimit.hit(f"reply:member:{user.pk}", limit=20, period=600):
        ...  # refuse kindly, keeping what they wrote

Fixed windows are crude (a burst may straddle two windows and get twice the limit) but need
one cache round trip, which is what a page should pay. With REDIS_URL set every app server
shares the counts; with the local-memory cache each process counts on its own, which is fine
for development and tests.

Lives in accounts, the lowest app, so that forum and moderation share it.
"""

import time

from allauth.account.adapter import get_adapter
from django.core.cache import cache

_PREFIX = "ratelimit"


def hit(key: str, *, limit: int, period: int, now: float | None = None) -> bool:
    """Count one attempt for `key`; True while the window holds at most `limit` attempts.

    Every call counts, refused ones included, so hammering does not reopen the window early.
    """
    now = time.time() if now is None else now
    window = int(now // period)
    cache_key = f"{_PREFIX}:{key}:{period}:{window}"
    # add() only sets a missing key; the window's key expires a little after the window ends.
    if cache.add(cache_key, 1, timeout=period + 1):
        return limit >= 1
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.add(cache_key, 1, timeout=period + 1)
        count = 1
    return count <= limit


def client_ip(request) -> str:
    """The client's IP address as allauth sees it.

    allauth ignores X-Forwarded-For unless ALLAUTH_TRUSTED_PROXY_COUNT says how many proxies
    to trust, so a client cannot pick its own address; it raises PermissionDenied (a 403)
    when there is no address at all.
    """
    return get_adapter().get_client_ip(request)
