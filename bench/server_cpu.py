"""What each page's queries cost the database server's own process: the page's queries,
captured from one request through Django's test client (page cache off), replayed N times on
one connection, with the server backend's CPU time read from /proc before and after.

A host whose load moves wall times by a third does not move this: it counts the server's
parsing, planning and execution of the very statements a page sends, and nothing else
(docs/cold-renders.md, round 28). PostgreSQL on this machine only: the backend must be a
local process. On SQLite (in this process) it prints the client's side alone.

    DATABASE_URL=postgres://… DEBUG=0 SECRET_KEY=… \\
        DJANGO_SETTINGS_MODULE=tests.scale.server_settings \\
        python -m bench.server_cpu home:anon thread_first:member [-n 300]
"""

import argparse
import os
import time
from pathlib import Path

from bench.cold_renders import urls
from bench.profile_page import client_for


def cpu_seconds(pid: int) -> float:
    """User and system CPU seconds a local process has used, from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def page_queries(client, url: str) -> list[tuple[str, object]]:
    """The (sql, params) one request of the page sends, after two to warm it."""
    from django.db import connection

    client.get(url)
    client.get(url)
    seen = []

    def capture(execute, sql, params, many, context):
        seen.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        client.get(url)
    return seen


def replay(queries, n: int) -> dict:
    """Milliseconds per page over n replays: the server's CPU (None unless PostgreSQL),
    this process's CPU, and the wall clock."""
    from django.db import connection

    with connection.cursor() as cursor:
        backend = None
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
        server, client, wall = (
            cpu_seconds(backend) if backend else 0.0,
            time.process_time(),
            time.perf_counter(),
        )
        for _ in range(n):
            for sql, params in queries:
                cursor.execute(sql, params)
                if cursor.description:
                    cursor.fetchall()
        per_page = 1000 / n
        return {
            "server_ms": (cpu_seconds(backend) - server) * per_page if backend else None,
            "client_ms": (time.process_time() - client) * per_page,
            "wall_ms": (time.perf_counter() - wall) * per_page,
        }


def main() -> None:
    os.environ["HOLDFAST_PAGE_CACHE_SECONDS"] = "0"
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="+", metavar="PAGE:USER", help="e.g. home:anon")
    parser.add_argument("-n", type=int, default=300, help="replays of each page's queries")
    args = parser.parse_args()
    import django

    django.setup()
    found = urls()
    for spec in args.pages:
        page, user = spec.split(":")
        queries = page_queries(client_for(user), found[page])
        costs = replay(queries, args.n)
        server = "n/a" if costs["server_ms"] is None else f"{costs['server_ms']:5.2f} ms"
        print(
            f"{page:13} {user:7} {len(queries):2} queries  server CPU {server}  "
            f"client CPU {costs['client_ms']:5.2f} ms  wall {costs['wall_ms']:5.2f} ms per page"
        )


if __name__ == "__main__":
    main()
