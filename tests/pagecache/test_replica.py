"""The replica rule (pagecache.primary, config.routers): whatever the page cache keeps is
read from the primary, so a member sees their own write at once even with
DATABASE_REPLICA_URL set.

The test database is one; the router double below answers where each read WOULD go and
records every read the real router sends to the replica (a lagging replica would serve
those rows stale). Transactional tests: inside the usual test transaction the router reads
the primary anyway."""

from http import HTTPStatus

import pytest

from config import routers
from forum import selectors
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


class RecordingReplicaRouter(routers.ReplicaRouter):
    """The real router's decision, recorded; the read itself served by the one database."""

    replica_reads: list = []

    def db_for_read(self, model, **hints):
        chosen = super().db_for_read(model, **hints)
        if chosen == routers.REPLICA:
            self.replica_reads.append(model._meta.label)
            return routers.PRIMARY
        return chosen


@pytest.fixture
def replica(settings):
    settings.DATABASE_ROUTERS = [f"{__name__}.RecordingReplicaRouter"]
    RecordingReplicaRouter.replica_reads = []
    return RecordingReplicaRouter.replica_reads


def test_replica_member_sees_their_own_reply_at_once(replica, client_for):
    member = factories.make_member(username="rowan")
    thread = factories.make_thread(author=factories.make_member(username="sasha"))
    client = client_for(member)
    client.get(thread.get_absolute_url())  # drawn for the members' cache, then kept
    response = client.post(
        f"/t/{thread.pk}/reply/", {"body": "Day three without texting him."}, follow=False
    )
    assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.SEE_OTHER)
    replica.clear()
    # No pin cookie (the PrimaryPinMiddleware's 5 s may be over): the page is drawn again
    # for the cache, from the primary, and shows the reply.
    client.cookies.pop(routers.PIN_COOKIE, None)
    page = client.get(thread.get_absolute_url())
    assert "Day three without texting him." in page.text
    # The session and the member's own row are read by Django's middleware before there is
    # a plan (a write to that row pins the member to the primary: config.routers); every
    # row the page draws comes from the primary.
    drawn = [label for label in replica if label not in ("sessions.Session", "accounts.User")]
    assert drawn == [], f"a member's cached page read the replica: {drawn}"
    assert "Day three without texting him." in client.get(thread.get_absolute_url()).text


def test_replica_page_no_cache_keeps_still_reads_the_replica(replica, client_for):
    """The double is live: a page the cache does not keep (a member's settings) reads the
    replica as before — so the empty record above means something."""
    client = client_for(factories.make_member(username="rowan"))
    assert client.get("/settings/profile/").status_code == HTTPStatus.OK
    assert replica != []


def test_replica_remembered_search_is_computed_from_the_primary(replica):
    member = factories.make_member(username="rowan")
    factories.make_thread(author=member, title="Blocked his number today")
    replica.clear()
    page = selectors.search_results(member, "blocked number", 1)
    assert [hit.post.thread.title for hit in page.object_list] == ["Blocked his number today"]
    # The reader's own warning choices and mutes (forum.selectors.muting.reader_choices, one
    # UNION labelled by its first model) are read per request and never remembered: they may
    # come from the replica. Everything remembered for every member comes from the primary.
    remembered = [label for label in replica if label != "forum.WarningChoice"]
    assert not any(label.startswith("forum.") for label in remembered), replica
