"""Where a page's time goes: time (and optionally cProfile) pages in one process, through
Django's test client, against an already seeded benchmark database.

    # once: a bench-size database (about 35 s)
    DATABASE_URL=sqlite:////tmp/perf.sqlite3 python manage.py migrate
    DATABASE_URL=sqlite:////tmp/perf.sqlite3 python -m bench.seed

    # then, as often as needed (DEBUG off, like the benchmark's servers)
    DATABASE_URL=sqlite:////tmp/perf.sqlite3 DEBUG=0 SECRET_KEY=... SECURE_SSL_REDIRECT=0 \\
        DJANGO_SETTINGS_MODULE=tests.scale.server_settings \\
        python -m bench.profile_page --pages thread_last home --user member -n 200
    python -m bench.profile_page --pages thread_last --profile 25   # the 25 costliest calls

For each page it prints the mean and p50/p99 milliseconds of `-n` requests after a few
warm-up ones, the median CPU time of a request (this thread's own: steadier than the wall
clock when other processes share the machine), and the queries of one request with their
time (`--sql` prints them). The member is the seed's first member, signed in through a
real session (force_login), so the session and authentication middleware run as they do
under gunicorn.
"""

import argparse
import cProfile
import io
import pstats
import statistics
import time

PAGES = {
    "home": "/",
    "category": "/c/category-0/",
    "thread_first": "/t/{thread}/thread-{thread_minus_one}-holding-on-one-day-at-a-time/",
    "thread_last": "/t/{thread}/thread-{thread_minus_one}-holding-on-one-day-at-a-time/?page=last",
    "search": "/search/?q=lighthouse",
    "notifications": "/notifications/",
}


def urls() -> dict:
    from forum.models import Category, Thread

    big = Thread.objects.order_by("-reply_count").first()
    busiest = Category.objects.order_by("-thread_count").first()
    found = {
        name: url.format(thread=big.pk, thread_minus_one=big.pk - 1) for name, url in PAGES.items()
    }
    found["thread_first"] = big.get_absolute_url()
    found["thread_last"] = f"{big.get_absolute_url()}?page={big.page_count}"
    found["category"] = busiest.get_absolute_url()
    return found


def client_for(user: str):
    from django.test import Client

    from accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    if user == "member":
        client.force_login(User.objects.order_by("pk").first())
    return client


def time_page(client, url: str, n: int) -> list[float]:
    for _ in range(5):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    timings, cpu = [], []
    for _ in range(n):
        started, started_cpu = time.perf_counter(), time.thread_time()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - started_cpu) * 1000)
    return timings, cpu


def queries_of(client, url: str, show: bool) -> tuple[int, float]:
    """The queries of one request, each timed with perf_counter (Django's own timing of
    captured queries is rounded to the millisecond)."""
    from django.db import connection

    timed = []

    def timer(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timed.append(((time.perf_counter() - started) * 1000, sql, params))

    with connection.execute_wrapper(timer):
        client.get(url)
    if show:
        for ms, sql, params in timed:
            print(f"    {ms:7.2f} ms  {' '.join(sql.split())[:240]}  {str(params)[:80]}")
    return len(timed), sum(ms for ms, _, _ in timed)


def main():
    import django

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", nargs="+", default=list(PAGES), choices=list(PAGES))
    parser.add_argument("--user", choices=["member", "anon"], default="member")
    parser.add_argument("-n", type=int, default=100, help="timed requests per page")
    parser.add_argument("--profile", type=int, metavar="ROWS", help="cProfile, print ROWS rows")
    parser.add_argument("--sql", action="store_true", help="print each query of one request")
    parser.add_argument(
        "--page-cache",
        action="store_true",
        help="keep the visitors' page cache on for --user anon (a hit)",
    )
    args = parser.parse_args()
    django.setup()
    from django.conf import settings

    if args.user == "anon" and not args.page_cache:
        # The visitors' page cache would answer an anonymous page without rendering it.
        settings.HOLDFAST_PAGE_CACHE_SECONDS = 0
    client = client_for(args.user)
    found = urls()
    for page in args.pages:
        url = found[page]
        timings, cpu = time_page(client, url, args.n)
        count, sql_ms = queries_of(client, url, args.sql)
        timings.sort()
        print(
            f"{page:<14}{args.user:<8} mean {statistics.fmean(timings):6.2f} ms  "
            f"p50 {timings[len(timings) // 2]:6.2f}  p99 {timings[int(len(timings) * 0.99)]:6.2f}  "
            f"CPU {statistics.median(cpu):6.2f}  {count} queries {sql_ms:.2f} ms  {url}"
        )
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.n):
                client.get(url)
            profiler.disable()
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
            stats.print_stats(args.profile)
            print(out.getvalue())
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(args.profile)
            print(out.getvalue())


if __name__ == "__main__":
    main()
