"""The read replica through a real server: DATABASE_REPLICA_URL points at a copy of the
database taken before a member writes, so the copy plays a replica that has not caught up
yet — and what a page shows tells which database it read.

(A SQLite file copy on the SQLite pass, a database created from the primary as its template
on the PostgreSQL pass.)
"""

import sqlite3
import time
from http import HTTPStatus

from tests.scale.servers import AppServer, _admin_sql

SETUP = """
from importlib import import_module
from django.conf import settings
from accounts.models import User
from forum import services
from forum.models import Category

member = User.objects.create_user(username="replica_reader", email="reader@example.org")
category = Category.objects.create(name="Replica reads", slug="replica-reads")
thread = services.create_thread(
    author=member, category=category, title="Which database answered", body="Hello."
).post.thread
session = import_module(settings.SESSION_ENGINE).SessionStore()
session["_auth_user_id"] = str(member.pk)
session["_auth_user_backend"] = "accounts.backends.ModelBackend"
session["_auth_user_hash"] = member.get_session_auth_hash()
session.save()
result = {"thread": thread.pk, "path": thread.get_absolute_url(), "session": session.session_key}
"""


def copy_database(database) -> str:
    """A copy of the database as it is now, as a URL."""
    if database.vendor == "sqlite":
        primary = database.url.removeprefix("sqlite:///")
        replica = database.directory / "replica.sqlite3"
        with sqlite3.connect(primary) as source, sqlite3.connect(replica) as target:
            source.backup(target)
        return f"sqlite:///{replica}"
    base, name = database.url.rsplit("/", 1)
    copy = f"{name}_replica"
    for attempt in range(20):  # the template must have no connections left
        try:
            _admin_sql(database.url, f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')
            break
        except Exception:
            if attempt == 19:
                raise
            time.sleep(0.5)
    database.extra_databases.append(copy)
    return f"{base}/{copy}"


def test_reads_go_to_the_replica_except_after_a_write(scale_database):
    setup = scale_database.run_script(SETUP)
    replica_url = copy_database(scale_database)
    server = AppServer.start(scale_database, workers=1, threads=2, DATABASE_REPLICA_URL=replica_url)
    try:
        member = server.client({"sessionid": setup["session"]})
        written = member.post_form(
            f"/t/{setup['thread']}/reply/", {"body": "Written to the primary."}
        )
        assert written.status == HTTPStatus.FOUND
        assert "hf_primary" in member.cookies  # reads stay on the primary for a few seconds

        # Pinned: the member sees their reply at once (read from the primary).
        assert "Written to the primary." in member.get(setup["path"]).body
        # Unpinned, a page no cache keeps (their posts) reads the replica, not caught up...
        member.cookies.pop("hf_primary")
        stale = member.get("/u/replica_reader/posts/")
        assert stale.status == HTTPStatus.OK
        assert "Which database answered" in stale.body
        assert "Written to the primary." not in stale.body
        # ...but a page the members' cache keeps is drawn from the primary (pagecache.primary):
        # the member never gets a page without their own write for the cache's whole timeout.
        assert "Written to the primary." in member.get(setup["path"]).body
        # A visitor's page is rendered for the cache from the primary: never cached stale.
        assert "Written to the primary." in server.client().get(setup["path"]).body
    finally:
        log = server.stop()
    assert "Traceback" not in log, log[-3000:]
