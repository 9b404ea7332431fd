"""bench.server_cpu: the CPU a process has used, and a page's queries captured and replayed."""

import os
import time

from django.db import connection

from bench import server_cpu
from tests import factories


def test_cpu_seconds_reads_a_processs_own_time_and_grows_with_work():
    before = server_cpu.cpu_seconds(os.getpid())
    deadline = time.process_time() + 0.05
    while time.process_time() < deadline:
        pass
    # Whole clock ticks of 0.01 s, as floats: 269.99 + 0.04 is 270.03000000000003.
    assert round(server_cpu.cpu_seconds(os.getpid()) - before, 2) >= 0.04


def test_a_pages_queries_are_captured_and_replayed(db, client, member, settings):
    settings.HOLDFAST_PAGE_CACHE_SECONDS = 0  # as main() sets it: every request renders
    factories.make_thread(author=member, title="Captured")
    queries = server_cpu.page_queries(client, "/")
    assert queries and all(isinstance(sql, str) for sql, _ in queries)
    assert any("forum_thread" in sql for sql, _ in queries)
    costs = server_cpu.replay(queries, 3)
    assert costs["client_ms"] > 0 and costs["wall_ms"] > 0
    if connection.vendor == "postgresql":  # the server is a local process of this machine
        assert costs["server_ms"] >= 0
    else:
        assert costs["server_ms"] is None
