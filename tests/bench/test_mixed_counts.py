"""Specification of how the mixed workload's server counts are merged and judged
(bench/mixed_counts.py)."""

import pytest

from bench import mixed_counts


@pytest.mark.parametrize(
    ("ms", "key"),
    [(0.04, "0.0"), (3.14159, "3.1"), (99.94, "99.9"), (123.4, "123"), (2345, "2340")],
)
def test_bucket_keeps_a_tenth_of_a_millisecond_below_a_hundred(ms, key):
    assert mixed_counts.bucket(ms) == key


def test_percentile_takes_the_nearest_rank_of_a_histogram():
    histogram = {"1.0": 98, "5.0": 1, "200": 1}
    assert mixed_counts.percentile(histogram, 0.5) == 1.0
    assert mixed_counts.percentile(histogram, 0.99) == 5.0
    assert mixed_counts.percentile(histogram, 1.0) == 200.0
    assert mixed_counts.percentile({}, 0.99) is None


def test_summarise_merges_every_workers_counts_and_the_hit_ratio():
    workers = [
        {"gets": 80, "hits": 60, "ms": {"home": {"1.0": 50}, "reply": {"40.0": 2}}},
        {"gets": 20, "hits": 10, "ms": {"home": {"9.0": 50}}},
    ]
    summary = mixed_counts.summarise(workers)
    assert summary["hit_ratio"] == 0.7
    assert summary["kinds"]["home"] == {"requests": 100, "p50_ms": 1.0, "p99_ms": 9.0}
    assert summary["kinds"]["reply"]["requests"] == 2
    assert mixed_counts.summarise([])["hit_ratio"] is None


def test_result_row_has_exactly_the_issues_keys_and_counts_server_errors():
    measured = {"rps": 1000.0, "p50_ms": 8.0, "p99_ms": 90.0, "errors": 1}
    row = mixed_counts.result_row("sqlite", measured, 4000.0, {"hit_ratio": 0.4}, server_errors=2)
    assert row == {
        "db": "sqlite",
        "page": "mixed",
        "user": "mixed",
        "rps": 1000.0,
        "p50_ms": 8.0,
        "p99_ms": 90.0,
        "errors": 3,
        "hit_ratio": 0.4,
        "ratio_to_floor": 0.25,
    }
