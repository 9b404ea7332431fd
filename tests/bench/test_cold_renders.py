"""bench.cold_renders' clock of the cycle collector: every collection while it is on, timed
by generation, and none after."""

import gc

from bench.cold_renders import CollectorClock


def test_the_clock_times_each_collection_while_it_is_on():
    with CollectorClock() as clock:
        gc.collect(0)
        gc.collect(2)
    gc.collect(2)  # after: not counted
    assert clock.runs[0] >= 1 and clock.runs[2] == 1
    assert clock.spent[2] > 0
    assert clock not in gc.callbacks


def test_the_summary_gives_a_requests_share_and_a_full_collections_time():
    clock = CollectorClock()
    clock.spent.update({0: 0.010, 2: 0.030})
    clock.runs.update({0: 5, 2: 1})
    assert clock.summary(20) == (
        "cycle collector: 2.00 ms a request; 5, 0 and 1 collections of generations 0, 1 and 2;"
        " a full one 30 ms"
    )
