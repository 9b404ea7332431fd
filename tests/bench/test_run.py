"""Specification of the benchmark's own logic (bench/run.py): reading wrk's report, judging
rows against the targets. The benchmark itself runs with `make bench`, not in the suite."""

from bench import report, run, wrk

WRK_OUTPUT = """Running 15s test @ http://127.0.0.1:40123/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     5.21ms    2.10ms  48.00ms   90.00%
    Req/Sec     1.55k   120.00     1.80k    70.00%
  Latency Distribution
     50%    4.80ms
     75%    6.10ms
     90%    7.90ms
     99%  112.50us
  46500 requests in 15.00s, 1.80GB read
  Non-2xx or 3xx responses: 3
  Socket errors: connect 0, read 1, write 0, timeout 2
Requests/sec:   3100.25
Transfer/sec:    122.88MB
"""


def test_parse_wrk_reads_throughput_percentiles_and_every_kind_of_error():
    assert wrk.parse_wrk(WRK_OUTPUT) == {
        "rps": 3100.2,
        "p50_ms": 4.8,
        "p99_ms": 0.11,
        "errors": 6,
    }


def test_parse_wrk_counts_no_errors_when_wrk_reports_none():
    clean = WRK_OUTPUT.replace("  Non-2xx or 3xx responses: 3\n", "").replace(
        "  Socket errors: connect 0, read 1, write 0, timeout 2\n", ""
    )
    assert wrk.parse_wrk(clean)["errors"] == 0


def row(page="home", user="anon", ratio=0.6, p99=20.0, errors=0):
    return {
        "db": "sqlite",
        "page": page,
        "user": user,
        "ratio_to_floor": ratio,
        "p99_ms": p99,
        "errors": errors,
        "server_errors_logged": 0,
    }


def test_misses_applies_each_pages_target():
    assert report.misses([row(), row(user="member", ratio=0.1, p99=249)]) == []
    assert report.misses([row(ratio=0.49)]) == ["sqlite home anon: 49% of floor < 50%"]
    assert report.misses([row(page="badge.svg", ratio=0.79)]) == [
        "sqlite badge.svg anon: 79% of floor < 80%"
    ]
    assert report.misses([row(p99=100.0)]) == ["sqlite home anon: p99 100.0 ms >= 100 ms"]
    assert report.misses([row(errors=2)]) == ["sqlite home anon: 2 errors"]
    assert report.misses([row(page="floor", ratio=0.0)]) == []


def test_main_refuses_a_short_run_without_a_database(monkeypatch, capsys):
    import pytest

    monkeypatch.setattr("sys.argv", ["bench", "--pages", "home", "--seconds", "5"])
    monkeypatch.setattr(run.shutil, "which", lambda name: "/usr/bin/wrk")
    with pytest.raises(SystemExit, match="needs --db"):
        run.main()


def test_main_keeps_only_a_sqlite_database(monkeypatch):
    import pytest

    monkeypatch.setattr("sys.argv", ["bench", "--db", "postgresql", "--keep-db", "/tmp/x"])
    monkeypatch.setattr(run.shutil, "which", lambda name: "/usr/bin/wrk")
    with pytest.raises(SystemExit, match="SQLite"):
        run.main()
