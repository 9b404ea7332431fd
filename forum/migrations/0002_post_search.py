"""Full-text search: a GIN expression index on PostgreSQL, an FTS5 table on SQLite.

Each database gets only its own structure (the other is skipped), so this migration runs on
both. The PostgreSQL expression is written out here rather than imported so that this
migration keeps meaning what it meant (0013 replaced this index by a stored column).
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations, models

GIN_INDEX_NAME = "forum_post_search"
FTS_TABLE = "forum_post_fts"


def _gin_index():
    return GinIndex(
        SearchVector("search_title", weight="A", config="english")
        + SearchVector("body_text", weight="B", config="english"),
        name=GIN_INDEX_NAME,
    )


def create_search_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.add_index(apps.get_model("forum", "Post"), _gin_index())
    elif vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
            "title, body, tokenize = 'porter unicode61 remove_diacritics 2')"
        )
        schema_editor.execute(
            f"INSERT INTO {FTS_TABLE}(rowid, title, body) "
            "SELECT p.id, p.search_title, p.body_text FROM forum_post p "
            "JOIN forum_thread t ON t.id = p.thread_id "
            "WHERE p.status = 'published' AND p.deleted_at IS NULL AND t.status = 'published'"
        )


def drop_search_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("forum", "Post"), _gin_index())
    elif vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0001_forum"),
    ]

    operations = [
        migrations.AddField(
            model_name="post",
            name="search_title",
            field=models.CharField(blank=True, editable=False, max_length=150),
        ),
        migrations.AddField(
            model_name="postrevision",
            name="title",
            field=models.CharField(blank=True, max_length=150),
        ),
        migrations.RunPython(create_search_index, drop_search_index),
    ]
