"""`make bench`: seed a large community, serve it with gunicorn (DEBUG off) on SQLite and on
PostgreSQL, load every main page with wrk, and compare each with the floor.

    make bench                # the real run: full seed, 15 s per page after a 3 s warm-up
    BENCH_QUICK=1 make bench  # to try it: a tenth of the data, 3 s per page
    python -m bench --db sqlite   # one database only
    python -m bench --markdown    # the last results as a Markdown table
    BENCH_QUICK=1 python -m bench --db sqlite --mixed-only --seconds 20   # the mixed workload

A short run while working on some pages (writes bench/last_short_run.json, never
results.json); the floor is measured in the same run, so the ratio stays honest on a busy
machine. --keep-db seeds that SQLite file once and reuses it (and its seed summary) after:

    python -m bench --db sqlite --pages thread_last home --users member --seconds 5 \
        --keep-db /tmp/perf.sqlite3

gunicorn runs BENCH_WORKERS (3) worker processes of BENCH_THREADS (2) threads (gthread), the
site and the floor alike, each worker holding at most its share of wrk's kept-alive
connections (--worker-connections 6 for 16 connections and 3 workers). Without that cap
the workers' accept() race decides the run: one worker often took 15 of the 16
connections for the whole measurement and the same cached page measured 1,600 or 4,000
requests/s from one run to the next (seen with `ss -tnp`), which made every ratio a
coin toss.

For each database: a fresh migrated database (a SQLite file; a new database on a throwaway
PostgreSQL server started by scripts/pg-server), bench/seed.py, one Redis server (the cache,
sessions, rate limits and page-cache versions, as in production), the site under gunicorn
with config.settings, and the floor (bench/floor_settings.py) under the same gunicorn command.
wrk runs on the same machine, 16 connections, 2 threads: every page anonymous, and signed
in with a session cookie from a real log-in through the log-in form.

The floor is measured just before each page (both servers are up; the idle one costs
nothing), and each page's ratio is to that measurement: a shared machine's speed drifts
during a run (the same seed took 32 s in one run and 71 s in the next), and a floor measured
once, at the end, compared pages with a machine that was no longer there. The floor's own
row is the median of its measurements.

Each page is then measured again on a third gunicorn serving the same database with the page
cache off (HOLDFAST_PAGE_CACHE_SECONDS=0): the `cold` column, every request a render. After
the pages, the mixed workload (bench/mixed.py): many members and visitors, many pages, 2 %
writes, on its own servers.

Prints a table and writes bench/results.json: one row per page, user and database —
{"db", "page", "user", "rps", "p50_ms", "p99_ms", "queries", "ratio_to_floor", "errors",
"floor_rps", "cold_rps", "cold_p50_ms", "cold_p99_ms", "cold_errors", "cold_ratio_to_floor"}
(the floor measured next to that page) — and one per database for the mixed workload,
{"db", "page": "mixed", "user": "mixed", "rps", "p50_ms", "p99_ms", "errors", "hit_ratio",
"ratio_to_floor"}, whose per-kind detail goes to bench/mixed_detail.json.
"queries" is what the page costs when it is rendered (the visitors' page cache switched
off), counted in a separate process; a visitor's page served from the cache runs none.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.mixed_run import MIXED_DETAIL, run_mixed
from bench.report import markdown, misses, table
from bench.wrk import CONNECTIONS, wrk
from tests.scale.servers import AppServer, Browser, RedisServer, ScaleDatabase

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results.json"
SHORT_RESULTS = ROOT / "bench" / "last_short_run.json"
MIXED_RESULTS = ROOT / "bench" / "mixed_detail.json"
QUICK = os.environ.get("BENCH_QUICK") == "1"
DURATION = 3 if QUICK else 15
WARMUP = 1 if QUICK else 3
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
WORKER_CONNECTIONS = -(-CONNECTIONS // WORKERS)  # rounded up: every connection finds a worker
SITE_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "TASKS_BACKEND": "immediate",
}
TARGETS = (
    "anon HTML >= 50% of floor, signed in >= 10%, badge.svg >= 80%; p99 < 100/250 ms; "
    "cold: anon >= 10%, signed in >= 6%; mixed >= 25%, p99 < 150 ms; no errors"
)


def log(message: str) -> None:
    print(message, flush=True)


QUERIES = """
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

result = {}
for user, cookie in (("anon", None), ("member", SESSION)):
    client = Client(HTTP_HOST="127.0.0.1")
    if cookie:
        client.cookies["sessionid"] = cookie
    for page, url in PAGES.items():
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            status = client.get(url).status_code
        result[f"{page}:{user}"] = [status, len(captured)]
"""


def badge_url(member: str) -> str | None:
    """Where the streak badge lives (accounts:badge once the streak app has it)."""
    urls = (ROOT / "accounts" / "urls.py").read_text()
    return f"/u/{member}/badge.svg" if "badge.svg" in urls else None


def run_database(kind: str, options=None) -> list[dict]:
    """Every page, both users, DURATION seconds each — or, for a short run, what `options`
    (the command line) picks."""
    log(f"\n=== {kind} ===")
    keep = getattr(options, "keep_db", None)
    database = kept_database(keep) if keep else ScaleDatabase.create()
    redis = RedisServer.start()
    servers = []
    seconds = getattr(options, "seconds", None) or DURATION
    warmup = min(WARMUP, seconds)
    try:
        env = {**SITE_ENV, "REDIS_URL": redis.url}
        seeded = seed_once(database, env, keep) if keep else seed(database, env)
        member = seeded["member"]
        pages = {
            "home": "/",
            "category": seeded["category"],
            "thread_first": seeded["thread"],
            "thread_last": f"{seeded['thread']}?page={seeded['thread_pages']}",
            "profile": f"/u/{member}/",
            "search": "/search/?q=lighthouse",
        }
        if badge := badge_url(member):
            pages["badge.svg"] = badge
        if getattr(options, "pages", None):
            pages = {page: path for page, path in pages.items() if page in options.pages}
        users = getattr(options, "users", None) or ["anon", "member"]
        if getattr(options, "mixed_only", False):
            return [run_mixed(kind, database, env, seconds=seconds, warmup=warmup)]
        site = start_server(database, **env)
        cold = start_server(database, **env, HOLDFAST_PAGE_CACHE_SECONDS="0")
        floor = start_server(database, DJANGO_SETTINGS_MODULE="bench.floor_settings")
        servers += [site, cold, floor]
        session = log_in(site, member, seeded["password"])
        pages = check_pages(site, pages, session)
        queries = database.run_script(
            QUERIES.replace("SESSION", repr(session)).replace("PAGES", repr(pages)),
            HOLDFAST_PAGE_CACHE_SECONDS="0",
            **env,
        )
        rows, floors = [], []
        for page, path in pages.items():
            # The floor just before each page: both are measured on the machine as it is then.
            wrk(floor.port, "/", seconds=warmup)
            floors.append(wrk(floor.port, "/", seconds=seconds))
            log(f"  {'(floor)':<13} {'anon':<7} {floors[-1]['rps']:>8.1f} rps")
            for user in users:
                cookie = f"sessionid={session}" if user == "member" else None
                wrk(site.port, path, seconds=warmup, cookie=cookie)
                measured = wrk(site.port, path, seconds=seconds, cookie=cookie)
                # The same page from the same database with the page cache off: every request
                # a render (the `cold` column; no warm-up, there is nothing to warm).
                cold_run = wrk(cold.port, path, seconds=seconds, cookie=cookie)
                rows.append(
                    {"db": kind, "page": page, "user": user, **measured}
                    | {"queries": queries[f"{page}:{user}"][1], "floor_rps": floors[-1]["rps"]}
                    | {f"cold_{key}": cold_run[key] for key in ("rps", "p50_ms", "p99_ms")}
                    | {"cold_errors": cold_run["errors"]}
                )
                log(
                    f"  {page:<13} {user:<7} {measured['rps']:>8.1f} rps"
                    f"  (cold {cold_run['rps']:.1f} rps)"
                )
        site_log = site.stop() + cold.stop()
        floor.stop()
        median = sorted(floors, key=lambda run: run["rps"])[len(floors) // 2]
        rows.append(
            {"db": kind, "page": "floor", "user": "anon", **median}
            | {"queries": 0, "floor_rps": median["rps"]}
        )
        for row in rows:
            row["ratio_to_floor"] = round(row["rps"] / row["floor_rps"], 3)
            if "cold_rps" in row:
                row["cold_ratio_to_floor"] = round(row["cold_rps"] / row["floor_rps"], 3)
        rows[-1]["cold_ratio_to_floor"] = 1.0  # the floor has no cache to switch off
        locked = site_log.count("database is locked")
        tracebacks = site_log.count("Traceback")
        log(f"  server log: {locked} 'database is locked', {tracebacks} tracebacks")
        for row in rows:
            row["seed_seconds"] = seeded["seed_seconds"]
            row["server_errors_logged"] = locked + tracebacks
        if not getattr(options, "pages", None):
            rows.append(run_mixed(kind, database, env, seconds=seconds, warmup=warmup))
        return rows
    finally:
        for server in servers:
            server.stop()
        redis.stop()
        if not keep:
            database.destroy()


def start_server(database: ScaleDatabase, app: str = "config.wsgi:application", **env) -> AppServer:
    """The site or the floor, under the same gunicorn command."""
    return AppServer.start(
        database,
        app=app,
        workers=WORKERS,
        threads=THREADS,
        worker_connections=WORKER_CONNECTIONS,
        **env,
    )


def seed(database: ScaleDatabase, env: dict) -> dict:
    started = time.perf_counter()
    command = [sys.executable, "-m", "bench.seed", *(["--quick"] if QUICK else [])]
    out = subprocess.run(command, cwd=ROOT, env=database.env(**env), capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(out.stdout + out.stderr)
    seeded = json.loads(out.stdout.strip().splitlines()[-1])
    log(
        f"  seeded {seeded['members']:,} members, {seeded['threads']:,} threads, "
        f"{seeded['posts']:,} posts, {seeded['streaks']:,} streaks in "
        f"{seeded['seed_seconds']} s (process {time.perf_counter() - started:.1f} s)"
    )
    return seeded


def kept_database(path: str) -> ScaleDatabase:
    """The SQLite file at `path`, migrated (created if missing); not destroyed after the run."""
    database = ScaleDatabase(
        url=f"sqlite:///{Path(path).resolve()}",
        directory=Path(tempfile.mkdtemp(prefix="holdfast-bench-")),
    )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=database.env(),
        check=True,
    )
    return database


def seed_once(database: ScaleDatabase, env: dict, path: str) -> dict:
    """Seed a kept database the first time only; its seed summary is kept beside it."""
    summary = Path(f"{path}.seed.json")
    if summary.exists():
        log(f"  reusing {path} (seeded before)")
        return json.loads(summary.read_text())
    seeded = seed(database, env)
    summary.write_text(json.dumps(seeded))
    return seeded


def log_in(site: AppServer, username: str, password: str) -> str:
    browser = site.client()
    response = browser.post_form("/accounts/login/", {"login": username, "password": password})
    if response.status != 302 or "sessionid" not in browser.cookies:
        raise RuntimeError(f"log-in failed ({response.status}): {response.body[:500]}")
    return browser.cookies["sessionid"]


def check_pages(site: AppServer, pages: dict, session: str) -> dict:
    """The pages that answer 200 to both users (a redirect to the log-in page would otherwise
    be benchmarked as a fast page); the others are reported and left out."""
    working = dict(pages)
    for user, cookies in (("anon", {}), ("member", {"sessionid": session})):
        browser = Browser(port=site.port, cookies=dict(cookies))
        for page, path in pages.items():
            status = browser.get(path).status
            if status != 200 and page in working:
                log(f"  LEFT OUT: {page} answers {status} to {user} ({path})")
                del working[page]
        browser.close()
    return working


def collect_static() -> None:
    env = {**os.environ, **SITE_ENV, "DEBUG": "0", "SECRET_KEY": "bench-collectstatic-only"}
    env.setdefault("EMAIL_URL", "locmem://")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql"])
    parser.add_argument("--rows", help="write this database's rows here (used internally)")
    parser.add_argument(
        "--markdown", action="store_true", help="print bench/results.json as a Markdown table"
    )
    short = parser.add_argument_group(
        "a short run (with --db; writes bench/last_short_run.json, not results.json)"
    )
    short.add_argument("--pages", nargs="+", metavar="PAGE", help="e.g. home thread_last")
    short.add_argument("--users", nargs="+", choices=["anon", "member"])
    short.add_argument("--seconds", type=int, help=f"per page (default {DURATION})")
    short.add_argument("--keep-db", metavar="PATH", help="a SQLite file seeded once, reused")
    short.add_argument("--mixed-only", action="store_true", help="the mixed workload alone")
    args = parser.parse_args()
    is_short = bool(args.pages or args.users or args.seconds or args.keep_db or args.mixed_only)
    if is_short and not args.db:
        sys.exit("a short run (--pages, --users, --seconds, --keep-db, --mixed-only) needs --db")
    if args.keep_db and args.db != "sqlite":
        sys.exit("--keep-db keeps a SQLite file: use it with --db sqlite")
    if args.markdown:
        print(markdown(json.loads(RESULTS.read_text())))
        return
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: scripts/system-deps wrk (make bench does it)")
    if args.db == "postgresql" and not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("--db postgresql runs under scripts/pg-server (make bench does it)")
    if not args.rows:
        collect_static()
    if args.db:
        rows = run_database(args.db, args)
        if args.rows:
            Path(args.rows).write_text(json.dumps(rows))
            Path(f"{args.rows}.mixed").write_text(json.dumps(MIXED_DETAIL))
            return
    else:
        rows = run_database("sqlite")
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            subprocess.run(
                [
                    "scripts/pg-server",
                    sys.executable,
                    "-m",
                    "bench",
                    "--db",
                    "postgresql",
                    "--rows",
                    out.name,
                ],
                cwd=ROOT,
                check=True,
            )
            rows += json.loads(Path(out.name).read_text())
            runs = json.loads(Path(f"{out.name}.mixed").read_text()).get("runs", [])
            MIXED_DETAIL.setdefault("runs", []).extend(runs)
            Path(f"{out.name}.mixed").unlink()
    log("\n" + table(rows))
    log(f"\nTargets: {TARGETS}")
    missed = misses(rows)
    log("All targets met." if not missed else "Missed:\n  " + "\n  ".join(missed))
    if is_short:
        SHORT_RESULTS.write_text(json.dumps(rows, indent=2) + "\n")
        log(f"Wrote {SHORT_RESULTS.relative_to(ROOT)} (a short run)")
    elif not args.rows:
        RESULTS.write_text(json.dumps(rows, indent=2) + "\n")
        MIXED_RESULTS.write_text(json.dumps(MIXED_DETAIL, indent=2) + "\n")
        log(f"Wrote {RESULTS.relative_to(ROOT)} ({'quick' if QUICK else 'full'} run)")


if __name__ == "__main__":
    main()
