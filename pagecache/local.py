"""The copies of pages for everyone kept in this process's own memory (see below); apart from
the middleware that fills them, so that a bump (pagecache.scopes) can forget them without
importing the middleware back."""

import contextlib
import contextvars
import time

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


def keep(page_key: str, stored: tuple, fresh_until: float, generation: int) -> None:
    if generation != _local_generation:
        return
    if len(_local) >= _LOCAL_MAX:
        _local.clear()
    _local[page_key] = (min(fresh_until, time.time() + LOCAL_SECONDS), stored)


def get(page_key: str):
    return _local.get(page_key)


def generation() -> int:
    return _local_generation


_afresh = contextvars.ContextVar("holdfast_drawn_afresh", default=False)


@contextlib.contextmanager
def drawn_afresh():
    """Draw every layout piece ({% drawn_once %}) and every fragment (pagecache.fragments)
    afresh, as if none had been drawn before in this process (what a page "as if there were
    no cache" means in tests/pagecache/test_cache_equals_fresh_render.py)."""
    token = _afresh.set(True)
    try:
        yield
    finally:
        _afresh.reset(token)


def drawing_afresh() -> bool:
    return _afresh.get()
