"""Thread view counts, counted in the cache and written to the database in batches.

A thread page is the most-read page of the site; writing a row on every GET would lock
SQLite and slow every reader (and would make an anonymous GET write to the database). So a
GET only increments a cache counter, `forum:views:<thread id>`, and

    manage.py flush_thread_views

(run it from cron every few minutes in production) adds the
counted views to `Thread.view_count` in one UPDATE per thread that has any, then subtracts
what it wrote from the cache counter — so views counted while it runs are not lost.

Pages show `view_count + pending()`, so the number a reader sees is current either way. If
the cache is cleared (a restart of the local-memory cache), unflushed views are lost: a view
count is a courtesy, not a ledger.

Every view is counted with record_soon(): in this process's memory first, and added to the
cache counters at most once a second (and when the process exits). A thread page served
whole from the visitors' page cache costs less than one trip to Redis, and a drawn one reads
its counter with its posts' fragments (forum.fragments.render_posts) rather than paying a
trip of its own. Another server sees a view up to a second late.

For the same reason, a counter read is remembered in this process for up to a second
(to_read() and pending_after()): a drawn thread page whose fragments are all kept in this
process needs no trip to Redis at all. That trip was a tenth of a visitor's cold thread
page (0.3 ms of 3.2). The memory is tied to the thread's `view_count` as read with it, so a
flush, which moves counted views into that column, is never counted twice.
"""

import atexit
import contextlib
import threading
import time
from collections import Counter

from django.core.cache import cache
from django.db.models import F

from forum.models import Thread
from pagecache.local import drawing_afresh

_KEY = "forum:views:{}"
_TIMEOUT = 7 * 24 * 3600
_BATCH = 500
_PUSH_EVERY = 1.0  # seconds
_soon = Counter()
_soon_lock = threading.Lock()
_last_push = time.monotonic()
# thread id -> (its view_count then, the cache's counter, when read): see to_read().
_counted: dict[int, tuple[int, int, float]] = {}


def key(thread_id: int) -> str:
    """The cache key of a thread's counted views (for reading it with other values)."""
    return _KEY.format(thread_id)


def record_soon(thread_id: int) -> None:
    """record(), batched in this process for up to a second."""
    global _last_push
    now = time.monotonic()
    with _soon_lock:
        _soon[thread_id] += 1
        if now - _last_push < _PUSH_EVERY:
            return
        _last_push = now
    push_soon()


@atexit.register
def push_soon() -> None:
    """Add the views record_soon() holds to the cache counters."""
    with _soon_lock:
        batch = dict(_soon)
        _soon.clear()
        _forget_old_reads()
        for thread_id, count in batch.items():
            # What was held here is in the counter now: a remembered read holds it too.
            if thread_id in _counted:
                column, counted, when = _counted[thread_id]
                _counted[thread_id] = (column, counted + count, when)
    for thread_id, count in batch.items():
        key = _KEY.format(thread_id)
        try:
            cache.incr(key, count)
        except ValueError:
            if not cache.add(key, count, timeout=_TIMEOUT):
                cache.incr(key, count)


def pending(thread_id: int) -> int:
    return pending_from(thread_id, cache.get(_KEY.format(thread_id)))


def pending_from(thread_id: int, counted: int | None) -> int:
    """pending(), given what the cache holds under key(thread_id)."""
    with _soon_lock:
        held = _soon.get(thread_id, 0)
    return (counted or 0) + held


def to_read(thread) -> list[str]:
    """The cache key of the thread's counter, or none if this process read it less than a
    second ago (with the same `view_count`); for pending_after()."""
    return [] if _remembered(thread) is not None else [key(thread.pk)]


def pending_after(thread, found: dict) -> int:
    """pending(), given what the cache held for to_read(thread) (`found`, by key)."""
    counted = _remembered(thread)
    if counted is None:
        counted = found.get(key(thread.pk)) or 0
        if not drawing_afresh():
            with _soon_lock:
                _counted[thread.pk] = (thread.view_count, counted, time.monotonic())
    return pending_from(thread.pk, counted)


def _remembered(thread) -> int | None:
    if drawing_afresh():
        return None
    column, counted, when = _counted.get(thread.pk, (None, 0, 0.0))
    if column != thread.view_count or time.monotonic() - when >= _PUSH_EVERY:
        return None
    return counted


def _forget_old_reads() -> None:
    now = time.monotonic()
    for thread_id in [pk for pk, (_, _, when) in _counted.items() if now - when >= _PUSH_EVERY]:
        del _counted[thread_id]


def forget_reads() -> None:
    """Forget the counters read (tests do, whose cache is cleared between them)."""
    with _soon_lock:
        _counted.clear()


def flush() -> int:
    """Move the cached counts into the database. Returns how many views were written."""
    push_soon()
    written = 0
    ids = list(Thread.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), _BATCH):
        batch = ids[start : start + _BATCH]
        counts = cache.get_many([_KEY.format(pk) for pk in batch])
        for key, count in counts.items():
            if not count:
                continue
            thread_id = int(key.rsplit(":", 1)[1])
            Thread.objects.filter(pk=thread_id).update(view_count=F("view_count") + count)
            with contextlib.suppress(ValueError):  # the key expired meanwhile: nothing to undo
                cache.decr(key, count)
            written += count
    return written
