"""Specification of the soak's judgement (bench/soak.py): memory per worker, p99 drift,
errors. The soak itself runs with `make soak`, never in the suite."""

from bench import soak

STATUS = "Name:\tgunicorn\nVmPeak:\t  300000 kB\nVmRSS:\t   81920 kB\nThreads:\t3\n"


def minute(p99=50.0, errors=0, memory=None):
    return {"rps": 150.0, "p50_ms": 8.0, "p99_ms": p99, "errors": errors} | {
        "memory": memory if memory is not None else {101: 80.0, 102: 82.0}
    }


def test_rss_mb_reads_the_resident_memory_line():
    assert soak.rss_mb(STATUS) == 80.0


def test_verdict_passes_a_flat_quiet_run():
    assert soak.verdict([minute() for _ in range(30)]) == []


def test_verdict_names_a_worker_whose_memory_grows():
    minutes = [minute() for _ in range(29)] + [minute(memory={101: 80.0, 102: 95.0})]
    assert soak.verdict(minutes) == ["worker 102 grew from 82.0 MB to 95.0 MB"]


def test_verdict_names_a_worker_that_was_replaced():
    minutes = [minute(), minute(memory={101: 80.0, 103: 60.0})]
    assert soak.verdict(minutes) == ["worker 102 was replaced (a crash or a timeout)"]


def test_verdict_counts_every_minutes_errors():
    minutes = [minute(), minute(errors=2), minute(errors=1)]
    assert soak.verdict(minutes) == ["3 errors"]


def test_p99_drift_compares_the_last_five_minutes_with_the_first_five():
    minutes = [minute(p99=50.0) for _ in range(25)] + [minute(p99=100.0) for _ in range(5)]
    assert soak.p99_drift(minutes) == 2.0
    assert soak.verdict(minutes) == ["p99 drift 2.0 >= 1.5"]
    # One slow minute in the last five is not drift: the median ignores it.
    minutes = [minute(p99=50.0) for _ in range(29)] + [minute(p99=400.0)]
    assert soak.p99_drift(minutes) == 1.0


def test_p99_drift_is_none_without_latencies():
    assert soak.p99_drift([minute(p99=None), minute(p99=None)]) is None
