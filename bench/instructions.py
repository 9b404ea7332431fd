"""Instructions per cold page: what bench.cold_renders times, counted instead by Valgrind's
callgrind, so that a change of a few per cent shows through a shared host's noise.

    python -m bench.instructions [--pages home category] [--users anon member] [-n 10]

Same database and environment as bench.cold_renders (the page cache off, fragments warm).
On this 2-core host the same page's wall time moved by a third between runs, and timing two
versions back to back hid changes of 5-10 %. callgrind runs the Python process on a
simulated CPU and counts the instructions it executes: the count does not depend on the
host's load, and two runs of the same code agree within a per cent or two (what is left
moves with the clock: "3 minutes ago", a session's expiry). The cycle collector runs
between pages, uncounted: when it runs depends on every allocation before, and a
collection falling on one page or the other moved a thread page's count by a sixth.

Only the measured requests are counted: each is made through `operator.call`, which nothing
else calls, and callgrind collects only inside it (`--toggle-collect`). After each page the
process asks callgrind to write its count so far (`callgrind_control --dump`), which also
starts the next count from zero. Python under callgrind runs some fifty times slower; the
start-up and warm-up take most of a run's minute or two.

An instruction is not a millisecond (a cache miss or a system call costs more than its
count), so this compares two versions of the code; bench.cold_renders says what a page
costs. Needs valgrind (`scripts/system-deps` installs it).
"""

import argparse
import gc
import operator
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.cold_renders import PAGES, USERS

# The C function of operator.call, the one place where callgrind collects.
_MARK = "_operator_call*"


def counted(argv: list[str], directory: str) -> list[int]:
    """Run `python argv` under callgrind; the instructions of each dump it asked for."""
    command = [
        "valgrind",
        "--tool=callgrind",
        f"--callgrind-out-file={directory}/count",
        f"--toggle-collect={_MARK}",
        sys.executable,
        *argv,
    ]
    subprocess.run(command, check=True, capture_output=True)
    return dumps(directory)


def dumps(directory: str) -> list[int]:
    """The instructions of each numbered dump (count.1, count.2, ...), in the order made. The
    file callgrind writes at exit (`count`, nothing collected after the last dump) is not one."""
    numbered = sorted(Path(directory).glob("count.*"), key=lambda path: int(path.suffix[1:]))
    return [int(re.search(r"^summary: (\d+)$", p.read_text(), re.M)[1]) for p in numbered]


def dump() -> None:
    """From inside the counted process: write the count so far, and start again from zero."""
    subprocess.run(
        ["callgrind_control", "--dump", str(os.getpid())], check=True, capture_output=True
    )


def _inside(pages, users, n: int) -> None:
    """In the counted process: warm every page, then each page's n requests and a dump."""
    import django

    django.setup()
    from django.conf import settings

    from bench.cold_renders import warm_up
    from config import startup
    from forum import view_counts

    settings.HOLDFAST_PAGE_CACHE_SECONDS = 0
    # A thread's views go to Redis once a second; fifty times slower, that would be every
    # few requests, a cost served pages share among hundreds (forum.view_counts).
    view_counts._PUSH_EVERY = float("inf")
    clients, found, runs = warm_up(pages, users)
    startup.settle()  # as the app servers do (config.wsgi)
    for page, user in runs:
        # Python's cycle collector runs when enough objects were made since it last ran, which
        # falls on one page or another as the code changes: between pages, never counted.
        gc.collect()
        gc.disable()
        for _ in range(n):
            operator.call(clients[user].get, found[page])
        dump()
        gc.enable()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", nargs="+", default=list(PAGES), choices=PAGES)
    parser.add_argument("--users", nargs="+", default=list(USERS), choices=USERS)
    parser.add_argument("-n", type=int, default=10, help="requests per page and user")
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside:
        _inside(args.pages, args.users, args.n)
        return
    argv = ["-m", "bench.instructions", "--inside", "-n", str(args.n)]
    argv += ["--pages", *args.pages, "--users", *args.users]
    with tempfile.TemporaryDirectory() as directory:
        counts = counted(argv, directory)
    runs = [(page, user) for page in args.pages for user in args.users]
    print(f"page cache off, fragments warm: instructions per request, {args.n} requests each")
    for (page, user), count in zip(runs, counts, strict=True):
        print(f"{page:<14}{user:<8}{count / args.n / 1e6:9.2f} M")


if __name__ == "__main__":
    main()
