"""Specification of the mixed workload's own logic (bench/mixed.py): the crowd it draws, the
Lua script it hands wrk, how a path is named, how the server's counts are merged. Fast, no
servers: the workload itself runs with `make bench`."""

import random
from collections import Counter

import pytest

from bench import mixed


def site(threads=50, members=20, usernames=100) -> mixed.Site:
    return mixed.Site(
        threads=[
            mixed.Thread(f"/t/{n}/thread-{n}/", n, posts=1 + n * 7, last_post_pk=1000 + n)
            for n in range(1, threads + 1)
        ],
        categories=["/c/category-0/", "/c/category-1/"],
        usernames=[f"member{n:05d}" for n in range(usernames)],
        members=[
            mixed.Member(f"member{n:05d}", f"session{n}", f"csrf{n:028d}", f"10.100.0.{n}")
            for n in range(members)
        ],
    )


def test_zipf_draws_the_first_ranks_most_often_and_reaches_the_tail():
    zipf, rng = mixed.Zipf(5_000), random.Random(1)
    drawn = Counter(zipf.draw(rng) for _ in range(50_000))
    assert drawn[0] > drawn[1] > drawn[9] > drawn[99]
    # 1/H(5000) of the draws (about 11 %) go to the most popular thread, with exponent 1.
    assert 0.10 < drawn[0] / 50_000 < 0.13
    assert len(drawn) > 2_000  # most threads are read at least once: not just a hot few
    assert max(drawn) == 4_999 or max(drawn) > 4_900


def test_plan_is_the_same_for_the_same_seed_and_differs_for_another():
    assert mixed.plan(site(), length=500) == mixed.plan(site(), length=500)
    assert mixed.plan(site(), length=500) != mixed.plan(site(), length=500, seed=7)


def test_plan_writes_about_two_percent_and_only_as_members():
    requests = mixed.plan(site(), length=20_000)
    writes = [r for r in requests if r.method == "POST"]
    assert 0.015 < len(writes) / len(requests) < 0.025
    assert {r.kind for r in writes} == {"reply", "react", "check_in"}
    assert all(r.member is not None for r in writes)


def test_plan_never_sends_a_visitor_to_a_members_only_page():
    requests = mixed.plan(site(), length=20_000)
    visitor_kinds = {r.kind for r in requests if r.member is None}
    assert "notifications" not in visitor_kinds and "streak" not in visitor_kinds
    member_kinds = {r.kind for r in requests if r.member is not None and r.method == "GET"}
    assert member_kinds == set(mixed.MEMBER_READS)
    assert all(r.address.startswith("10.200.") for r in requests if r.member is None)


def test_plan_reads_deep_and_last_pages_of_long_threads():
    requests = mixed.plan(site(), length=20_000)
    pages = [r.path for r in requests if r.kind in {"thread_last", "thread_deep"}]
    assert any("?page=" in path and not path.endswith("?page=1") for path in pages)
    for request in requests:
        if "?page=" in request.path:
            thread = next(t for t in site().threads if request.path.startswith(t.path))
            assert 1 <= int(request.path.split("=")[1]) <= thread.pages


def test_plan_varies_the_search_words():
    searches = {r.path for r in mixed.plan(site(), length=20_000) if r.kind == "search"}
    assert len(searches) == len(mixed.SEARCH_WORDS)
    assert "/search/?q=no+contact" in searches


def test_thread_pages_count_twenty_posts_a_page():
    assert mixed.Thread("/t/1/a/", 1, posts=5_000, last_post_pk=9).pages == 250
    assert mixed.Thread("/t/1/a/", 1, posts=21, last_post_pk=9).pages == 2
    assert mixed.Thread("/t/1/a/", 1, posts=0, last_post_pk=9).pages == 1


@pytest.mark.parametrize(
    ("path", "method", "kind"),
    [
        ("/", "GET", "home"),
        ("/t/5/thread-5/", "GET", "thread_first"),
        ("/t/5/thread-5/?page=1", "GET", "thread_first"),
        ("/t/5/thread-5/?page=250", "GET", "thread_page"),
        ("/c/category-3/", "GET", "category"),
        ("/u/member00002/", "GET", "profile"),
        ("/u/member00002/badge.svg", "GET", "other"),
        ("/search/?q=walk", "GET", "search"),
        ("/notifications/", "GET", "notifications"),
        ("/streak/", "GET", "streak"),
        ("/t/5/reply/", "POST", "reply"),
        ("/p/77/react/", "POST", "react"),
        ("/streak/check-in/today/", "POST", "check_in"),
        ("/accounts/login/", "POST", "other_write"),
    ],
)
def test_kind_of_names_each_page_the_server_times(path, method, kind):
    assert mixed.kind_of(path, method) == kind


def test_samples_keep_one_request_of_each_kind_for_members_and_for_visitors():
    requests = mixed.plan(site(), length=5_000)
    picked = mixed.samples(requests)
    keys = [(r.kind, r.member is None) for r in picked]
    assert len(keys) == len(set(keys))
    assert ("notifications", False) in keys and ("home", True) in keys
    assert ("reply", False) in keys and ("check_in", False) in keys


def answering(status, location=""):
    sent = []

    def send(method, path, data, cookies, headers):
        sent.append((method, path, data, cookies, headers))
        return status, location

    return send, sent


def test_check_sends_a_members_session_csrf_token_and_address():
    the_site = site()
    reply = mixed.Request("reply", "/t/5/reply/", "POST", 4, {"body": "Reply {n}."})
    send, sent = answering(302, "/p/9/")
    assert mixed.check(the_site, reply, send) is None
    method, path, data, cookies, headers = sent[0]
    assert data == {"csrfmiddlewaretoken": the_site.members[4].csrf, "body": "Reply check."}
    assert cookies["sessionid"] == "session4"
    assert headers == {"X-Forwarded-For": "10.100.0.4"}


def test_check_refuses_a_write_sent_to_the_log_in_page_and_a_read_that_is_not_200():
    the_site = site()
    react = mixed.Request("react", "/p/1/react/", "POST", 1, {"kind": "helped"})
    send, _ = answering(302, "/accounts/login/?next=/p/1/react/")
    assert "react answers 302" in mixed.check(the_site, react, send)
    send, _ = answering(302, "/accounts/login/?next=/notifications/")
    notifications = mixed.Request("notifications", "/notifications/", member=2)
    assert mixed.check(the_site, notifications, send) == (
        "notifications answers 302 to a member (/notifications/)"
    )
    send, _ = answering(404)
    visitor = mixed.Request("profile", "/u/member00001/", address="10.200.0.9")
    assert "to a visitor" in mixed.check(the_site, visitor, send)
