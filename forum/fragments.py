"""The posts of a thread page, each drawn once and then taken from the cache.

Drawing a post (its header, streak badge, body, reactions and the links this viewer may
use) through the template cost a signed-in thread page about three quarters of its time:
0.75 ms a post, twenty posts a page. Most of that is the same for every member who looks.

So each post's HTML is cached under a *fingerprint* of everything the `post` partial of
forum/thread_detail.html reads: the post's own fields (body, status, edits, counts), its
author's name and streak badge as this viewer sees them, the relative times as they read
now ("3 minutes ago"), the viewer's reactions, blocks and reports, and the answer to every
permission question the partial asks (PERMISSIONS below). The key is the content, so
nothing needs invalidating: an edit, a hide, a redaction, a new reaction or a member
renaming themselves changes the fingerprint and the next view draws the post afresh (the
old entry expires). Two viewers share an entry exactly when the partial would draw the
same HTML for both.

Forms in a post carry a CSRF token, which differs per member: a post is drawn with the
page cache's placeholder in its place (pagecache.csrf), and the request's own token is put
in when the page is served. The keys and the drawing are pagecache.fragments'; a changed
partial needs no version bump (the keys carry the deploy's release).

Adding a permission question to the partial means adding it to PERMISSIONS (a test reads
the template and fails until you do); adding another per-viewer input means adding it to
_fingerprint().
"""

from collections.abc import Sequence

from django.contrib.humanize.templatetags.humanize import naturaltime
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from forum import permissions
from forum.selectors import masks
from pagecache import csrf
from pagecache import fragments as cached

_PARTIAL = "forum/thread_detail.html#post"

# Every `user|can:"<name>"` the post partial (and the reactions partial inside it) asks,
# and what of: the post, its thread, its author, or nothing.
PERMISSIONS = {
    "react": "post",
    "moderate": None,
    "see_post_body": "post",
    "see_hidden_reason": "post",
    "see_edit_history": "post",
    "reply": "thread",
    "edit_post": "post",
    "delete_post": "post",
    "report": "post",
    "block": "author",
    "reveal_anonymous_author": "post",
}


_POST_RULES = tuple(name for name, subject in PERMISSIONS.items() if subject == "post")
_OTHER_RULES = tuple((name, subject) for name, subject in PERMISSIONS.items() if subject != "post")
_RULES = "rules"  # in `asked`: the post questions' rules, found once a page


def _answers(user, post, asked: dict) -> tuple:
    """The partial's permission answers for this post. `asked` keeps, for one page, the
    rules of the post questions and the answers that do not depend on the post (the
    viewer's, the thread's, each author's)."""
    rules = asked.get(_RULES)
    if rules is None:
        rules = asked[_RULES] = {name: permissions.rule(name) for name in _POST_RULES}
    # permissions.ask_each() leaves each answer on what it was asked of, where the partial's
    # `can`/`of` filter finds it when the post is drawn: one permission pass per page.
    answers = permissions.ask_each(user, rules, post)
    for name, subject in _OTHER_RULES:
        if subject is None:
            key = (name,)
        else:
            key = (name, post.thread_id if subject == "thread" else post.author_id)
        if key not in asked:
            if subject is None:
                asked[key] = bool(permissions.rule(name)(user))
            elif subject == "thread":
                asked[key] = permissions.ask(user, name, post.thread)
            else:
                asked[key] = post.author is not None and permissions.ask(user, name, post.author)
        elif subject == "author" and post.author is not None:
            # Another copy of the same author (one object per post): the answer is the same.
            permissions.remember(user, name, post.author, asked[key])
        answers.append(asked[key])
    return tuple(answers)


def _fingerprint(user, page, post, asked: dict | None = None) -> tuple:
    author = post.author
    reply_to = post.reply_to if post.reply_to_id else None
    replied_author = reply_to.author if reply_to is not None else None
    return (
        post.pk,
        post.thread_id,
        post.number,
        post.status,
        post.created_at,
        naturaltime(post.created_at),
        post.edited_at,
        naturaltime(post.edited_at) if post.edited_at else None,
        post.deleted_at,
        post.deleted_by_author,
        post.hidden_reason,
        post.body_html,
        post.helped_count,
        post.strength_count,
        post.reply_to_id,
        replied_author.public_name if replied_author is not None else None,
        post.crisis_flagged,
        # Anonymity and the shield (forum.selectors.masks) took the author off already.
        post.anonymous_alias,
        getattr(post, "shielded", False),
        user.pk == post.author_id if post.anonymous_alias is not None else None,  # "(you)"
        reply_to.anonymous_alias if reply_to is not None else None,
        (author.pk, author.username, author.public_name, author.date_joined, author.is_guide)
        if author
        else None,
        page.author_badges.get(author.pk) if author else None,  # a frozen dataclass
        tuple(sorted(post.my_reactions)),
        post.author_blocked,
        post.reported_by_me,
        post.content_warning,
        getattr(post, "warning_action", ""),  # forum.content_warnings: per reader
        getattr(post, "warning_label", ""),
        _answers(user, post, {} if asked is None else asked),
    )


def render_posts(request, page, *, also: Sequence[str] = ()) -> dict:
    """Set `post.html` on each post of a ThreadPage, and the page's `pager` and `stream`:
    from the cache when it holds their fingerprints, drawn by the templates (and stored)
    when not. One cache round trip to read, one to store what was missing. The cache keys
    `also` are read in the same round trip; returns what the cache holds for them."""
    asked = {}
    posts = list(page.posts)
    keys = [
        cached.key("postfragment", post.pk, _fingerprint(request.user, page, post, asked))
        for post in posts
    ]
    pager_key = _pager_key(page)
    found = cached.read_with([*keys, *([pager_key] if pager_key else [])], list(also))
    # No request in the context: context processors would put the real CSRF token over ours.
    context = {"page": page, "thread": page.thread, "user": request.user}
    context["csrf_token"] = csrf.placeholder()
    # The reactions partial's message, set only when forum:post_react redraws it alone. A
    # name the template cannot find costs it a chain of exceptions (a fifteenth of a post).
    context["problem"] = ""
    drawn = cached.draw(posts, keys, _PARTIAL, lambda post: {**context, "post": post}, found=found)
    token = None
    for post, html in zip(posts, drawn, strict=True):
        if csrf.placeholder() in html:
            token = token or csrf.token_for(request)
            html = html.replace(csrf.placeholder(), token)
        post.html = mark_safe(html)  # noqa: S308 — drawn by our own template
    if pager_key:
        page.pager = cached.joined(cached.draw([page], [pager_key], _PAGER, _pager, found=found))
    page.stream = _stream(page, posts)
    return {key: found[key] for key in also if key in found}


# The pages of a thread, above and below its posts: drawn once for both places, and kept
# under what it reads (nothing per viewer). Looping over its links twice through the
# template was a tenth of a visitor's thread page.
_PAGER = "forum/_thread_pages.html"


def _pager_key(page) -> str | None:
    if page.page_count < 2:
        return None  # a one-page thread shows no pager
    parts = (page.thread.slug, page.number, page.page_count)
    return cached.key("pager", page.thread.pk, parts)


def _pager(page) -> dict:
    return {"page": page, "thread": page.thread}


def _stream(page, posts) -> str:
    """The posts as one HTML, with the unread divider before the first unread: a loop the
    template no longer runs post by post. Moderators' staff notes go beside the posts, so
    their page is drawn by the template's own loop ("" here)."""
    if page.staff_notes:
        return ""
    parts = []
    for post in posts:
        if post.number and post.number == page.first_unread:
            parts.append(get_template(_DIVIDER).render({}))
        parts.append(post.html)
    return cached.joined(parts)


_DIVIDER = "forum/thread_detail.html#unread_divider"


# --- Rows of thread lists ----------------------------------------------------------------

_ROW_PARTIAL = "forum/_thread_list.html#row"


def _row_fingerprint(thread, show_category: bool) -> tuple:
    """Everything the `row` partial of forum/_thread_list.html reads; no permission
    question, and the only per-viewer input is the unread mark."""
    author, last_post = thread.author, thread.last_post
    category = thread.category if show_category else None
    mark = thread.unread_mark
    return (
        show_category,
        thread.pk,
        thread.slug,
        thread.title,
        thread.pinned,
        thread.locked,
        thread.reply_count,
        thread.last_activity_at,
        naturaltime(thread.last_activity_at),
        (mark.new, mark.unread),
        getattr(thread, "opening_warning", ""),  # forum.selectors.muting.for_reader
        (category.slug, category.name, category.colour, category.members_only)
        if category
        else None,
        author.public_name if author else None,
        thread.anonymous_alias,
        (
            last_post.number,
            last_post.author.public_name if last_post.author else None,
            last_post.anonymous_alias,
        )
        if last_post
        else None,
    )


def _category_fingerprint(category) -> tuple:
    """Everything the `category_row` partial of forum/home.html reads (nothing per viewer)."""
    return (
        category.pk,
        category.slug,
        category.name,
        category.colour,
        category.members_only,
        category.description,
        category.thread_count,
        category.post_count,
        category.last_activity_at,
        naturaltime(category.last_activity_at) if category.last_activity_at else None,
    )


def category_rows(categories) -> str:
    """The home page's category rows, each drawn once per change of what it shows."""
    keys = [cached.key("categoryrow", c.pk, _category_fingerprint(c)) for c in categories]
    rows = cached.draw(categories, keys, "forum/home.html#category_row", lambda c: {"category": c})
    return cached.joined(rows)


def _hit_fingerprint(hit) -> tuple:
    """Everything the `hit` partial of forum/search.html reads (nothing per viewer: who may
    see a hit is decided by the search, before it is drawn)."""
    post = hit.post
    category = post.thread.category
    return (
        post.pk,
        str(hit.title_html),
        str(hit.snippet_html),
        hit.warning,  # forum.selectors.muting.screen_hits: per reader
        (category.slug, category.name, category.colour, category.members_only),
        post.author.public_name if post.author else None,
        post.anonymous_alias,
        post.created_at,
        naturaltime(post.created_at),
    )


def search_hits(hits) -> str:
    """A page of search results, each hit drawn once per change of what it shows."""
    masks.mask_search_hits(hits)
    keys = [cached.key("searchhit", hit.post.pk, _hit_fingerprint(hit)) for hit in hits]
    return cached.joined(cached.draw(hits, keys, "forum/search.html#hit", lambda h: {"hit": h}))


def thread_rows(threads, *, show_category: bool) -> str:
    """The <li> rows of a thread list, each from the cache when a row with this fingerprint
    was drawn before (by any viewer: the row shows nothing private but the unread mark,
    which is in the fingerprint). One cache round trip to read, one to store the misses."""
    masks.mask_thread_rows(threads)
    keys = [cached.key("threadrow", t.pk, _row_fingerprint(t, show_category)) for t in threads]
    rows = cached.draw(
        threads, keys, _ROW_PARTIAL, lambda t: {"thread": t, "show_category": show_category}
    )
    return cached.joined(rows)
