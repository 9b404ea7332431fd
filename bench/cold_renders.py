"""Cold renders: how long each page takes to draw with the page cache off, in one process,
through Django's test client, against an already seeded benchmark database.

    # once: a bench-size database (about 1 min)
    DATABASE_URL=sqlite:////tmp/cold.sqlite3 DEBUG=1 python manage.py migrate
    DATABASE_URL=sqlite:////tmp/cold.sqlite3 DEBUG=1 python -m bench.seed

    # then (DEBUG off, like the benchmark's servers)
    DATABASE_URL=sqlite:////tmp/cold.sqlite3 DEBUG=0 SECRET_KEY=... SECURE_SSL_REDIRECT=0 \\
        DJANGO_SETTINGS_MODULE=tests.scale.server_settings \\
        python -m bench.cold_renders -n 60 [--fragments cold] [--json out.json]

`HOLDFAST_PAGE_CACHE_SECONDS` is set to 0 here, whatever the environment says: every
request renders its page (the `cold` column of bench/RESULTS.md). The fragments (posts,
thread rows, search hits: pagecache/fragments.py) stay as the benchmark's servers have them:
warm after the first render. `--fragments cold` empties the cache before every request, so
every post is drawn from its partial too — the first view of a thread nobody has read since
a deploy.

Pages are taken in rounds (each page once per round, anonymous and signed in) so that a
burst of load from another process on the machine falls on every page alike. It prints, per
page and user, the median wall-clock and the median CPU milliseconds (this thread's own
time: steadier than the wall clock on a shared machine) and the queries of one request.
Compare two versions by running this twice back to back on the same database.
"""

import argparse
import collections
import contextlib
import gc
import json
import statistics
import time

from bench.profile_page import client_for
from config import startup

PAGES = ("home", "category", "thread_first", "thread_last", "profile", "search")
USERS = ("anon", "member")


def urls() -> dict:
    from accounts.models import User
    from forum.models import Category, Thread

    big = Thread.objects.order_by("-reply_count").first()
    busiest = Category.objects.order_by("-thread_count").first()
    member = User.objects.order_by("pk").first()
    return {
        "home": "/",
        "category": busiest.get_absolute_url(),
        "thread_first": big.get_absolute_url(),
        "thread_last": f"{big.get_absolute_url()}?page={big.page_count}",
        "profile": f"/u/{member.username}/",
        "search": "/search/?q=lighthouse",
    }


def count_queries(client, url: str) -> int:
    from django.db import connection

    seen = []

    def counter(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        client.get(url)
    return len(seen)


def empty_caches() -> None:
    """The shared cache and the fragments this process keeps (pagecache.fragments)."""
    from django.core.cache import cache

    from pagecache import fragments

    cache.clear()
    fragments.forget_kept()


class CollectorClock:
    """The time Python's cycle collector took while it was on (gc.callbacks), by generation:
    a full collection (generation 2) scans every tracked object, and pauses every request."""

    def __init__(self):
        self.spent = collections.Counter()
        self.runs = collections.Counter()
        self._started = 0.0

    def __call__(self, phase, info):
        if phase == "start":
            self._started = time.perf_counter()
            return
        self.spent[info["generation"]] += time.perf_counter() - self._started
        self.runs[info["generation"]] += 1

    def __enter__(self):
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc):
        gc.callbacks.remove(self)

    def summary(self, requests: int) -> str:
        full = self.spent[2] / self.runs[2] * 1000 if self.runs[2] else 0.0
        return (
            f"cycle collector: {sum(self.spent.values()) / requests * 1000:.2f} ms a request; "
            f"{self.runs[0]}, {self.runs[1]} and {self.runs[2]} collections of generations "
            f"0, 1 and 2; a full one {full:.0f} ms"
        )


def warm_up(pages, users) -> tuple[dict, dict, list]:
    """A client per user, each page's URL, and the (page, user) runs, each requested three
    times: imports, template loading, kept queries, connections, fragments."""
    clients = {user: client_for(user) for user in users}
    found = urls()
    runs = [(page, user) for page in pages for user in users]
    for page, user in runs:
        for _ in range(3):
            response = clients[user].get(found[page])
            assert response.status_code == 200, (page, user, response.status_code)
    return clients, found, runs


def measure(pages, users, n: int, cold_fragments: bool, clock=None, frozen=True) -> list[dict]:
    clients, found, runs = warm_up(pages, users)
    if frozen:
        startup.settle()  # as the app servers do (config.wsgi)
    wall = {run: [] for run in runs}
    cpu = {run: [] for run in runs}
    with clock or contextlib.nullcontext():
        for _ in range(n):
            for page, user in runs:
                if cold_fragments:
                    empty_caches()
                started, started_cpu = time.perf_counter(), time.thread_time()
                clients[user].get(found[page])
                wall[(page, user)].append((time.perf_counter() - started) * 1000)
                cpu[(page, user)].append((time.thread_time() - started_cpu) * 1000)
    return [
        {
            "page": page,
            "user": user,
            "url": found[page],
            "p50_ms": round(statistics.median(wall[(page, user)]), 2),
            "cpu_p50_ms": round(statistics.median(cpu[(page, user)]), 2),
            "queries": count_queries(clients[user], found[page]),
        }
        for page, user in runs
    ]


def profile(pages, users, n: int, rows: int, cold_fragments: bool) -> None:
    """Where the time of each page goes: cProfile over `n` renders, by own time and by
    cumulative time."""
    import cProfile
    import io
    import pstats

    found = urls()
    for page in pages:
        for user in users:
            client = client_for(user)
            client.get(found[page])
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(n):
                if cold_fragments:
                    empty_caches()
                client.get(found[page])
            profiler.disable()
            for order in ("tottime", "cumulative"):
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(rows)
                print(f"=== {page} {user} by {order}", out.getvalue(), sep="\n")


def main():
    import django

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", nargs="+", default=list(PAGES), choices=PAGES)
    parser.add_argument("--users", nargs="+", default=list(USERS), choices=USERS)
    parser.add_argument("-n", type=int, default=50, help="renders per page and user")
    parser.add_argument("--fragments", choices=["warm", "cold"], default="warm")
    parser.add_argument("--json", help="also write the rows to this file")
    parser.add_argument("--profile", type=int, metavar="ROWS", help="cProfile each page instead")
    parser.add_argument(
        "--unfrozen", action="store_true", help="skip config.startup.settle() (before round 29)"
    )
    args = parser.parse_args()
    django.setup()
    from django.conf import settings

    settings.HOLDFAST_PAGE_CACHE_SECONDS = 0
    if args.profile:
        profile(args.pages, args.users, args.n, args.profile, args.fragments == "cold")
        return
    clock = CollectorClock()
    rows = measure(
        args.pages, args.users, args.n, args.fragments == "cold", clock, not args.unfrozen
    )
    print(f"page cache off, fragments {args.fragments}, {args.n} renders each (medians)")
    for row in rows:
        print(
            f"{row['page']:<14}{row['user']:<8} p50 {row['p50_ms']:7.2f} ms  "
            f"CPU {row['cpu_p50_ms']:7.2f} ms  {row['queries']:>3} queries  {row['url']}"
        )
    print(clock.summary(len(rows) * args.n))
    if args.json:
        with open(args.json, "w") as out:
            json.dump({"fragments": args.fragments, "n": args.n, "rows": rows}, out, indent=1)


if __name__ == "__main__":
    main()
