"""Streak writes racing each other, on a real database file or server (the style of
tests/scale): the suite's own SQLite database lives in memory and cannot be shared by
threads, so a script runs in a subprocess against a migrated scratch database — a SQLite file
(WAL, IMMEDIATE transactions) or a new database on the PostgreSQL server under
scripts/pg-server — and starts threads there that call the services at the same moment
(a barrier releases them together), each on its own connection.

* Two (here four) check-ins at the same moment count once: one row, every caller gets it,
  exactly one of them is told it was new.
* A reset during a check-in loses neither: the check-in is stored and the streak is ended,
  with its length, and each milestone is awarded once.
"""

import pytest

from tests.scale.servers import ScaleDatabase

ROUNDS = 12
RACERS = 4

SCRIPT = f"""
import datetime
import threading

from django.db import connection
from django.utils import timezone

from accounts import services
from accounts.models import CheckIn, MilestoneAward, Streak, User

NOW = timezone.now()


def race(*calls):
    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), []

    def run(index, call):
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except Exception as error:
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n, c)) for n, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


check_ins, resets, errors = [], [], []
for n in range({ROUNDS}):
    member = User.objects.create_user(username=f"racer{{n}}", email=f"racer{{n}}@example.org")
    services.start_streak(
        member=member, started_on=NOW.date() - datetime.timedelta(days=8), now=NOW
    )
    rows, failed = race(*[
        (lambda m=member: services.check_in(member=m, mood=3, now=NOW)) for _ in range({RACERS})
    ])
    errors += failed
    check_ins.append({{
        "rows": CheckIn.objects.filter(member=member).count(),
        "same_row": len({{row.pk for row in rows if row is not None}}),
        "new": sum(1 for row in rows if row is not None and row.is_new),
    }})

    other = User.objects.create_user(username=f"resetter{{n}}", email=f"resetter{{n}}@example.org")
    services.start_streak(
        member=other, started_on=NOW.date() - datetime.timedelta(days=8), now=NOW
    )
    MilestoneAward.objects.filter(member=other).delete()  # left for the racers to award
    _, failed = race(
        lambda m=other: services.check_in(member=m, note="still here", now=NOW),
        lambda m=other: services.end_streak(member=m, reflection="a hard day", now=NOW),
    )
    errors += failed
    streak = Streak.objects.get(member=other)
    resets.append({{
        "check_ins": CheckIn.objects.filter(member=other, note="still here").count(),
        "ended": streak.ended_on is not None,
        "length": streak.length_days,
        "reflection": streak.reflection,
        "awards": sorted(
            MilestoneAward.objects.filter(member=other).values_list("days", flat=True)
        ),
    }})

result = {{"check_ins": check_ins, "resets": resets, "errors": errors}}
"""


@pytest.fixture(scope="module")
def scratch_database():
    database = ScaleDatabase.create()
    yield database
    database.destroy()


def test_concurrent_check_ins_count_once_and_a_racing_reset_loses_nothing(scratch_database):
    result = scratch_database.run_script(SCRIPT)
    assert result["errors"] == []
    assert result["check_ins"] == [{"rows": 1, "same_row": 1, "new": 1}] * ROUNDS
    assert (
        result["resets"]
        == [
            {
                "check_ins": 1,
                "ended": True,
                "length": 8,
                "reflection": "a hard day",
                "awards": [1, 3, 7],
            }
        ]
        * ROUNDS
    )
