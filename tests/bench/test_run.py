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


def test_misses_holds_cold_pages_to_their_own_targets():
    cold_anon = row() | {"cold_ratio_to_floor": 0.09}
    cold_member = row(user="member", ratio=0.2) | {"cold_ratio_to_floor": 0.06}
    assert report.misses([cold_anon]) == ["sqlite home anon: cold 9% of floor < 10%"]
    assert report.misses([cold_member]) == []
    assert report.misses([row() | {"cold_ratio_to_floor": 0.5, "cold_errors": 4}]) == [
        "sqlite home anon: 4 errors"
    ]


def mixed_row(ratio=0.3, p99=120.0, errors=0):
    return {"db": "postgresql", "page": "mixed", "user": "mixed", "rps": 1200.0} | {
        "p50_ms": 9.0,
        "p99_ms": p99,
        "errors": errors,
        "hit_ratio": 0.41,
        "ratio_to_floor": ratio,
    }


def test_misses_holds_the_mixed_workload_to_a_quarter_of_the_floor_and_p99_150():
    assert report.misses([mixed_row()]) == []
    assert report.misses([mixed_row(ratio=0.24, p99=150.0, errors=1)]) == [
        "postgresql mixed mixed: 24% of floor < 25%",
        "postgresql mixed mixed: p99 150.0 ms >= 150 ms",
        "postgresql mixed mixed: 1 errors",
    ]


def test_table_and_markdown_show_the_cold_column_and_the_hit_ratio():
    page = row() | {"rps": 2000.0, "p50_ms": 5.0, "queries": 4, "cold_ratio_to_floor": 0.12}
    printed = report.table([page, mixed_row()])
    assert " 12% " in printed
    assert "postgresql mixed: page cache hit ratio 0.41" in printed
    lines = report.markdown([page, mixed_row()]).splitlines()
    assert lines[0].endswith("| of floor | cold | errors |")
    assert lines[2] == "| sqlite | home | anon | 2000 | 5.0 | 20.0 | 4 | 60% | 12% | 0 |"
    assert lines[3] == "| postgresql | mixed | mixed | 1200 | 9.0 | 120.0 | - | 30% | - | 0 |"
