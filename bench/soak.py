"""`make soak`: the mixed workload (bench/mixed.py) at a steady rate for 30 minutes, printing
each minute the throughput, p50/p99 (as wrk saw them), errors and each gunicorn worker's
memory, and at the end the drift: does memory grow, does p99 creep up, did anything fail?

    make soak                                   # SQLite, 30 minutes at 30 requests/s
    BENCH_SOAK_MINUTES=5 BENCH_SOAK_RPS=100 make soak
    scripts/pg-server .venv/bin/python -m bench.soak   # on PostgreSQL

The same servers as `make bench` (a fresh seeded database, Redis, the site under gunicorn
with bench.counted_wsgi), one wrk run per minute so each minute has its own percentiles.
The rate is steady, not flat out: wrk's delay() spaces each connection's requests, so a
slower site shows up as a higher p99, not as a different load. A full seed unless
BENCH_QUICK=1.

Verdict: memory per worker flat (the last minute within SOAK_MEMORY_GROWTH of the first
after warm-up), no error, p99 drift (the median p99 of the last five minutes over that of
the first five) under SOAK_P99_DRIFT.
"""

import os
import shutil
import statistics
import sys
from pathlib import Path

from bench import mixed_counts, mixed_run
from bench.run import SITE_ENV, WORKERS, collect_static, log, seed, start_server
from bench.wrk import CONNECTIONS, wrk
from tests.scale.servers import RedisServer, ScaleDatabase

MINUTES = int(os.environ.get("BENCH_SOAK_MINUTES", "30"))
# Well under what the mixed workload reaches flat out on the 2-core machine (bench/RESULTS.md):
# a steady load, so that a slower site shows as a higher p99, not as a lower rate.
RATE = float(os.environ.get("BENCH_SOAK_RPS", "30"))
MINUTE_SECONDS = int(os.environ.get("BENCH_SOAK_MINUTE_SECONDS", "60"))  # shorter to try it
SOAK_MEMORY_GROWTH = 1.10
SOAK_P99_DRIFT = 1.5


def rss_mb(status: str) -> float:
    """A process's resident memory in MB, from the text of /proc/<pid>/status."""
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    raise ValueError("no VmRSS line")


def worker_memory(master_pid: int) -> dict[int, float]:
    """Each gunicorn worker's (the master's children) resident memory in MB."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    found = {}
    for pid in map(int, children):
        try:
            found[pid] = rss_mb(Path(f"/proc/{pid}/status").read_text())
        except FileNotFoundError:  # a worker that gunicorn just replaced
            continue
    return found


def verdict(minutes: list[dict]) -> list[str]:
    """What the soak's minutes miss, in words: errors, memory growth per worker (first minute
    to last, same worker), p99 drift (median of the last five minutes over the first five)."""
    found = []
    errors = sum(minute["errors"] for minute in minutes)
    if errors:
        found.append(f"{errors} errors")
    first, last = minutes[0]["memory"], minutes[-1]["memory"]
    for pid in sorted(first):
        if pid not in last:
            found.append(f"worker {pid} was replaced (a crash or a timeout)")
        elif last[pid] > first[pid] * SOAK_MEMORY_GROWTH:
            found.append(f"worker {pid} grew from {first[pid]} MB to {last[pid]} MB")
    drift = p99_drift(minutes)
    if drift is None or drift >= SOAK_P99_DRIFT:
        found.append(f"p99 drift {drift} >= {SOAK_P99_DRIFT}")
    return found


def p99_drift(minutes: list[dict]) -> float | None:
    window = max(1, min(5, len(minutes) // 2))
    early = [m["p99_ms"] for m in minutes[:window] if m["p99_ms"] is not None]
    late = [m["p99_ms"] for m in minutes[-window:] if m["p99_ms"] is not None]
    if not early or not late:
        return None
    return round(statistics.median(late) / statistics.median(early), 2)


def main():
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: scripts/system-deps wrk (make soak does it)")
    collect_static()  # the site runs with DEBUG off: its static files must be collected
    database = ScaleDatabase.create()
    redis = RedisServer.start()
    site = None
    try:
        env = {**SITE_ENV, "REDIS_URL": redis.url}
        seed(database, env)
        site_data = mixed_run.load_site(database, env)
        counts = database.directory / "counts"
        counts.mkdir()
        script, warmup_script = mixed_run.write_scripts(
            site_data, database.directory, rate_per_connection=RATE / CONNECTIONS
        )
        site = start_server(
            database,
            app="bench.counted_wsgi:application",
            BENCH_COUNTS_DIR=str(counts),
            TRUSTED_PROXY_COUNT="1",
            **env,
        )
        log(f"soak: {MINUTES} x {MINUTE_SECONDS} s at {RATE:.0f} requests/s, {WORKERS} workers")
        wrk(site.port, "/", seconds=min(30, MINUTE_SECONDS), script=warmup_script)
        minutes = []
        for n in range(1, MINUTES + 1):
            run = wrk(site.port, "/", seconds=MINUTE_SECONDS, script=script)
            memory = worker_memory(site.process.pid)
            minutes.append(run | {"memory": memory})
            rss = " ".join(f"{mb:.0f}" for _, mb in sorted(memory.items()))
            log(
                f"  minute {n:>2}: {run['rps']:>7.1f} rps  p50 {run['p50_ms']} ms  "
                f"p99 {run['p99_ms']} ms  errors {run['errors']}  worker MB {rss}"
            )
        site_log = site.stop()
        site = None
        summary = mixed_counts.summarise(mixed_run.read_counts(counts))
        log(f"hit ratio {summary['hit_ratio']}; p99 drift {p99_drift(minutes)}")
        log(mixed_counts.kinds_table(summary))
        missed = verdict(minutes)
        tracebacks = site_log.count("Traceback")
        if tracebacks:
            missed.append(f"{tracebacks} tracebacks in the server log")
        log("Soak held." if not missed else "Missed:\n  " + "\n  ".join(missed))
        sys.exit(1 if missed else 0)
    finally:
        if site is not None:
            site.stop()
        redis.stop()
        database.destroy()


if __name__ == "__main__":
    main()
