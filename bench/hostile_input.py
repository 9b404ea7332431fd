"""Time the text pipeline on hostile input: `python -m bench.hostile_input`.

The test suite proves these inputs come out safe (tests/accounts/test_markdown.py,
tests/moderation/test_screening.py); how long they take is measured here instead, because a
wall-clock limit inside a test fails whenever the machine is busy. Each figure is the best
of five runs, in milliseconds; anything near a second deserves a look for backtracking.
"""

import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")


def best_ms(function, text, runs: int = 5) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function(text)
        timings.append(time.perf_counter() - started)
    return min(timings) * 1000


def main() -> int:
    from tests.accounts.test_markdown import HOSTILE_INPUTS

    from core.markdown import plain_text, render_markdown
    from moderation.screening import WatchRule, screen_text
    from tests.moderation.test_screening import ADVERSARIAL, EX_NAMES, RULES

    rules = RULES + [WatchRule(f"word{i} thing", "hold") for i in range(200)]

    def screen(text):
        return screen_text(text, rules=rules, ex_names=EX_NAMES, is_new_member=True)

    print(f"{'input':<22} {'markdown':>9} {'plain':>9} {'screen':>9}  (ms, best of 5)")
    for name, text in {**HOSTILE_INPUTS, **ADVERSARIAL}.items():
        figures = [best_ms(f, text) for f in (render_markdown, plain_text, screen)]
        print(f"{name:<22} " + " ".join(f"{ms:9.1f}" for ms in figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
