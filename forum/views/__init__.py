"""Forum pages. Each view parses input, asks forum.permissions, calls one selector or
service, and renders. Anonymous GETs write nothing (no session, no row): view counts go to
the cache (forum.view_counts) and read markers exist only for members.

* pages.py — what everyone reads: home, categories, threads, posts, search, a member's posts.
* writing.py — starting a thread, replying, editing, deleting, reacting, the live preview.
* members.py — a member's own: notifications, watching, blocking.

forum/urls.py names them through this package: `views.thread_detail`."""

from forum.views.members import (
    blocked_list,
    member_block,
    notification_list,
    notifications_read,
    thread_watch,
)
from forum.views.pages import (
    CRISIS_FLAG,
    HELD_FLAG,
    category_detail,
    guidelines,
    home,
    member_posts,
    post_history,
    post_redirect,
    search_page,
    thread_detail,
    thread_redirect,
    thread_unread,
)
from forum.views.writing import (
    WELCOME_TITLE,
    post_delete,
    post_edit,
    post_react,
    preview,
    reply_create,
    thread_create,
)

__all__ = [
    "CRISIS_FLAG",
    "HELD_FLAG",
    "home",
    "guidelines",
    "category_detail",
    "thread_redirect",
    "thread_detail",
    "thread_unread",
    "post_redirect",
    "post_history",
    "search_page",
    "member_posts",
    "WELCOME_TITLE",
    "thread_create",
    "reply_create",
    "post_edit",
    "post_delete",
    "post_react",
    "preview",
    "notification_list",
    "notifications_read",
    "thread_watch",
    "blocked_list",
    "member_block",
]
