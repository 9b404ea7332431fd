"""The replica rule: whatever the cache keeps is read from the PRIMARY database.

With DATABASE_REPLICA_URL set, config.routers sends most reads to a replica that lags the
primary a little. A page drawn from a lagging replica and then kept would be served stale
for the cache's whole timeout — to visitors, and to the member whose own write it misses.
So while a page that may be stored is drawn (a visitor's or a member's), and while a
remembered search is computed, reads go to the primary: the router asks reading_primary().
Cache hits read nothing at all, so the primary sees only the misses.

When the primary cannot be reached (config.read_only: the site is read-only for a while),
pages are drawn from the replica and carry a banner: not_storing() says that nothing drawn
then may be kept (storable() asks storing_paused()).
"""

import contextlib
import contextvars

_primary = contextvars.ContextVar("holdfast_read_primary_for_cache", default=False)


def reading_primary() -> bool:
    """True while something the cache will keep is drawn or computed."""
    return _primary.get()


@contextlib.contextmanager
def from_primary():
    token = _primary.set(True)
    try:
        yield
    finally:
        _primary.reset(token)


_paused = contextvars.ContextVar("holdfast_page_cache_not_storing", default=False)


def storing_paused() -> bool:
    """True while nothing drawn may be kept (the primary is away)."""
    return _paused.get()


@contextlib.contextmanager
def not_storing():
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)
