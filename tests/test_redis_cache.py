"""Specification of config.redis_cache against a real Redis server: Django's Redis cache
contract, with clients reused and incr() in one round trip."""

import signal

import pytest

from config.redis_cache import RedisCache


@pytest.fixture
def redis_cache(redis_server):
    return RedisCache(redis_server.url, {"KEY_PREFIX": "spec"})


@pytest.fixture
def redis_server():
    from tests.scale.servers import RedisServer

    server = RedisServer.start()
    yield server
    server.stop()


def test_redis_cache_incr_counts_an_existing_key_and_refuses_a_missing_one(redis_cache):
    redis_cache.set("views", 3)
    assert redis_cache.incr("views") == 4
    assert redis_cache.incr("views", 10) == 14
    assert redis_cache.get("views") == 14
    with pytest.raises(ValueError, match="not found"):
        redis_cache.incr("never-set")
    assert redis_cache.get("never-set") is None  # a failed incr creates nothing


def test_redis_cache_decr_and_add_keep_djangos_contract(redis_cache):
    assert redis_cache.add("window", 1, timeout=60)
    assert not redis_cache.add("window", 1, timeout=60)
    assert redis_cache.decr("window") == 0
    assert redis_cache.get_many(["window", "other"]) == {"window": 0}


def test_redis_cache_reuses_one_client_per_pool(redis_cache):
    client = redis_cache._cache.get_client("a", write=True)
    assert redis_cache._cache.get_client("b", write=True) is client


# --- Redis down (docs/failure-modes.md) -------------------------------------------------------


@pytest.fixture
def no_retry_wait(monkeypatch):
    # Ask Redis again at once after a failure, so the test sees it return without waiting.
    monkeypatch.setattr("config.redis_cache.RETRY_SECONDS", 0)


def test_redis_down_cache_calls_do_not_raise_and_keep_no_copies(redis_server, no_retry_wait):
    cache = RedisCache(redis_server.url, {"KEY_PREFIX": "spec"})
    cache.set("page", "cached before")
    redis_server.stop()
    assert cache.get("page") is None  # a miss: the page is drawn from the database
    cache.set("page", "drawn during the outage")
    cache.set_many({"fragment": "x"})
    assert cache.get_many(["page", "fragment"]) == {}  # set() kept nothing anywhere
    assert cache.touch("page") is False
    cache.delete("page")  # no error either


def test_redis_down_counters_keep_counting_in_the_process(redis_server, no_retry_wait):
    cache = RedisCache(redis_server.url, {"KEY_PREFIX": "spec"})
    redis_server.stop()
    assert cache.add("ratelimit:window", 1, timeout=60)
    assert not cache.add("ratelimit:window", 1, timeout=60)
    assert cache.incr("ratelimit:window") == 2
    assert cache.decr("ratelimit:window") == 1
    assert cache.get("ratelimit:window") == 1
    with pytest.raises(ValueError, match="not found"):
        cache.incr("never-set")  # Django's contract holds locally too


def test_redis_down_then_back_the_cache_is_emptied_and_used_again(redis_server, no_retry_wait):
    from tests.scale.servers import RedisServer

    cache = RedisCache(redis_server.url, {"KEY_PREFIX": "spec"})
    cache.set("version:thread:1", "before")
    other = RedisCache(redis_server.url, {"KEY_PREFIX": "spec"})  # saw no outage
    redis_server.process.send_signal(signal.SIGSTOP)  # Redis keeps its data but does not answer
    try:
        cache.set("version:thread:1", "bumped during the outage")  # lost: Redis is not there
        assert cache.get("version:thread:1") is None
    finally:
        redis_server.process.send_signal(signal.SIGCONT)  # back, with its old data
    assert cache.get("version:thread:1") is None  # emptied on return, not the stale "before"
    cache.set("page", "fresh")
    assert other.get("page") == "fresh"  # every process shares it again
    # A Redis that restarts empty on the same port is found again too.
    port = redis_server.port
    redis_server.stop()
    assert cache.get("page") is None
    redis_server.__dict__.update(RedisServer.start(port=port).__dict__)
    cache.set("page", "after the restart")
    assert cache.get("page") == "after the restart"
