"""Full-text search over thread titles and posts, on PostgreSQL and on SQLite.

What a post's search document is: its `search_title` (the thread's title, on opening posts
only) weighted above its `body_text` (the words of the post without Markdown, kept by
forum.services). The two databases index it their own way:

* PostgreSQL: a GIN index on the expression `document()` below, created by migration
  0002_post_search. No extra column and nothing to keep in sync: the query repeats the very
  same expression, so the planner uses the index. Ranked by ts_rank, websearch syntax
  ("quoted phrases", -not, or), English stemming, snippets by ts_headline.
* SQLite: an FTS5 table, `forum_post_fts` (rowid = post id), created by the same migration
  and kept in sync through `sync_posts()` / `sync_thread()` / `sync_category()` (called by
  forum.services, the thread move and the admin): it holds only posts that are published,
  not removed, in published threads, each with its audience ("everyone", or "members" in
  a members-only category; migration 0012). The count and the ranking read this table
  alone: joining tens of thousands of matches to their posts cost three quarters of a
  search. Ranked by bm25 (titles count four times), Porter stemming, snippets by FTS5's
  snippet().

Ties in rank go to the newer post (the higher id). The posts of the page are read again
from the live tables, which check visibility once more (published, not removed, readable
by this visitor), so the index can never show more than the page would. A search runs two
queries whatever the data size: one ranked page of ids with their snippets and the count,
and the posts of that page.

Snippets come back as HTML in which everything is escaped except our own <mark> tags: the
database marks matches with two private-use characters that `body_text` can never contain
(services strip them), and `highlight_html()` turns only those into tags.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Count, Q, Value, Window
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from forum.models import Post, Status

CONFIG = "english"
GIN_INDEX_NAME = "forum_post_search"
FTS_TABLE = "forum_post_fts"
MARK_START = "\ue000"
MARK_END = "\ue001"
MAX_QUERY_WORDS = 12
RESULTS_PER_PAGE = 20
EVERYONE, MEMBERS = "everyone", "members"  # the SQLite index's audience column
_WORD = re.compile(r"\w+")


def document() -> SearchVector:
    """The PostgreSQL search document. Migration 0002_post_search indexes this exact
    expression; change both together (a test checks the planner uses the index)."""
    return SearchVector("search_title", weight="A", config=CONFIG) + SearchVector(
        "body_text", weight="B", config=CONFIG
    )


def strip_marks(text: str) -> str:
    """Remove the characters that mark highlights, so stored text cannot fake a <mark>."""
    return text.replace(MARK_START, "").replace(MARK_END, "")


def highlight_html(text: str) -> SafeString:
    """Escape `text` and turn the database's highlight marks into balanced <mark> tags."""
    out, inside = [], False
    for piece in re.split(f"([{MARK_START}{MARK_END}])", text):
        if piece == MARK_START and not inside:
            out.append("<mark>")
            inside = True
        elif piece == MARK_END and inside:
            out.append("</mark>")
            inside = False
        elif piece not in (MARK_START, MARK_END):
            out.append(str(escape(piece)))
    if inside:
        out.append("</mark>")
    return mark_safe("".join(out))  # noqa: S308 — every piece above was escaped


@dataclass
class SearchHit:
    post: Post
    title_html: SafeString
    snippet_html: SafeString
    warning: str = ""  # a content warning's label, set per reader (forum.selectors.muting)


class RankedSearch:
    """A lazy, sliceable list of SearchHits for django.core.paginator.Paginator."""

    def __init__(self, text: str, user):
        self.text = text
        self.authenticated = bool(user.is_authenticated)
        self.words = _WORD.findall(text.casefold())[:MAX_QUERY_WORDS]
        self.sqlite = connection.vendor == "sqlite"
        self.expected = None  # the window the page will ask for, if the caller knows it
        self.fetched = {}  # (start, stop) -> rows drawn with the count

    def expect(self, window: slice) -> None:
        """Say which window will be asked for: the count then comes with that page's rows,
        in one query (the matches are ranked once, not counted apart)."""
        self.expected = window

    def _already_fetched(self, window: slice):
        # The last page is sliced short (Paginator stops it at the count): the same rows.
        for (start, stop), rows in self.fetched.items():
            if window.start == start and window.stop is not None and window.stop <= stop:
                return rows[: window.stop - start]
        return None

    def count(self) -> int:
        if not self.words:
            return 0
        if self.expected is not None:
            window = self.expected
            if self.sqlite:
                rows, total = _sqlite_page(self._fts_query(), window)
            else:
                rows, total = self._pg_page(window, counted=True)
            self.fetched[(window.start, window.stop)] = rows
            if rows:  # past the end there is no row to carry the count
                return total
        if self.sqlite:
            return _sqlite_count(self._fts_query())
        return self._pg_matches().count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[SearchHit]:
        if not self.words:
            return []
        rows = self._already_fetched(window)
        if rows is None and self.sqlite:
            rows, _ = _sqlite_page(self._fts_query(), window)
        elif rows is None:
            rows, _ = self._pg_page(window)
        # Nothing by a member whose shield is on, for anyone (accounts.shield): the remembered
        # results are shared by every member, whatever their account's age.
        unshielded = Q(author__isnull=True) | Q(author__shield_days__isnull=True)
        unshielded &= Q(thread__author__isnull=True) | Q(thread__author__shield_days__isnull=True)
        posts = (
            self._visible(Post.objects.filter(unshielded))
            .select_related("thread__category", "author")
            .in_bulk([pk for pk, _, _ in rows])
        )
        return [
            SearchHit(
                post=posts[pk],
                title_html=highlight_html(title) if title else escape(posts[pk].thread.title),
                snippet_html=highlight_html(snippet),
            )
            for pk, title, snippet in rows
            if pk in posts
        ]

    # PostgreSQL

    def _pg_query(self) -> SearchQuery:
        return SearchQuery(self.text, search_type="websearch", config=CONFIG)

    def _visible(self, posts):
        posts = posts.filter(
            status=Status.PUBLISHED, deleted_at__isnull=True, thread__status=Status.PUBLISHED
        )
        if not self.authenticated:
            posts = posts.filter(thread__category__members_only=False)
        return posts

    def _pg_matches(self):
        return (
            self._visible(Post.objects.all())
            .annotate(document=document())
            .filter(document=self._pg_query())
        )

    def _pg_page(self, window: slice, *, counted=False) -> tuple[list[tuple[int, str, str]], int]:
        """The window's (id, marked title, snippet) rows and, when `counted`, the number of
        matches beside them (a window COUNT, as on SQLite: one query, not a count apart).
        PostgreSQL draws the headlines only for the page's rows: it puts off costly
        expressions of the select list until after the sort and the limit."""
        query = self._pg_query()
        marks = {"start_sel": MARK_START, "stop_sel": MARK_END, "config": CONFIG}
        rows = (
            self._pg_matches()
            .annotate(
                rank=SearchRank(document(), query),
                title_marked=SearchHeadline("thread__title", query, highlight_all=True, **marks),
                snippet=SearchHeadline(
                    "body_text",
                    query,
                    max_words=35,
                    min_words=15,
                    **marks,
                ),
            )
            .annotate(total=Window(Count("pk")) if counted else Value(0))
            .order_by("-rank", "-pk")
            .values_list("pk", "title_marked", "snippet", "total")[window]
        )
        found = list(rows)
        return [tuple(row[:3]) for row in found], (found[0][3] if found else 0)

    # SQLite

    def _fts_query(self) -> str:
        # Each word or "quoted phrase" becomes an FTS5 string: operators, quotes and brackets
        # in what people type are searched as words, never parsed as query syntax (which
        # could raise an error). Strings side by side must all match.
        phrases = [_WORD.findall(p.casefold()) for p in re.findall(r'"([^"]*)"', self.text)]
        loose = _WORD.findall(re.sub(r'"[^"]*"', " ", self.text).casefold())
        terms = [" ".join(words) for words in phrases if words] + loose
        strings = " ".join(f'"{term}"' for term in terms[:MAX_QUERY_WORDS])
        # What people type is looked for in the title and body only; a visitor's matches
        # leave out what only members may read (the rarer audience: the cheaper to leave out).
        match = f"{{title body}} : ({strings})"
        return match if self.authenticated else f"{match} NOT audience : {MEMBERS}"


def _sqlite_count(match: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match])  # noqa: S608
        return cursor.fetchone()[0]


def _sqlite_page(match: str, window: slice) -> tuple[list[tuple[int, str, str]], int]:
    """The window's (id, marked title, snippet) rows and the number of matches, in one
    query on the full-text table alone: the index holds only what its audience may read
    (see the module's docstring). The page is ranked first and kept apart (FTS5 refuses
    its own functions once the rows are sorted), and only its rows are highlighted."""
    start = window.start or 0
    limit = (window.stop - start) if window.stop is not None else -1
    # Only the opening post carries the title in the index; highlight() of an empty title
    # is empty, and the caller falls back to the thread's title. The audience column
    # weighs nothing: it only narrows a visitor's matches.
    sql = f"""
        WITH page AS MATERIALIZED (
            SELECT rowid AS id, bm25({FTS_TABLE}, 4.0, 1.0, 0.0) AS score
            FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s
            ORDER BY score, rowid DESC
            LIMIT %s OFFSET %s
        )
        SELECT page.id,
               highlight({FTS_TABLE}, 0, %s, %s),
               snippet({FTS_TABLE}, 1, %s, %s, ' … ', 30),
               (SELECT COUNT(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)
        FROM page JOIN {FTS_TABLE} ON {FTS_TABLE}.rowid = page.id
        WHERE {FTS_TABLE} MATCH %s
        ORDER BY page.score, page.id DESC
    """  # noqa: S608 — table names are constants; every value is a parameter
    params = [match, limit, start, MARK_START, MARK_END, MARK_START, MARK_END, match, match]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    return [tuple(row[:3]) for row in found], (found[0][3] if found else 0)


# --- Keeping the SQLite index in step (PostgreSQL needs nothing) -------------------------

_SQLITE_REFILL = f"""
    INSERT INTO {FTS_TABLE}(rowid, title, body, audience)
    SELECT p.id, p.search_title, p.body_text,
           CASE WHEN c.members_only THEN '{MEMBERS}' ELSE '{EVERYONE}' END
    FROM forum_post p JOIN forum_thread t ON t.id = p.thread_id
    JOIN forum_category c ON c.id = t.category_id
    WHERE {{where}} AND p.status = 'published' AND p.deleted_at IS NULL
      AND t.status = 'published'
"""  # noqa: S608 — constants only; the caller's WHERE uses parameters


def sync_posts(post_ids) -> None:
    """Make the index agree with these posts' current state (called inside the service's
    transaction, after the posts are saved)."""
    post_ids = [int(pk) for pk in post_ids]
    if connection.vendor != "sqlite" or not post_ids:
        return
    marks = ", ".join(["%s"] * len(post_ids))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", post_ids)  # noqa: S608
        cursor.execute(_SQLITE_REFILL.format(where=f"p.id IN ({marks})"), post_ids)


def sync_thread(thread_id: int) -> None:
    """Re-index every post of a thread: after its status or title changes, or a bulk load."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {FTS_TABLE} WHERE rowid IN "  # noqa: S608
            "(SELECT id FROM forum_post WHERE thread_id = %s)",
            [thread_id],
        )
        cursor.execute(_SQLITE_REFILL.format(where="p.thread_id = %s"), [thread_id])


def sync_category(category_id: int) -> None:
    """Re-index a category's posts: after it becomes members-only or open to everyone."""
    if connection.vendor != "sqlite":
        return
    posts = "SELECT p.id FROM forum_post p JOIN forum_thread t ON t.id = p.thread_id"
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({posts} WHERE t.category_id = %s)",  # noqa: S608
            [category_id],
        )
        cursor.execute(_SQLITE_REFILL.format(where="t.category_id = %s"), [category_id])


def rebuild() -> None:
    """Rebuild the whole SQLite index from the posts table."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608
        cursor.execute(_SQLITE_REFILL.format(where="1 = 1"))
