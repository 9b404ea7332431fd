"""Full-text search over thread titles and posts, on PostgreSQL and on SQLite.

Both databases search an index that holds only what a reader may find, each post with its
audience (forum.search_index keeps it in step). The count and the ranking read that index
alone: joining tens of thousands of matches to their posts, threads and categories cost
most of a search.

* PostgreSQL: `forum_post_search`, ranked by ts_rank; websearch syntax ("quoted phrases",
  -not, or), English stemming, snippets by ts_headline.
* SQLite: the FTS5 table `forum_post_fts`, ranked by bm25 (titles count four times);
  Porter stemming, every word and "quoted phrase" must match, snippets by snippet().

Relevance ranks the newest RANKED_MATCHES matches; older matches follow them, newest first.
Ranking reads every ranked match's document, so a word in a quarter of all posts cost a
search 40-90 ms on either database; the newest few hundred are what a reader pages through,
and what the forum is talking about now. Below that many matches nothing changes.

Ties in rank go to the newer post (the higher id). The posts of the page are read again
from the live tables, which check visibility once more (published, not removed, readable
by this visitor), so the index can never show more than the page would. A search runs two
queries whatever the data size: one ranked page of ids with their snippets and the count,
and the posts of that page.

Snippets come back as HTML in which everything is escaped except our own <mark> tags: the
database marks matches with two private-use characters that `body_text` can never contain
(services strip them), and `highlight_html()` turns only those into tags.
"""

import functools
import re
from dataclasses import dataclass

from django.db import connection, connections, router
from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.prepared import PreparedInList
from forum.models import Post, Status
from forum.search_index import CONFIG, FTS_TABLE, MEMBERS, PG_TABLE

MARK_START = "\ue000"
MARK_END = "\ue001"
MAX_QUERY_WORDS = 12
RESULTS_PER_PAGE = 20
RANKED_MATCHES = 500  # a multiple of RESULTS_PER_PAGE: no page is half ranked
_WORD = re.compile(r"\w+")

Rows = list[tuple[int, str, str]]  # (post id, marked title, marked snippet)


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
        self.authenticated = bool(user.is_authenticated)
        self.words = _WORD.findall(text.casefold())[:MAX_QUERY_WORDS]
        index = _SQLiteIndex if connection.vendor == "sqlite" else _PostgresIndex
        self.index = index(text, everyone_only=not self.authenticated)
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
            rows, total = self.index.page(window)
            self.fetched[(window.start, window.stop)] = rows
            if rows:  # past the end there is no row to carry the count
                return total
        return self.index.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[SearchHit]:
        if not self.words:
            return []
        rows = self._already_fetched(window)
        if rows is None:
            rows, _ = self.index.page(window)
        listed = [pk for pk, _, _ in rows]
        posts = {post.pk: post for post in _visible[self.authenticated].fetch(listed)}
        return [
            SearchHit(
                post=posts[pk],
                title_html=highlight_html(title) if title else escape(posts[pk].thread.title),
                snippet_html=highlight_html(snippet),
            )
            for pk, title, snippet in rows
            if pk in posts
        ]


def _visible_posts(listed, *, authenticated: bool):
    """The listed posts a reader may see, by the live tables' rules."""
    posts = Post.objects.filter(
        pk__in=listed,
        status=Status.PUBLISHED,
        deleted_at__isnull=True,
        thread__status=Status.PUBLISHED,
    )
    if not authenticated:
        posts = posts.filter(thread__category__members_only=False)
    # Nothing by a member whose shield is on, for anyone (accounts.shield): the remembered
    # results are shared by every member, whatever their account's age.
    unshielded = Q(author__isnull=True) | Q(author__shield_days__isnull=True)
    unshielded &= Q(thread__author__isnull=True) | Q(thread__author__shield_days__isnull=True)
    return posts.filter(unshielded).select_related("thread__category", "author").only(*_HIT_FIELDS)


# What a hit shows (the `hit` partial of forum/search.html, its fingerprint in forum.fragments,
# forum.selectors.muting.screen_hits): a post's row, its thread's, its category's and its
# author's are wide, and each column read is a value converted.
_HIT_FIELDS = (
    *("anonymous_alias", "created_at", "content_warning", "content_warning_note"),
    *("thread", "thread__title", "thread__category"),
    *(f"thread__category__{name}" for name in ("slug", "name", "colour", "members_only")),
    *("author", "author__username", "author__display_name"),
)


# A page of hits re-read from the live tables: kept SQL for a page's worth (building it was
# some 7 % of a search page), for visitors and for members.
_visible = {
    authenticated: PreparedInList(
        functools.partial(_visible_posts, authenticated=authenticated), size=RESULTS_PER_PAGE
    )
    for authenticated in (False, True)
}


def _limit_offset(window: slice) -> tuple[int | None, int]:
    start = window.start or 0
    return (max(window.stop - start, 0) if window.stop is not None else None), start


def _in_two_parts(window: slice, ranked, newest) -> tuple[Rows, int]:
    """The rows of `window` and the count: positions below RANKED_MATCHES from `ranked`,
    the rest from `newest`; each is called with (limit or None, offset) and skipped when
    the window or the matches do not reach it."""
    limit, offset = _limit_offset(window)
    stop = None if limit is None else offset + limit
    rows, totals = [], []
    if offset < RANKED_MATCHES:
        end = RANKED_MATCHES if stop is None else min(stop, RANKED_MATCHES)
        rows, total = ranked(end - offset, offset)
        totals.append(total)
    if (stop is None or stop > RANKED_MATCHES) and not (rows and totals[0] <= RANKED_MATCHES):
        start = max(offset, RANKED_MATCHES)
        older, total = newest(None if stop is None else stop - start, start)
        rows, totals = rows + older, [*totals, total]
    return rows, max(totals)


def _cursor():
    """A cursor on the database the router reads posts from: a replica when there is one
    (config.routers), as for every other read of a page."""
    return connections[router.db_for_read(Post)].cursor()


def _fetch(sql: str, params: list) -> tuple[Rows, int]:
    """The rows of a page query whose fourth column is the number of matches."""
    with _cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    return [tuple(row[:3]) for row in found], (found[0][3] if found else 0)


class _PostgresIndex:
    """forum_post_search, searched with websearch_to_tsquery (which never fails on input)."""

    _MATCHES = f"""
        FROM {PG_TABLE}, websearch_to_tsquery(%s::regconfig, %s) AS q
        WHERE document @@ q {{audience}}
    """  # noqa: S608 — constants only

    def __init__(self, text: str, *, everyone_only: bool):
        self.params = [CONFIG, text]
        self.matches = self._MATCHES.format(
            audience="AND NOT members_only" if everyone_only else ""
        )

    def count(self) -> int:
        with _cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) {self.matches}", self.params)  # noqa: S608
            return cursor.fetchone()[0]

    def page(self, window: slice) -> tuple[Rows, int]:
        return _in_two_parts(window, self._ranked, self._newest)

    def _ranked(self, limit, offset) -> tuple[Rows, int]:
        """The newest matches ranked on the index's narrow rows."""
        page = f"""
            SELECT post_id, ts_rank(s.document, q) AS rank, q
            FROM (SELECT post_id FROM ids ORDER BY post_id DESC LIMIT %s) AS newest
            JOIN {PG_TABLE} AS s USING (post_id), websearch_to_tsquery(%s::regconfig, %s) AS q
            ORDER BY rank DESC, post_id DESC LIMIT %s OFFSET %s
        """  # noqa: S608 — constants only
        return self._headlined(page, [RANKED_MATCHES, *self.params, limit, offset])

    def _newest(self, limit, offset) -> tuple[Rows, int]:
        page = """
            SELECT post_id, 0 AS rank, q FROM ids, websearch_to_tsquery(%s::regconfig, %s) AS q
            ORDER BY post_id DESC LIMIT %s OFFSET %s
        """
        return self._headlined(page, [*self.params, limit, offset])

    def _headlined(self, page: str, params: list) -> tuple[Rows, int]:
        """The matches' ids are drawn once through the GIN index, whatever the planner
        guesses (walking the primary key backwards for the newest took 9 ms for a rare
        word's 2,000 matches, against 3 ms); the count and the page read them. The
        headlines are drawn from the posts and threads for the page's rows only."""
        sql = f"""
            WITH ids AS MATERIALIZED (SELECT post_id {self.matches}), page AS ({page})
            SELECT page.post_id,
                   ts_headline(%s::regconfig, t.title, page.q, %s),
                   ts_headline(%s::regconfig, p.body_text, page.q, %s),
                   (SELECT COUNT(*) FROM ids)
            FROM page
            JOIN forum_post p ON p.id = page.post_id JOIN forum_thread t ON t.id = p.thread_id
            ORDER BY page.rank DESC, page.post_id DESC
        """  # noqa: S608 — constants only; every value is a parameter
        marks = f'StartSel="{MARK_START}", StopSel="{MARK_END}"'
        title, body = f"{marks}, HighlightAll=true", f"{marks}, MaxWords=35, MinWords=15"
        return _fetch(sql, [*self.params, *params, CONFIG, title, CONFIG, body])


class _SQLiteIndex:
    """forum_post_fts, searched with a MATCH built from the words (see _match)."""

    def __init__(self, text: str, *, everyone_only: bool):
        self.match = _match(text, everyone_only=everyone_only)

    def count(self) -> int:
        with _cursor() as cursor:
            count = f"SELECT COUNT(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
            cursor.execute(count, [self.match])
            return cursor.fetchone()[0]

    def page(self, window: slice) -> tuple[Rows, int]:
        return _in_two_parts(window, self._ranked, self._newest)

    def _ranked(self, limit, offset) -> tuple[Rows, int]:
        """The newest matches ranked on the index alone: those at or above the rowid of the
        RANKED_MATCHES-th newest (FTS5 walks its rowids both ways and seeks to a bound)."""
        page = f"""
            SELECT rowid AS id, bm25({FTS_TABLE}, 4.0, 1.0, 0.0) AS score
            FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid >= (
                SELECT min(rowid) FROM (
                    SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s
                    ORDER BY rowid DESC LIMIT %s
                )
            )
            ORDER BY score, rowid DESC LIMIT %s OFFSET %s
        """  # noqa: S608 — constants only
        params = [self.match, self.match, RANKED_MATCHES, _or_all(limit), offset]
        return self._highlighted(page, params)

    def _newest(self, limit, offset) -> tuple[Rows, int]:
        page = f"""
            SELECT rowid AS id, 0 AS score FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s
            ORDER BY rowid DESC LIMIT %s OFFSET %s
        """  # noqa: S608 — constants only
        return self._highlighted(page, [self.match, _or_all(limit), offset])

    def _highlighted(self, page: str, params: list) -> tuple[Rows, int]:
        """The page is kept apart (FTS5 refuses its own functions once the rows are sorted),
        and only its rows are highlighted. Only the opening post carries the title in the
        index: highlight() of an empty title is empty, and the caller falls back to the
        thread's title. The audience weighs nothing."""
        sql = f"""
            WITH page AS MATERIALIZED ({page})
            SELECT page.id,
                   highlight({FTS_TABLE}, 0, %s, %s),
                   snippet({FTS_TABLE}, 1, %s, %s, ' … ', 30),
                   (SELECT COUNT(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)
            FROM page JOIN {FTS_TABLE} ON {FTS_TABLE}.rowid = page.id
            WHERE {FTS_TABLE} MATCH %s
            ORDER BY page.score, page.id DESC
        """  # noqa: S608 — table names are constants; every value is a parameter
        marks = [MARK_START, MARK_END, MARK_START, MARK_END]
        return _fetch(sql, [*params, *marks, self.match, self.match])


def _or_all(limit):
    return -1 if limit is None else limit  # SQLite's LIMIT for "no limit"


def _match(text: str, *, everyone_only: bool) -> str:
    """An FTS5 MATCH for what someone typed. Each word or "quoted phrase" becomes an FTS5
    string: operators, quotes and brackets are searched as words, never parsed as query
    syntax (which could raise an error). Strings side by side must all match, in the title
    or the body only; a visitor's matches leave out what only members may read (the rarer
    audience: the cheaper to leave out)."""
    phrases = [_WORD.findall(p.casefold()) for p in re.findall(r'"([^"]*)"', text)]
    loose = _WORD.findall(re.sub(r'"[^"]*"', " ", text).casefold())
    terms = [" ".join(words) for words in phrases if words] + loose
    strings = " ".join(f'"{term}"' for term in terms[:MAX_QUERY_WORDS])
    match = f"{{title body}} : ({strings})"
    return f"{match} NOT audience : {MEMBERS}" if everyone_only else match
