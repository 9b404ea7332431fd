"""Specification of the counting WSGI wrapper the mixed workload's site runs under
(bench/counted_wsgi.py): what it times, what it counts as a page cache hit, what it leaves out."""

import json
import os

import pytest

from bench import counted_wsgi
from pagecache import plan as planning


@pytest.fixture
def counts(tmp_path, monkeypatch):
    monkeypatch.setenv("BENCH_COUNTS_DIR", str(tmp_path))
    monkeypatch.setattr(counted_wsgi, "_counts", {"gets": 0, "hits": 0, "ms": {}})
    monkeypatch.setattr(counted_wsgi, "_written", [0.0])
    monkeypatch.setattr(planning.Plan, "hit", counted_wsgi._counted_hit)
    return tmp_path / f"{os.getpid()}.json"


class Answer:
    """A WSGI response body that must be closed (Django's request_finished)."""

    closed = False

    def __iter__(self):
        return iter([b"<html>", b"</html>"])

    def close(self):
        Answer.closed = True


def site(hit: bool):
    def application(environ, start_response):
        if hit:
            planning.Plan.hit(planning.Plan([], "key", None, {}, True, None), environ["request"])
        start_response("200 OK", [])
        return Answer()

    return application


class Request:
    def __init__(self, warmup=False):
        self.META = {"HTTP_X_BENCH_WARMUP": "1"} if warmup else {}


def call(path, method="GET", query="", warmup=False):
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query}
    if warmup:
        environ["HTTP_X_BENCH_WARMUP"] = "1"
    environ["request"] = Request(warmup)
    return counted_wsgi.application(environ, lambda status, headers: None)


def test_application_times_each_kind_counts_gets_and_hits_and_writes_them(counts, monkeypatch):
    Answer.closed = False
    monkeypatch.setattr(counted_wsgi, "site", site(hit=True))
    assert call("/t/5/a/", query="page=3") == [b"<html></html>"]
    assert Answer.closed
    monkeypatch.setattr(counted_wsgi, "site", site(hit=False))
    call("/t/5/reply/", method="POST")
    counted_wsgi._write(force=True)
    written = json.loads(counts.read_text())
    assert written["gets"] == 1 and written["hits"] == 1
    assert sum(written["ms"]["thread_page"].values()) == 1
    assert sum(written["ms"]["reply"].values()) == 1


def test_application_leaves_the_warmup_out(counts, monkeypatch):
    monkeypatch.setattr(counted_wsgi, "site", site(hit=True))
    call("/", warmup=True)
    counted_wsgi._write(force=True)
    assert json.loads(counts.read_text()) == {"gets": 0, "hits": 0, "ms": {}}
