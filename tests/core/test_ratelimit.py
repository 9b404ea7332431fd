"""Specification of core.ratelimit: a sliding window per key, counted in the cache."""

from django.test import RequestFactory, override_settings

from core import ratelimit


def test_hit_allows_up_to_the_limit_in_a_window():
    results = [ratelimit.hit("k", limit=3, period=60, now=1000.0) for _ in range(4)]
    assert results == [True, True, True, False]


def test_hit_allows_again_once_a_whole_period_has_passed():
    for _ in range(3):
        ratelimit.hit("k", limit=2, period=60, now=1000.0)
    assert not ratelimit.hit("k", limit=2, period=60, now=1000.0 + 30)
    assert ratelimit.hit("k", limit=2, period=60, now=1000.0 + 2 * 60)


def test_hit_does_not_start_again_at_a_boundary():
    # Three tries in the last second of one window (1019–1020 is the end of 960–1020); the
    # fourth, just after the boundary, is still the fourth in a minute.
    for moment in (1019.0, 1019.5, 1019.9):
        assert ratelimit.hit("k", limit=3, period=60, now=moment)
    assert not ratelimit.hit("k", limit=3, period=60, now=1020.1)


def test_hit_lets_the_previous_window_fade_as_it_slides_out():
    for _ in range(4):
        ratelimit.hit("k", limit=4, period=60, now=1000.0)  # window 960–1020
    # At 1030 five sixths of the previous window still overlap the last minute: 4 × 5/6 + 1 > 4.
    assert not ratelimit.hit("k", limit=4, period=60, now=1030.0)
    # At 1050 half of it does: 4 × 1/2 + 2 (the refused try counts) = 4.
    assert ratelimit.hit("k", limit=4, period=60, now=1050.0)


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


def test_hit_write_refuses_a_burst_inside_the_long_window():
    results = [ratelimit.hit_write("w", limit=20, period=600, now=1000.0 + n) for n in range(4)]
    assert results == [True, True, True, False]


def test_hit_write_allows_again_once_the_short_window_has_passed():
    for n in range(4):
        ratelimit.hit_write("w", limit=20, period=600, now=1000.0 + n)
    assert ratelimit.hit_write(
        "w", limit=20, period=600, now=1000.0 + 3 + 2 * ratelimit.BURST_PERIOD
    )


def test_hit_write_short_window_does_not_reopen_at_a_boundary():
    # Three writes at the end of one ten-second window; the next, just after the boundary, is
    # still the fourth in ten seconds.
    for moment in (1007.0, 1008.0, 1009.0):
        assert ratelimit.hit_write("w", limit=20, period=600, now=moment)
    assert not ratelimit.hit_write("w", limit=20, period=600, now=1010.5)


def test_hit_write_keeps_the_long_window():
    # One write every 11 s never trips the short window; the long one still holds at 5.
    results = [ratelimit.hit_write("w", limit=5, period=600, now=1200.0 + 11 * n) for n in range(6)]
    assert results == [True] * 5 + [False]


def _request(user_pk=7, ip="10.0.0.1"):
    request = RequestFactory().post("/", REMOTE_ADDR=ip)
    request.user = type("Member", (), {"pk": user_pk})()
    return request


def test_allow_gives_new_members_the_lower_limit(monkeypatch):
    limit = ratelimit.Limit(member=3, new_member=1, period=600, burst=0)
    monkeypatch.setitem(ratelimit.LIMITS, "test:write", limit)
    assert ratelimit.allow(_request(user_pk=1), "test:write", new_member=True)
    assert not ratelimit.allow(_request(user_pk=1), "test:write", new_member=True)
    assert [ratelimit.allow(_request(user_pk=2), "test:write") for _ in range(4)] == [
        True,
        True,
        True,
        False,
    ]


def test_allow_counts_the_address_across_members(monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "test:ip", ratelimit.Limit(member=10, ip=2, period=600))
    assert ratelimit.allow(_request(user_pk=1), "test:ip")
    assert ratelimit.allow(_request(user_pk=2), "test:ip")
    assert not ratelimit.allow(_request(user_pk=3), "test:ip")
    assert ratelimit.allow(_request(user_pk=3, ip="10.0.0.2"), "test:ip")


def test_allow_without_a_member_limit_counts_only_the_address(monkeypatch):
    monkeypatch.setitem(
        ratelimit.LIMITS, "test:anon", ratelimit.Limit(member=None, ip=1, period=60)
    )
    request = _request(user_pk=None)
    assert ratelimit.allow(request, "test:anon")
    assert not ratelimit.allow(request, "test:anon")


def test_limits_keep_their_numbers():
    # The numbers the site had before the table was one (issue 14): changing one is a decision.
    limits = {
        name: (lim.member, lim.new_member, lim.ip, lim.period)
        for name, lim in ratelimit.LIMITS.items()
    }
    assert limits["forum:thread"] == (6, 2, 12, 3600)
    assert limits["forum:reply"] == (20, 6, 40, 600)
    assert limits["forum:react"] == (60, 30, 120, 600)
    assert limits["streak:check_in"] == (20, None, None, 3600)
    assert limits["accounts:unsubscribe"] == (None, None, 30, 600)
    assert limits["accounts:data-export"] == (5, None, None, 3600)
