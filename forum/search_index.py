"""The search index, kept in step with the posts, on both databases (forum.search reads it).

It holds one row per post a reader may find: published, not removed, in a published thread,
with its audience (in a members-only category or not). Whatever changes one of these, or a
post's words, calls the matching sync function inside its own transaction: forum.services,
the thread move (moderation), the category admin, a member's erasure (forum.data_rights).

* SQLite: the FTS5 table `forum_post_fts(title, body, audience)` (rowid = post id;
  migrations 0002 and 0012). The audience is a word, "everyone" or "members", so that a
  visitor's MATCH can leave the members' posts out.
* PostgreSQL: the table `forum_post_search(post_id, document, members_only)`, with a GIN
  index on the tsvector `document` (migration 0013). Narrow on purpose: ranking a common
  word reads every match's document, and read from the posts table (wide rows, the
  document parsed again from the text) that took 650 ms for 50,000 matches; here, 40 ms.

A post's document is its `search_title` (the thread's title, on opening posts only) weighted
above its `body_text` (the words without Markdown, kept by forum.services).
"""

from django.db import DEFAULT_DB_ALIAS, connection, connections

FTS_TABLE = "forum_post_fts"
PG_TABLE = "forum_post_search"
CONFIG = "english"
EVERYONE, MEMBERS = "everyone", "members"  # SQLite's audience words

_VISIBLE = """
    FROM forum_post p JOIN forum_thread t ON t.id = p.thread_id
    JOIN forum_category c ON c.id = t.category_id
    WHERE {where} AND p.status = 'published' AND p.deleted_at IS NULL
      AND t.status = 'published'
"""
# Another transaction may have filled the same post's row since this one deleted it (two
# edits at once, on PostgreSQL): the later one wins, with what it read.
_REFILL = {
    "sqlite": f"""
        INSERT INTO {FTS_TABLE}(rowid, title, body, audience)
        SELECT p.id, p.search_title, p.body_text,
               CASE WHEN c.members_only THEN '{MEMBERS}' ELSE '{EVERYONE}' END
        {_VISIBLE}
    """,  # noqa: S608 — constants only; the caller's WHERE uses parameters
    "postgresql": f"""
        INSERT INTO {PG_TABLE}(post_id, document, members_only)
        SELECT p.id,
               setweight(to_tsvector('{CONFIG}', COALESCE(p.search_title, '')), 'A')
               || setweight(to_tsvector('{CONFIG}', COALESCE(p.body_text, '')), 'B'),
               c.members_only
        {_VISIBLE}
        ON CONFLICT (post_id) DO UPDATE
        SET document = EXCLUDED.document, members_only = EXCLUDED.members_only
    """,  # noqa: S608
}
_KEY = {"sqlite": (FTS_TABLE, "rowid"), "postgresql": (PG_TABLE, "post_id")}


def _resync(where: str, params: list, post_ids_sql: str) -> None:
    """Delete the rows of the posts `post_ids_sql` selects and refill the visible ones."""
    vendor = connection.vendor
    if vendor not in _KEY:
        return
    table, key = _KEY[vendor]
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {key} IN ({post_ids_sql})", params)  # noqa: S608
        cursor.execute(_REFILL[vendor].format(where=where), params)


def sync_posts(post_ids) -> None:
    """Make the index agree with these posts' current state (called inside the service's
    transaction, after the posts are saved)."""
    post_ids = [int(pk) for pk in post_ids]
    if post_ids:
        marks = ", ".join(["%s"] * len(post_ids))
        _resync(f"p.id IN ({marks})", post_ids, marks)


def sync_thread(thread_id: int) -> None:
    """Re-index every post of a thread: after its status, title or category changes."""
    posts = "SELECT id FROM forum_post WHERE thread_id = %s"
    _resync("p.thread_id = %s", [thread_id], posts)


def sync_category(category_id: int) -> None:
    """Re-index a category's posts: after it becomes members-only or open to everyone."""
    posts = (
        "SELECT p.id FROM forum_post p JOIN forum_thread t ON t.id = p.thread_id "
        "WHERE t.category_id = %s"
    )
    _resync("t.category_id = %s", [category_id], posts)


def rebuild() -> None:
    """Rebuild the whole index from the posts table (after a bulk load)."""
    vendor = connection.vendor
    if vendor not in _KEY:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_KEY[vendor][0]}")  # noqa: S608
        cursor.execute(_REFILL[vendor].format(where="1 = 1"))


def forget_missing(using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """Drop the rows of posts that no longer exist. A flush (the test runner's, between
    tests that commit) empties the posts table but not the index, which no model declares;
    it sends post_migrate, as migrate does (forum.apps)."""
    database = connections[using]
    if database.vendor not in _KEY:
        return
    table, key = _KEY[database.vendor]
    if table not in database.introspection.table_names():  # migrated back before it
        return
    with database.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE {key} NOT IN (SELECT id FROM forum_post)"  # noqa: S608
        )
