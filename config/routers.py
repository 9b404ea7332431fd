"""Reads from a PostgreSQL read replica, writes to the primary: on when DATABASE_REPLICA_URL
is set (config/settings.py adds the "replica" database, this router and the middleware).

A replica lags the primary by a little (usually milliseconds, sometimes seconds), so a read
goes to the primary whenever reading stale rows would be wrong or confusing:

* inside a transaction on the primary (a service that reads, then writes what it read);
* during any request that may write (POST and the other unsafe methods), so a form's checks
  and its write see the same rows;
* for REPLICA_PIN_SECONDS after a member's write, so that the page the write redirects to
  shows it (a short-lived cookie, set on the unsafe request's response, says so);
* while a page that may be cached is drawn — a visitor's or a member's — and while a
  member's remembered search is computed (pagecache.primary): a page drawn from a lagging
  replica would be served stale for the cache's whole timeout, to a member even without
  their own write. Cache hits read nothing at all, so the primary sees only the misses.

Everything else — pages no cache keeps (a moderator's, a member's settings, the queues) —
reads the replica.
Migrations run on the primary only; the replica follows by streaming replication.
"""

import contextvars

from django.conf import settings
from django.db import transaction

import pagecache
from config import read_only

PRIMARY = "default"
REPLICA = "replica"
PIN_COOKIE = "hf_primary"
_pinned = contextvars.ContextVar("holdfast_read_from_primary", default=False)
_SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if read_only.is_read_only():
            return REPLICA  # the primary is away (config.read_only)
        if (
            _pinned.get()
            or pagecache.reading_primary()
            or transaction.get_connection(PRIMARY).in_atomic_block
        ):
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same rows, wherever they were read

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


class PrimaryPinMiddleware:
    """Pins a request's reads to the primary when it may write, or follows a recent write."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.seconds = getattr(settings, "REPLICA_PIN_SECONDS", 5)

    def __call__(self, request):
        writes = request.method not in _SAFE_METHODS
        token = _pinned.set(writes or PIN_COOKIE in request.COOKIES)
        try:
            response = self.get_response(request)
        finally:
            _pinned.reset(token)
        if writes:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=self.seconds,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


def reads_from_primary() -> bool:
    """Whether this request's reads are pinned to the primary (for tests and logging)."""
    return _pinned.get()
