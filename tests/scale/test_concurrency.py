"""Twenty members reply in one thread at the same moment, 50 replies each, through a real
gunicorn server (two worker processes of four threads: eight requests at once, in two
processes, against one database). On SQLite this is what WAL, IMMEDIATE transactions and the
busy timeout are for; on PostgreSQL, the row lock on the thread (forum.services.posts._locked).

Every reply must be stored with its own number, the counters must be exact, and no request
may fail — no 500, no "database is locked" in the server's log.
"""

import threading
from http import HTTPStatus

from tests.scale.servers import AppServer

CLIENTS = 20
REPLIES_EACH = 50

SETUP = f"""
from importlib import import_module
from django.conf import settings
from accounts.models import User
from forum import services
from forum.models import Category

members = [
    User.objects.create_user(username=f"writer{{n}}", email=f"writer{{n}}@example.org")
    for n in range({CLIENTS})
]
category = Category.objects.create(name="Daily check-ins", slug="daily-check-ins")
thread = services.create_thread(
    author=members[0], category=category, title="Holding on together", body="Day one."
).post.thread
engine = import_module(settings.SESSION_ENGINE)
sessions = []
for member in members:
    # What the log-in view stores; the multi-host test logs in through the form instead.
    session = engine.SessionStore()
    session["_auth_user_id"] = str(member.pk)
    session["_auth_user_backend"] = "accounts.backends.ModelBackend"
    session["_auth_user_hash"] = member.get_session_auth_hash()
    session.save()
    sessions.append(session.session_key)
result = {{"thread": thread.pk, "sessions": sessions, "cookie": settings.SESSION_COOKIE_NAME}}
"""

COUNTS = """
from django.db.models import Count
from forum.models import Category, Post, Thread

thread = Thread.objects.get(pk=THREAD)
posts = Post.objects.filter(thread=thread)
result = {
    "posts": posts.count(),
    "distinct_numbers": posts.values("number").distinct().count(),
    "max_number": max(posts.values_list("number", flat=True)),
    "reply_count": thread.reply_count,
    "last_post_number": thread.last_post_number,
    "last_post_is_last": thread.last_post.number == thread.last_post_number,
    "category_posts": Category.objects.get().post_count,
    "per_author": sorted(
        posts.exclude(number=1).values("author").annotate(n=Count("pk")).values_list("n", flat=True)
    ),
}
"""


def post_replies(server, cookie_name, session_key, thread_id, client_number, outcomes):
    browser = server.client({cookie_name: session_key})
    form = f"/t/{thread_id}/reply/"
    try:
        token = browser.csrf_token(form)
        for n in range(REPLIES_EACH):
            body = f"Client {client_number}, reply {n}: still here."
            response = browser.request("POST", form, {"csrfmiddlewaretoken": token, "body": body})
            outcomes.append(response.status)
    except Exception as error:  # noqa: BLE001 — recorded, and the test asserts on it
        outcomes.append(repr(error))
    finally:
        browser.close()


def test_concurrent_replies_are_all_stored_with_exact_counts(scale_database):
    setup = scale_database.run_script(SETUP)
    server = AppServer.start(
        scale_database, app="tests.scale.unlimited_wsgi:application", workers=2, threads=4
    )
    outcomes: list[list] = [[] for _ in range(CLIENTS)]
    try:
        clients = [
            threading.Thread(
                target=post_replies,
                args=(server, setup["cookie"], key, setup["thread"], n, outcomes[n]),
            )
            for n, key in enumerate(setup["sessions"])
        ]
        for client in clients:
            client.start()
        for client in clients:
            client.join(timeout=240)
    finally:
        log = server.stop()

    statuses = [status for client in outcomes for status in client]
    assert len(statuses) == CLIENTS * REPLIES_EACH
    assert set(statuses) == {HTTPStatus.FOUND}, {s: statuses.count(s) for s in set(statuses)}
    assert "database is locked" not in log
    assert "Traceback" not in log, log[-3000:]

    counts = scale_database.run_script(COUNTS.replace("THREAD", str(setup["thread"])))
    total = CLIENTS * REPLIES_EACH + 1  # the opening post and every reply
    assert counts == {
        "posts": total,
        "distinct_numbers": total,
        "max_number": total,
        "reply_count": CLIENTS * REPLIES_EACH,
        "last_post_number": total,
        "last_post_is_last": True,
        "category_posts": total,
        "per_author": [REPLIES_EACH] * CLIENTS,
    }
