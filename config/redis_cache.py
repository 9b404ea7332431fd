"""Django's Redis cache, with one redis-py client per connection pool instead of one per call.

Django's RedisCacheClient.get_client() builds a new redis.Redis object for every cache call;
redis-py 8 fills a table of some 170 response callbacks in each constructor, which costs more
than the round trip to Redis itself (about 0.2 ms a call, measured by the benchmark's
profile: three quarters of a cached page's time). A redis.Redis object is safe to share
between threads — connections come from its pool, one per command — so one is kept per pool.

incr() is one round trip instead of two (Django asks EXISTS, then INCRBY): a small Lua script
does both on the server, keeping Django's contract — ValueError for a missing key. Rate limits
call it on every write they count, and thread view counts once a second per process.

When Redis stops (docs/failure-modes.md) the site stays up: no cache call raises. For as long
as Redis does not answer, the cache is a per-process counter store —
add/incr/decr/get/delete go to a local-memory cache, so rate limits keep limiting (each
process counting on its own) and view counts keep counting — while set() keeps nothing, so
no page, fragment or session copy is stored where another process's write could not reach
it: every page is drawn from the database. After a failure Redis is not asked again for
RETRY_SECONDS, so an outage costs one refused connection a second, not one per call. The
first call that reaches Redis again empties it (FLUSHDB: REDIS_URL names a database of the
cache's own) — writes made meanwhile bumped no version in Redis, so whatever it still holds
may be stale: the cache comes back cold but correct.
"""

import logging
import threading
import time

from django.core.cache.backends import redis as django_redis
from django.core.cache.backends.locmem import LocMemCache
from redis import exceptions as redis_errors

logger = logging.getLogger(__name__)

# Redis not answering: refused, reset, timed out, or still loading its data after a restart.
UNAVAILABLE = (redis_errors.ConnectionError, redis_errors.TimeoutError)
RETRY_SECONDS = 1.0
# A Redis on another host that vanishes must not hold a page for long: its calls take well
# under a millisecond when it is up.
SOCKET_TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 2}

_INCR_EXISTING = """
if redis.call('exists', KEYS[1]) == 1 then
  return redis.call('incrby', KEYS[1], ARGV[1])
end
return false
"""


class ReusingRedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._incr_scripts = {}

    def incr(self, key, delta):
        client = self.get_client(key, write=True)
        script = self._incr_scripts.get(id(client))
        if script is None:
            script = self._incr_scripts[id(client)] = client.register_script(_INCR_EXISTING)
        value = script(keys=[key], args=[delta])
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(
                connection_pool=self._get_connection_pool(write)
            )
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self._options = {**SOCKET_TIMEOUTS, **self._options}
        self._local = LocMemCache("holdfast-redis-down", {"OPTIONS": {"MAX_ENTRIES": 10_000}})
        self._retry_at = 0.0  # time.monotonic() before which Redis is not asked
        self._outage = False  # a call failed since Redis last answered
        self._state_lock = threading.Lock()

    def _through(self, name, *args, stand_in=None, **kwargs):
        """Call Redis; while it is down, the local store (stand_in None) or `stand_in`."""
        if time.monotonic() >= self._retry_at and (not self._outage or self._came_back()):
            try:
                return getattr(super(), name)(*args, **kwargs)
            except UNAVAILABLE as error:
                self._went_down(error)
        if stand_in is not None:
            return stand_in
        return getattr(self._local, name)(*args, **kwargs)

    def _went_down(self, error):
        with self._state_lock:
            self._retry_at = time.monotonic() + RETRY_SECONDS
            if not self._outage:
                self._outage = True
                logger.warning("Redis is unavailable (%s): serving without it", error)

    def _came_back(self) -> bool:
        """Empty Redis before its first use after an outage; False while it still fails."""
        with self._state_lock:
            if not self._outage:
                return True  # another thread of this process did it meanwhile
            try:
                super().clear()  # cold but correct: nothing it kept may be trusted
            except UNAVAILABLE:
                self._retry_at = time.monotonic() + RETRY_SECONDS
                return False
            self._outage = False
            self._local.clear()
            logger.warning("Redis is back: its cache was emptied and is filling again")
            return True

    # Counters and reads: local while Redis is down. (decr() and get_or_set() are built on
    # these by Django's BaseCache.)
    def add(self, *args, **kwargs):
        return self._through("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._through("get", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._through("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._through("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._through("incr", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._through("delete", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._through("delete_many", *args, **kwargs)

    # Copies: kept nowhere while Redis is down.
    def set(self, *args, **kwargs):
        self._through("set", *args, stand_in=False, **kwargs)

    def set_many(self, *args, **kwargs):
        result = self._through("set_many", *args, stand_in=False, **kwargs)
        return [] if result is False else result

    def touch(self, *args, **kwargs):
        return self._through("touch", *args, stand_in=False, **kwargs)

    def clear(self):
        self._local.clear()
        return self._through("clear", stand_in=False)
