"""Read-only while the PostgreSQL primary is away (docs/failure-modes.md): on when
DATABASE_REPLICA_URL is set (config/settings.py adds ReadOnlyMiddleware after the replica's
PrimaryPinMiddleware).

When a request fails and the primary does not answer a fresh connection, this process goes
read-only at once: the failed request is drawn again from the replica (a GET) or answered
with a kind 503 page that shows the member's text back to them (anything else: their write
did not happen, and nothing of it is lost if they copy it). While read-only:

* every page reads the replica — and, for this thread, the primary's alias *is* the
  replica's connection, so nothing waits on the connection pool of a server that is not
  there; a write that a page makes anyway is refused at once by the standby ("read-only
  transaction") and answered with the same calm page;
* every page carries a calm banner (read_only in the templates' context) and none is kept
  by the page cache (pagecache.not_storing), so the banner leaves with the outage; pages
  already cached are still served.

Every RECHECK_SECONDS the next request asks the primary again, with a fresh connection
outside the pool; when it answers, the pool is replaced (its connections died with the
server) and the site writes again — by itself, nobody restarts anything. Each process finds
out on its own, within one request of the outage and RECHECK_SECONDS of the return.

Nothing committed is lost: the primary holds every commit, the replica streams them, and a
write either committed before the outage or was refused and shown back to its author.
"""

import logging
import threading
import time
from http import HTTPStatus
from importlib import import_module

from django.conf import settings
from django.contrib import auth
from django.db import DatabaseError, connections
from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme

import pagecache
from core import read_only as core_read_only

logger = logging.getLogger(__name__)

PRIMARY = "default"
REPLICA = "replica"
RECHECK_SECONDS = 2.0
# The primary must answer a fresh connection within this long to count as there.
PROBE_TIMEOUT_SECONDS = 2
_SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
# Never shown back, even to their author: a page is no place for a password or a code.
_SECRET_FIELDS = ("password", "csrf", "token", "code", "otp", "secret")

_state = {"down": False, "recheck_at": 0.0}
_lock = threading.Lock()


def is_read_only() -> bool:
    """Whether this request is served read-only (for templates, the router and tests)."""
    return core_read_only.active()


def primary_answers() -> bool:
    """Whether the primary accepts a fresh connection now (outside Django's pool)."""
    if connections[PRIMARY].vendor != "postgresql":
        try:
            with connections[PRIMARY].temporary_connection():
                return True
        except DatabaseError:
            return False
    import psycopg

    params = connections[PRIMARY].get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params["connect_timeout"] = PROBE_TIMEOUT_SECONDS
    try:
        psycopg.connect(**params).close()
    except psycopg.Error:
        return False
    return True


def _went_down() -> None:
    with _lock:
        _state["recheck_at"] = time.monotonic() + RECHECK_SECONDS
        if _state["down"]:
            return
        _state["down"] = True
    logger.warning("The primary database is not answering: read-only from the replica")
    _drop_primary_pool()


def _check_return() -> None:
    with _lock:
        if not _state["down"] or time.monotonic() < _state["recheck_at"]:
            return
        _state["recheck_at"] = time.monotonic() + RECHECK_SECONDS
    if primary_answers():
        _drop_primary_pool()  # its connections died with the server
        with _lock:
            _state["down"] = False
        logger.warning("The primary database is back: writing again")


def _drop_primary_pool() -> None:
    connection = connections[PRIMARY]
    try:
        connection.close()
        if hasattr(connection, "close_pool"):
            connection.close_pool()
    except Exception:  # noqa: BLE001 — a dead server's pool may fail to close; it is dropped
        logger.debug("Closing the primary's pool failed", exc_info=True)


class ReadOnlyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _check_return()
        if not _state["down"]:
            response = self.get_response(request)
            if response.status_code < 500 or primary_answers():
                return response
            _went_down()  # that request failed because the primary is away
        return self._read_only(request)

    def _read_only(self, request):
        original = connections[PRIMARY]
        # This thread's "default" is the replica's connection for the request: reads and
        # any stray write go to the standby, which answers (or refuses a write) at once.
        connections[PRIMARY] = connections[REPLICA]
        try:
            with pagecache.not_storing(), core_read_only.serving():
                if request.method not in _SAFE_METHODS:
                    return refusal(request)
                response = self.get_response(request)
                if response.status_code >= 500:
                    response = refusal(request)
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()
        finally:
            connections[PRIMARY] = original
        return response


def refusal(request):
    """The kind 503: nothing was saved, here is what you wrote, try again in a few minutes."""
    kept = [
        (name, value.strip())
        for name, value in request.POST.items()
        if value.strip() and not any(secret in name.lower() for secret in _SECRET_FIELDS)
    ]
    _with_member(request)
    response = TemplateResponse(
        request,
        "read_only_503.html",
        # The crisis lines under "If you need someone right now", as on the 500 page.
        {"kept": kept, "back": _back(request), "resources": settings.CRISIS_RESOURCES},
        status=HTTPStatus.SERVICE_UNAVAILABLE,
    )
    response["Retry-After"] = "60"
    response["Cache-Control"] = "no-store"
    return response.render()


def _with_member(request) -> None:
    """The member behind the session, for the page's navigation: this middleware answers
    before the session and authentication middleware have run. Read only (the replica)."""
    if not hasattr(request, "session"):
        store = import_module(settings.SESSION_ENGINE).SessionStore
        request.session = store(request.COOKIES.get(settings.SESSION_COOKIE_NAME))
    if not hasattr(request, "user"):
        request.user = SimpleLazyObject(lambda: auth.get_user(request))


def _back(request) -> str:
    """The page the member came from (on this site), for "Go back"."""
    referer = request.headers.get("Referer", "")
    if url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return "/"


def context(request) -> dict:
    """read_only for base.html's banner."""
    return {"read_only": is_read_only()}
