"""A small fixed-window rate limiter on Django's cache, for every write a member makes.

    if not ratelimit.hit(f"reply:member:{user.pk}", limit=20, period=600):
        ...  # refuse kindly, keeping what they wrote

Fixed windows are crude (a burst may straddle two windows and get twice the limit) but need
one cache round trip, which is what a page should pay. With REDIS_URL set every app server
shares the counts; with the local-memory cache each process counts on its own, which is fine
for development and tests.

Lives in core, below every app, so that accounts, forum and moderation share it.
"""

import time

from allauth.account.adapter import get_adapter
from django.core.cache import cache

_PREFIX = "ratelimit"

# Every write a member makes that has a long window also has this short one: a long window
# alone let an established member post 20 replies in 2.5 s (only the 21st was refused). Three
# in ten seconds is more than a person typing ever needs; the refusal reads the same.
BURST_LIMIT, BURST_PERIOD = 3, 10


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


def hit_write(
    key: str, *, limit: int, period: int, burst: int = BURST_LIMIT, now: float | None = None
) -> bool:
    """hit() for a member's write: True while both the long window (`limit` per `period`) and
    the short one (`burst` per BURST_PERIOD seconds) hold. Both count every time."""
    long_ok = hit(key, limit=limit, period=period, now=now)
    short_ok = _hit_sliding(f"{key}:burst", limit=burst, period=BURST_PERIOD, now=now)
    return long_ok and short_ok


def _hit_sliding(key: str, *, limit: int, period: int, now: float | None = None) -> bool:
    """Like hit(), over a window that slides: the previous fixed window's count weighs in as
    much as it still overlaps the last `period` seconds. A short window must not reopen at a
    boundary — with fixed windows, 3 per 10 s would let 6 through in a second."""
    now = time.time() if now is None else now
    window, elapsed = divmod(now, period)
    current = f"{_PREFIX}:{key}:{period}:{int(window)}"
    previous = f"{_PREFIX}:{key}:{period}:{int(window) - 1}"
    if cache.add(current, 1, timeout=2 * period + 1):
        count = 1
    else:
        try:
            count = cache.incr(current)
        except ValueError:  # expired between add() and incr()
            cache.add(current, 1, timeout=2 * period + 1)
            count = 1
    overlap = 1 - elapsed / period
    return count + (cache.get(previous) or 0) * overlap <= limit


def client_ip(request) -> str:
    """The client's IP address as allauth sees it.

    allauth ignores X-Forwarded-For unless ALLAUTH_TRUSTED_PROXY_COUNT says how many proxies
    to trust, so a client cannot pick its own address; it raises PermissionDenied (a 403)
    when there is no address at all.
    """
    return get_adapter().get_client_ip(request)
