"""Specification of config.redis_cache against a real Redis server: Django's Redis cache
contract, with clients reused and incr() in one round trip."""

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
