"""The PostgreSQL primary stops mid-run (issue #17, "staying up when parts fail";
config.read_only, docs/failure-modes.md).

The test starts its own PostgreSQL primary and a real hot standby streaming from it
(pg_basebackup -R), and a gunicorn server with DATABASE_URL on the primary and
DATABASE_REPLICA_URL on the standby. It stops the primary mid-run:

* within 10 s the site is read-only: pages are served from the replica with a calm banner,
  0 server errors on reads, and a member's reply gets a kind 503 page that shows their text;
* when the primary returns, the site writes again by itself;
* nothing committed is lost: a reply written before the outage is there throughout.
"""

import time
from http import HTTPStatus

import pytest

from tests.scale.servers import AppServer, PostgresServer, ScaleDatabase
from tests.scale.test_replica import SETUP

BANNER = "Holdfast is read-only for a few minutes"

# The test brings its own two clusters, whatever database the suite runs on (so it runs,
# the same, in both passes of `make test`).


@pytest.fixture
def primary_and_replica(monkeypatch):
    primary = PostgresServer.start()
    replica = None
    monkeypatch.setenv("DATABASE_URL", primary.url)
    database = ScaleDatabase.create()  # a migrated database on the primary
    try:
        setup = database.run_script(SETUP)
        replica = primary.replica()
        name = database.url.rsplit("/", 1)[1]
        replica_url = f"postgres://holdfast@127.0.0.1:{replica.port}/{name}"
        yield primary, database, replica_url, setup
    finally:
        database._drop = None  # the clusters go whole
        database.destroy()
        if replica is not None:
            replica.destroy()
        primary.destroy()


def wait_until(predicate, *, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.2)
    return predicate()


def test_primary_down_site_goes_read_only_then_writes_again(primary_and_replica):
    primary, database, replica_url, setup = primary_and_replica
    path, thread = setup["path"], setup["thread"]
    server = AppServer.start(
        database, workers=1, threads=2, DATABASE_REPLICA_URL=replica_url, REPLICA_PIN_SECONDS="0"
    )
    try:
        member = server.client({"sessionid": setup["session"]})
        written = member.post_form(f"/t/{thread}/reply/", {"body": "Committed before the stop."})
        assert written.status == HTTPStatus.FOUND
        # The standby has streamed it (a page no cache keeps reads the replica).
        assert wait_until(
            lambda: "Committed before the stop." in server.client().get(path).body, timeout=10
        )
        member.cookies.pop("hf_primary", None)

        primary.stop("immediate")  # a crash, not a clean shutdown
        stopped = time.monotonic()
        visitor = server.client()
        page = wait_until(
            lambda: (r := visitor.get("/")).status == HTTPStatus.OK and BANNER in r.body and r,
            timeout=10,
        )
        assert page, "not read-only within 10 s"
        assert time.monotonic() - stopped < 10
        # Reads: from the replica, with the banner, no server error; nothing committed lost.
        statuses = []
        for _ in range(3):
            # A visitor's copy cached before the outage is still served (without the banner:
            # it was drawn before); the member's page is drawn from the replica.
            cached = server.client().get(path)
            statuses.append(cached.status)
            assert "Committed before the stop." in cached.body
            response = member.get(path)
            statuses.append(response.status)
            assert BANNER in response.body
            assert "Committed before the stop." in response.body
            fresh = server.client().get("/search/?q=database")
            statuses.append(fresh.status)
            assert BANNER in fresh.body
        assert statuses == [HTTPStatus.OK] * 9

        # A write: a kind 503 that shows the member's text back.
        refused = member.post_form(path, {"body": "Written while the primary was away."},
                                   action=f"/t/{thread}/reply/")  # fmt: skip
        assert refused.status == HTTPStatus.SERVICE_UNAVAILABLE
        assert "We couldn't save that just now" in refused.body
        assert "Written while the primary was away." in refused.body
        assert refused.headers["Retry-After"] == "60"

        primary.start_again()
        # By itself: no restart of the app server.
        back = wait_until(lambda: BANNER not in member.get(path).body, timeout=15)
        assert back, "still read-only after the primary returned"
        again = member.post_form(f"/t/{thread}/reply/", {"body": "Written after the return."})
        assert again.status == HTTPStatus.FOUND
        page = member.get(path).body
        assert "Written after the return." in page
        assert "Committed before the stop." in page
        assert "Written while the primary was away." not in page  # refused, not half-saved
    finally:
        log = server.stop()
    assert "The primary database is not answering" in log
    assert "The primary database is back" in log
