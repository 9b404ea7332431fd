"""SQLite's full-text table gains an `audience` column: "everyone", or "members" for posts in
members-only categories. A visitor's search then adds `audience : everyone` to its MATCH,
and the count and the ranking are answered by the full-text table alone, without joining
every match to its post, thread and category (docs/cold-renders.md, "Search").

FTS5 cannot add a column, so the table is made again and refilled. PostgreSQL needs
nothing: its search joins the live tables through the GIN index.
"""

from django.db import migrations

FTS_TABLE = "forum_post_fts"
TOKENIZE = "tokenize = 'porter unicode61 remove_diacritics 2'"
VISIBLE = (
    "FROM forum_post p JOIN forum_thread t ON t.id = p.thread_id "
    "JOIN forum_category c ON c.id = t.category_id "
    "WHERE p.status = 'published' AND p.deleted_at IS NULL AND t.status = 'published'"
)


def _remake(schema_editor, columns: str, values: str) -> None:
    schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    schema_editor.execute(f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({columns}, {TOKENIZE})")
    schema_editor.execute(
        f"INSERT INTO {FTS_TABLE}(rowid, {columns}) SELECT p.id, {values} {VISIBLE}"
    )


def add_audience(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        audience = "CASE WHEN c.members_only THEN 'members' ELSE 'everyone' END"
        _remake(schema_editor, "title, body, audience", f"p.search_title, p.body_text, {audience}")


def drop_audience(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        _remake(schema_editor, "title, body", "p.search_title, p.body_text")


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0011_thread_first_reply_at"),
    ]

    operations = [
        migrations.RunPython(add_audience, drop_audience),
    ]
