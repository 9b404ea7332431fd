"""bench.instructions: instructions counted by callgrind only inside the measured calls, one
count per dump, and the same count for the same work."""

from pathlib import Path

from bench import instructions

ROOT = Path(__file__).resolve().parents[2]

# Work counted twice (the second twice as long), with uncounted work before, between and after.
SCRIPT = f"""
import operator, sys
sys.path.insert(0, {str(ROOT)!r})
from bench.instructions import dump

def work(n):
    return sum(1 for _ in range(n))

work(100_000)
operator.call(work, 10_000)
dump()
work(100_000)
operator.call(work, 20_000)
dump()
work(100_000)
"""


def count(tmp_path, name):
    script = tmp_path / f"{name}.py"
    script.write_text(SCRIPT)
    out = tmp_path / name
    out.mkdir()
    return instructions.counted([str(script)], str(out))


def test_only_the_calls_made_through_operator_call_are_counted(tmp_path):
    first, second = count(tmp_path, "one")
    # 10,000 turns of the generator; the uncounted 100,000 before it are ten times as many.
    assert 1_000_000 < first < 20_000_000
    assert 1.9 < second / first < 2.1


def test_the_same_work_counts_the_same(tmp_path):
    once, again = count(tmp_path, "one"), count(tmp_path, "two")
    for a, b in zip(once, again, strict=True):
        assert abs(a - b) / a < 0.01


def test_dumps_are_read_in_the_order_they_were_made(tmp_path):
    for n, total in ((1, 5), (2, 7), (10, 11)):
        (tmp_path / f"count.{n}").write_text(f"events: Ir\nsummary: {total}\ntotals: {total}\n")
    (tmp_path / "count").write_text("summary: 0\n")  # written at exit: not a dump
    assert instructions.dumps(str(tmp_path)) == [5, 7, 11]
