"""Two app servers behind one (imaginary) load balancer: what a member does on one must hold on
the other. Both are gunicorn with the production settings and REDIS_URL pointing at one Redis
server started by the test, and they share one database — the test run's PostgreSQL on the
PostgreSQL pass; on the SQLite pass, one SQLite file that both servers open (two hosts could
not share a file, but two servers on one host can, and everything else is the same).

* a session made by logging in on one server works on the other;
* a rate limit counted on one server holds on the other (the counts live in Redis);
* a page cached for visitors on one server is fresh there after a write on the other (the
  cache's version keys live in Redis too).
"""

from http import HTTPStatus

import pytest

from tests.scale.servers import AppServer

PASSWORD = "a long and private passphrase 42"

SETUP = f"""
from allauth.account.models import EmailAddress
from accounts.models import User
from forum import services
from forum.models import Category

member = User.objects.create_user(
    username="ash_scale", email="ash@example.org", password={PASSWORD!r}
)
EmailAddress.objects.create(user=member, email="ash@example.org", verified=True, primary=True)
category = Category.objects.create(name="Other hosts", slug="other-hosts")
thread = services.create_thread(
    author=member, category=category, title="Two servers, one forum", body="Hello from A."
).post.thread
result = {{"thread": thread.pk, "path": thread.get_absolute_url()}}
"""


@pytest.fixture
def two_servers(scale_database, redis_server):
    setup = scale_database.run_script(SETUP)
    servers = [
        AppServer.start(scale_database, workers=2, threads=2, REDIS_URL=redis_server.url)
        for _ in range(2)
    ]
    yield setup, servers
    logs = [server.stop() for server in servers]
    for log in logs:
        assert "Traceback" not in log, log[-3000:]


def log_in(browser):
    response = browser.post_form("/accounts/login/", {"login": "ash_scale", "password": PASSWORD})
    assert response.status == HTTPStatus.FOUND, response.body[:2000]


def reply(browser, thread_id, body):
    return browser.post_form(f"/t/{thread_id}/reply/", {"body": body})


def test_two_servers_share_sessions_rate_limits_and_cache(two_servers):
    setup, (server_a, server_b) = two_servers
    on_a = server_a.client()
    log_in(on_a)

    # The session made on A works on B: the same cookies open a members-only page there.
    on_b = server_b.client(on_a.cookies)
    notifications = on_b.get("/notifications/")
    assert notifications.status == HTTPStatus.OK
    assert "Log out" in notifications.body
    assert server_b.client().get("/notifications/").status == HTTPStatus.FOUND  # control

    # A visitor reads the thread on B twice: the second answer comes from the cache (same
    # ETag, and a conditional request gets 304 Not Modified).
    visitor = server_b.client()
    first = visitor.get(setup["path"])
    second = visitor.get(setup["path"])
    assert first.status == second.status == HTTPStatus.OK
    assert first.headers["ETag"] and first.headers["ETag"] == second.headers["ETag"]
    conditional = visitor.request(
        "GET", setup["path"], headers={"If-None-Match": first.headers["ETag"]}
    )
    assert conditional.status == HTTPStatus.NOT_MODIFIED
    assert "Set-Cookie" not in first.headers and not visitor.cookies

    # A reply posted on A shows at once to the visitor on B: the write bumped the thread's
    # version in the shared cache, so B renders the page afresh.
    assert reply(on_a, setup["thread"], "Posted through server A.").status == HTTPStatus.FOUND
    fresh = visitor.get(setup["path"])
    assert "Posted through server A." in fresh.body
    assert fresh.headers["ETag"] != first.headers["ETag"]
    home = visitor.get("/")
    assert "Two servers, one forum" in home.body

    # A member may post 3 replies in any 10 seconds (core.ratelimit.BURST_LIMIT). One
    # is posted; two more, alternating between the servers, are accepted; the fourth is
    # refused on B and on A. With a cache per server (or per worker) each would have counted
    # only its own share. (The long window, 6 in 10 minutes for a new member, is counted in
    # the same shared cache.)
    accepted = [
        reply(on_b if n % 2 else on_a, setup["thread"], f"Reply {n}, still holding.").status
        for n in range(2)
    ]
    assert accepted == [HTTPStatus.FOUND] * 2
    assert reply(on_b, setup["thread"], "One too many.").status == HTTPStatus.TOO_MANY_REQUESTS
    assert reply(on_a, setup["thread"], "One too many.").status == HTTPStatus.TOO_MANY_REQUESTS
