"""Redis stops mid-run (issue #17, "staying up when parts fail"; docs/failure-modes.md).

A real gunicorn server with REDIS_URL pointing at a real redis-server that the test stops
and starts again on the same port (empty, as a Redis without persistence restarts):

* while it is down, every read is served straight from the database — 0 server errors —
  and a member's write shows at once;
* rate limits keep limiting, counted in the server's process (config.redis_cache);
* when it returns the cache is cold but correct: pages show everything written meanwhile,
  and are cached again.
"""

import time
from http import HTTPStatus

import redis

from config.redis_cache import RETRY_SECONDS
from tests.scale.servers import AppServer, RedisServer
from tests.scale.test_replica import SETUP as REPLICA_SETUP

# The same world as the replica test's, under other names: the scale tests share one
# database for the session, and usernames and slugs are unique.
SETUP = (
    REPLICA_SETUP.replace("replica_reader", "cache_reader")
    .replace("reader@example.org", "cache-reader@example.org")
    .replace("replica-reads", "cache-reads")
    .replace("Replica reads", "Cache reads")
)


def reply(member, thread_id, body):
    return member.post_form(f"/t/{thread_id}/reply/", {"body": body})


def read_everything(server, member, path):
    """Statuses of a round of reads: a visitor's and a member's pages."""
    visitor = server.client()
    pages = ["/", path, "/search/?q=database"]
    statuses = [visitor.get(page).status for page in pages]
    statuses += [member.get(page).status for page in pages]
    visitor.close()
    return statuses


def test_redis_down_pages_come_from_the_database_and_limits_hold(scale_database, redis_server):
    setup = scale_database.run_script(SETUP)
    path, thread = setup["path"], setup["thread"]
    server = AppServer.start(scale_database, workers=1, threads=2, REDIS_URL=redis_server.url)
    try:
        member = server.client({"sessionid": setup["session"]})
        assert read_everything(server, member, path) == [HTTPStatus.OK] * 6
        member.cookies.pop("hf_primary", None)

        port = redis_server.port
        redis_server.stop()
        statuses = []
        for _ in range(5):
            statuses += read_everything(server, member, path)
        assert statuses == [HTTPStatus.OK] * 30  # 0 server errors on reads

        # A write while Redis is down shows at once, to its author and to a visitor.
        assert reply(member, thread, "Written while the cache was away.").status == (
            HTTPStatus.FOUND
        )
        assert "Written while the cache was away." in member.get(path).body
        assert "Written while the cache was away." in server.client().get(path).body
        # The short window (3 replies in 10 s) still holds, counted in the process.
        assert reply(member, thread, "Second quick reply.").status == HTTPStatus.FOUND
        assert reply(member, thread, "Third quick reply.").status == HTTPStatus.FOUND
        refused = reply(member, thread, "One too many, too fast.")
        assert refused.status == HTTPStatus.TOO_MANY_REQUESTS
        assert "One too many, too fast." in refused.body  # the text is kept

        redis_server.__dict__.update(RedisServer.start(port=port).__dict__)
        time.sleep(RETRY_SECONDS + 0.2)  # the server asks Redis again after this long
        # Back: cold but correct — everything written meanwhile is on the page...
        visitor = server.client()
        first = visitor.get(path)
        assert first.status == HTTPStatus.OK
        assert "Third quick reply." in first.body
        assert "One too many, too fast." not in first.body
        # ...and pages are cached in Redis again.
        assert visitor.get(path).status == HTTPStatus.OK
        assert redis.Redis.from_url(redis_server.url).dbsize() > 0
        assert read_everything(server, member, path) == [HTTPStatus.OK] * 6
    finally:
        log = server.stop()
    assert "Traceback" not in log, log[-3000:]
    assert "Redis is unavailable" in log  # said once, in the log, not to members
    assert "Redis is back" in log
