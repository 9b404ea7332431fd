"""Specification of accounts.ratelimit: a fixed window per key, counted in the cache."""

from django.test import RequestFactory, override_settings

from accounts import ratelimit


def test_hit_allows_up_to_the_limit_in_a_window():
    results = [ratelimit.hit("k", limit=3, period=60, now=1000.0) for _ in range(4)]
    assert results == [True, True, True, False]


def test_hit_starts_again_in_the_next_window():
    for _ in range(3):
        ratelimit.hit("k", limit=2, period=60, now=1000.0)
    assert ratelimit.hit("k", limit=2, period=60, now=1000.0 + 60)


def test_hit_keys_are_independent():
    assert ratelimit.hit("a", limit=1, period=60, now=0.0)
    assert ratelimit.hit("b", limit=1, period=60, now=0.0)
    assert not ratelimit.hit("a", limit=1, period=60, now=0.0)


def test_hit_with_a_zero_limit_always_refuses():
    assert not ratelimit.hit("z", limit=0, period=60, now=0.0)


def test_client_ip_ignores_forwarded_for_unless_proxies_are_trusted():
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert ratelimit.client_ip(request) == "10.0.0.1"
    with override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1):
        assert ratelimit.client_ip(request) == "6.6.6.6"
