"""Running the mixed workload (bench/mixed.py) against real servers, for bench/run.py and
bench/soak.py: signing the members in, writing wrk's scripts, checking each kind answers,
measuring next to the floor, reading what the server counted."""

import json

from bench import mixed, mixed_counts
from bench.mixed_lua import lua_script
from bench.wrk import wrk
from tests.scale.servers import AppServer, Browser, ScaleDatabase

# Each database's run: its floor, server errors and each page kind's timings, for
# bench/mixed_detail.json (bench/run.py writes it).
MIXED_DETAIL: dict = {}

SITE_SCRIPT = """
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

from accounts.models import User
from forum.models import Category, Status, Thread

usernames = list(User.objects.order_by("pk").values_list("username", flat=True))
# Every other member has a streak (bench/seed.py): the members who sign in are those.
readers = User.objects.filter(username__in=usernames[::2][:MEMBERS]).order_by("pk")
members = []
for user in readers:
    client = Client()
    client.force_login(user)  # Django's own log-in: a real session, in the session store
    members.append([user.username, client.cookies["sessionid"].value, _get_new_csrf_string()])
threads = [
    [thread.get_absolute_url(), thread.pk, thread.last_post_number, thread.last_post_id]
    for thread in Thread.objects.filter(status=Status.PUBLISHED, last_post__isnull=False).only(
        "pk", "slug", "last_post_number", "last_post_id"
    )
]
categories = [category.get_absolute_url() for category in Category.objects.all()]
result = {"usernames": usernames, "members": members, "threads": threads, "categories": categories}
"""


def load_site(database: ScaleDatabase, env: dict) -> mixed.Site:
    """Sign the members in (sessions in the site's own store: env has its Redis) and read
    what the workload picks from."""
    found = database.run_script(SITE_SCRIPT.replace("MEMBERS", str(mixed.MEMBERS)), **env)
    return site_from(found)


def site_from(found: dict) -> mixed.Site:
    return mixed.Site(
        threads=[mixed.Thread(path, pk, posts, last) for path, pk, posts, last in found["threads"]],
        categories=found["categories"],
        usernames=found["usernames"],
        members=[
            mixed.Member(name, session, csrf, f"10.100.{n // 256}.{n % 256}")
            for n, (name, session, csrf) in enumerate(found["members"])
        ],
    )


def write_scripts(
    site: mixed.Site, directory, *, rate_per_connection: float = 0
) -> tuple[str, str]:
    """The measured run's Lua script and the warm-up's, written into `directory`."""
    requests = mixed.plan(site)
    paths = []
    for warmup in (False, True):
        path = directory / f"mixed{'-warmup' if warmup else ''}.lua"
        path.write_text(
            lua_script(site, requests, rate_per_connection=rate_per_connection, warmup=warmup)
        )
        paths.append(str(path))
    return paths[0], paths[1]


def read_counts(directory) -> list[dict]:
    return [json.loads(path.read_text()) for path in sorted(directory.glob("*.json"))]


def run_mixed(kind: str, database: ScaleDatabase, env: dict, *, seconds: int, warmup: int) -> dict:
    """The mixed workload (bench/mixed.py) on its own servers: the site under
    bench.counted_wsgi, behind a pretend proxy (each member's own address), and the floor
    measured just before it. Returns the results.json row; the per-kind detail goes to
    bench/mixed_detail.json."""
    from bench.run import log, start_server  # run.py imports this module

    log(f"  mixed workload: signing in {mixed.MEMBERS:,} members")
    site_data = load_site(database, env)
    counts = database.directory / f"counts-{kind}"
    counts.mkdir(exist_ok=True)
    script, warmup_script = write_scripts(site_data, database.directory)
    site = start_server(
        database,
        app="bench.counted_wsgi:application",
        BENCH_COUNTS_DIR=str(counts),
        TRUSTED_PROXY_COUNT="1",
        **env,
    )
    floor = start_server(database, DJANGO_SETTINGS_MODULE="bench.floor_settings")
    try:
        check_mixed(site, site_data, log)
        wrk(floor.port, "/", seconds=warmup)
        floor_run = wrk(floor.port, "/", seconds=seconds)
        wrk(site.port, "/", seconds=warmup, script=warmup_script)
        measured = wrk(site.port, "/", seconds=seconds, script=script)
    finally:
        site_log = site.stop()
        floor.stop()
    server_errors = site_log.count("Traceback") + site_log.count("database is locked")
    summary = mixed_counts.summarise(read_counts(counts))
    row = mixed_counts.result_row(kind, measured, floor_run["rps"], summary, server_errors)
    detail = {"db": kind, "floor_rps": floor_run["rps"], "server_errors_logged": server_errors}
    MIXED_DETAIL.setdefault("runs", []).append(detail | {"seconds": seconds} | summary)
    log(
        f"  mixed: {row['rps']:.1f} rps, {row['ratio_to_floor']:.0%} of floor "
        f"({floor_run['rps']:.0f} rps), "
        f"p99 {row['p99_ms']} ms, hit ratio {row['hit_ratio']}, {row['errors']} errors"
    )
    log(mixed_counts.kinds_table(summary))
    return row


def check_mixed(site: AppServer, site_data: mixed.Site, log) -> None:
    """One request of each kind, as a member and as a visitor, before measuring: a session
    that does not sign in or a form that refuses would otherwise be measured as a fast page."""

    def send(method, path, data, cookies, headers):
        browser = Browser(port=site.port, cookies=cookies)
        response = browser.request(method, path, data, headers)
        browser.close()
        return response.status, response.location

    problems = [
        problem
        for request in mixed.samples(mixed.plan(site_data))
        if (problem := mixed.check(site_data, request, send))
    ]
    if problems:
        raise RuntimeError(
            "the mixed workload's pages do not answer as they should:\n  " + "\n  ".join(problems)
        )
    log("  checked: every kind answers a member and a visitor as it should")
