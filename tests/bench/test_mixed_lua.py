"""Specification of the Lua script wrk runs for the mixed workload (bench/mixed_lua.py)."""

from bench import mixed, mixed_lua
from tests.bench.test_mixed import site


def test_lua_script_signs_members_in_and_posts_with_their_csrf_token():
    the_site = site()
    requests = [
        mixed.Request("home", "/", member=3),
        mixed.Request("home", "/", address="10.200.1.2"),
        mixed.Request("reply", "/t/5/reply/", "POST", 4, {"body": "Reply {n}."}),
    ]
    script = mixed_lua.lua_script(the_site, requests)
    assert '["Cookie"] = "sessionid=session3; csrftoken=csrf' in script
    assert '["X-Forwarded-For"] = "10.100.0.3"' in script
    assert '["X-Forwarded-For"] = "10.200.1.2"' in script
    body = f"csrfmiddlewaretoken={the_site.members[4].csrf}&body=Reply+%7Bn%7D."
    assert '{"POST", "/t/5/reply/", ' in script and f'"{body}"' in script
    # The serial number goes where {n} is, as wrk sends each reply: the pattern must match.
    assert 'string.gsub(r[4], "%%7Bn%%7D"' in script
    assert "local delay_ms = 0" in script  # flat out: no delay() for wrk to call
    assert "X-Bench-Warmup" not in script
    assert "position = (id * 7919 + 0) % #seq + 1" in script  # the measured run's start


def test_the_warmup_walks_other_requests_than_the_measured_run():
    requests = [mixed.Request("home", f"/?n={n}") for n in range(20)]
    measured = mixed_lua.lua_script(site(), requests)
    warmup = mixed_lua.lua_script(site(), requests, warmup=True)
    # Half the sequence away: replaying the measured run's first requests, the warm-up
    # would have filled the cache with exactly the pages the run then asks for.
    assert "position = (id * 7919 + 0) % #seq + 1" in measured
    assert "position = (id * 7919 + 10) % #seq + 1" in warmup


def test_lua_script_paces_each_connection_for_a_steady_rate_and_marks_a_warmup():
    script = mixed_lua.lua_script(site(), [], rate_per_connection=10, warmup=True)
    assert "local delay_ms = 100" in script
    assert 'wrk.headers["X-Bench-Warmup"] = "1"' in script
