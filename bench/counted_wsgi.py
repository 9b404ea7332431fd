"""The site's WSGI application, counted: for the mixed workload (bench/mixed.py) only.

wrk sees the whole run; this sees inside the server what wrk cannot: how long each page kind
took (from the WSGI call to the last byte of the response body handed to gunicorn, in buckets of
0.1 ms below 100 ms, so a 30-minute soak keeps a small file) and how
many GETs the page cache answered (pagecache.plan.Plan.hit runs on every hit, a visitor's or
a member's). Each worker process keeps its own counts and writes them, at most once a second
and when it exits, to BENCH_COUNTS_DIR/<pid>.json; bench.mixed_counts.summarise() merges them.

The cost is a perf_counter pair, a dict append and a file write a second: small beside a
request, and the same on every kind, so the comparison between kinds stays fair.
"""

import atexit
import json
import os
import threading
import time
from pathlib import Path

from bench.mixed import kind_of
from bench.mixed_counts import bucket
from config.wsgi import application as site
from pagecache import plan as planning

_lock = threading.Lock()
_counts = {"gets": 0, "hits": 0, "ms": {}}
_written = [0.0]

_hit = planning.Plan.hit


def _counted_hit(self, request):
    if request.META.get("HTTP_X_BENCH_WARMUP"):
        return _hit(self, request)
    with _lock:
        _counts["hits"] += 1
    return _hit(self, request)


if "BENCH_COUNTS_DIR" in os.environ:  # under gunicorn for the bench; not when a test imports it
    planning.Plan.hit = _counted_hit


def _write(force: bool = False) -> None:
    if "BENCH_COUNTS_DIR" not in os.environ:
        return
    now = time.monotonic()
    if not force and now - _written[0] < 1:
        return
    _written[0] = now
    with _lock:
        text = json.dumps(_counts)
    path = Path(os.environ["BENCH_COUNTS_DIR"]) / f"{os.getpid()}.json"
    partial = path.with_suffix(".tmp")
    partial.write_text(text)
    partial.replace(path)  # whole files only: the reader never sees half of one


atexit.register(_write, True)


def application(environ, start_response):
    started = time.perf_counter()
    result = site(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        result.close()  # Django's request_finished: the connection goes back, as under gunicorn
    if environ.get("HTTP_X_BENCH_WARMUP"):  # the warm-up warms the cache but is not counted
        return [body]
    elapsed = (time.perf_counter() - started) * 1000
    method = environ["REQUEST_METHOD"]
    path = environ.get("PATH_INFO", "")
    if environ.get("QUERY_STRING"):
        path += "?" + environ["QUERY_STRING"]
    kind, key = kind_of(path, method), bucket(elapsed)
    with _lock:
        if method == "GET":
            _counts["gets"] += 1
        histogram = _counts["ms"].setdefault(kind, {})
        histogram[key] = histogram.get(key, 0) + 1
    _write()
    return [body]
