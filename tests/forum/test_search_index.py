"""forum.search_index on whichever database the suite uses (both, in CI): the index holds
exactly the posts a reader may find, each with its audience, through every change."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from forum import search_index, services
from forum.models import Post, Status
from tests import factories

pytestmark = pytest.mark.django_db


def indexed() -> dict[int, bool]:
    """Post id -> members only, as the index holds them."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT post_id, members_only FROM {search_index.PG_TABLE}")  # noqa: S608
            return dict(cursor.fetchall())
        cursor.execute(f"SELECT rowid, audience FROM {search_index.FTS_TABLE}")  # noqa: S608
        return {pk: audience == search_index.MEMBERS for pk, audience in cursor.fetchall()}


def findable() -> dict[int, bool]:
    """Post id -> members only, by the live tables' rule."""
    posts = Post.objects.filter(
        status=Status.PUBLISHED, deleted_at__isnull=True, thread__status=Status.PUBLISHED
    )
    return dict(posts.values_list("pk", "thread__category__members_only"))


@pytest.fixture
def forum_posts(member, other_member, category, private_category):
    """Posts of every kind: shown, removed, hidden, a hidden thread, members only."""
    shown = factories.make_thread(author=member, category=category, title="Open")
    private = factories.make_thread(author=member, category=private_category, title="Closed")
    hidden_thread = factories.make_thread(author=member, category=category, title="Hidden")
    factories.make_reply(author=other_member, thread=shown, body="shown")
    factories.make_reply(author=other_member, thread=private, body="members only")
    removed = factories.make_reply(author=other_member, thread=shown, body="removed")
    hidden = factories.make_reply(author=other_member, thread=shown, body="hidden")
    factories.make_reply(author=other_member, thread=hidden_thread, body="in a hidden thread")
    services.delete_post(member=other_member, post=removed)
    services.hide_post(post=hidden, reason="test")
    services.hide_post(post=hidden_thread.posts.get(number=1), reason="test")
    return {"shown": shown, "private": private}


def test_the_index_holds_exactly_the_findable_posts_with_their_audience(forum_posts):
    assert indexed() == findable()
    assert sorted(indexed().values()) == [False, False, True, True]


def test_a_category_changing_audience_is_followed(forum_posts, category):
    category.members_only = True
    category.save()
    search_index.sync_category(category.pk)
    assert indexed() == findable()
    assert all(indexed().values())


def test_a_rebuild_gives_the_same_index(forum_posts):
    before = indexed()
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert indexed() == before


def test_posts_that_no_longer_exist_are_forgotten(forum_posts):
    thread = forum_posts["shown"]
    ids = list(thread.posts.values_list("pk", flat=True))
    thread.delete()  # as a flush empties the tables: the index is no model
    assert set(ids) & set(indexed())
    search_index.forget_missing()
    assert not set(ids) & set(indexed())
    assert indexed() == findable()


def test_the_index_is_the_right_one_for_this_database(forum_posts):
    """PostgreSQL: the planner uses the GIN index of the search table. SQLite: the index
    is an FTS5 table, with the audience as a column of its own."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(
                f"EXPLAIN SELECT post_id FROM {search_index.PG_TABLE} "  # noqa: S608
                "WHERE document @@ websearch_to_tsquery('english', 'shown')"
            )
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert f"{search_index.PG_TABLE}_document" in plan
        else:
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE name = %s", [search_index.FTS_TABLE]
            )
            assert "fts5(title, body, audience" in cursor.fetchone()[0]
