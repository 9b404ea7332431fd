"""Reads that forum pages share: fetch-and-authorize helpers and per-page summaries, one module
per page or object.

Every function here runs a fixed number of queries whatever the data size; the docstrings
say how many, and tests/forum/test_queries.py pins the page totals. The public names are
imported here, so callers write `from forum import selectors` and `selectors.thread_page(...)`."""

from forum.selectors.access import (
    get_category_for,
    get_member,
    get_member_posts_owner,
    get_post_for,
    get_thread_for,
)
from forum.selectors.home import (
    LATEST_ON_HOME,
    PROMPTS_ON_HOME,
    REPLIES_ON_HOME,
    UNANSWERED_ON_HOME,
    WAITING_ON_HOME,
    HomePage,
    UnreadMark,
    category_threads,
    home_page,
    mark_unread,
)
from forum.selectors.members import (
    RECENT_POSTS_ON_PROFILE,
    blocked_members,
    is_blocking,
    member_posts_page,
    recent_posts_for,
    visible_posts_by,
)
from forum.selectors.notifications import (
    EXCERPT_CHARS,
    NOTIFICATIONS_PER_PAGE,
    notifications_page,
    remember_unread_notification_count,
    unread_notification_count,
)
from forum.selectors.pledges import PledgePanel, daily_pledge_of, pledge_panel_for
from forum.selectors.searches import RememberedSearch, search_results
from forum.selectors.threads import (
    ThreadPage,
    first_unread_post,
    parse_page,
    positive_int,
    thread_page,
)
from forum.selectors.writing import (
    categories_to_start_in,
    category_among,
    post_in_thread,
    reaction_kinds_by,
    revisions_of,
)

__all__ = [
    "PledgePanel",
    "daily_pledge_of",
    "pledge_panel_for",
    "get_category_for",
    "get_thread_for",
    "get_post_for",
    "get_member",
    "get_member_posts_owner",
    "LATEST_ON_HOME",
    "UNANSWERED_ON_HOME",
    "PROMPTS_ON_HOME",
    "WAITING_ON_HOME",
    "REPLIES_ON_HOME",
    "UnreadMark",
    "mark_unread",
    "HomePage",
    "home_page",
    "category_threads",
    "ThreadPage",
    "positive_int",
    "parse_page",
    "thread_page",
    "first_unread_post",
    "NOTIFICATIONS_PER_PAGE",
    "EXCERPT_CHARS",
    "notifications_page",
    "unread_notification_count",
    "remember_unread_notification_count",
    "RECENT_POSTS_ON_PROFILE",
    "visible_posts_by",
    "recent_posts_for",
    "member_posts_page",
    "blocked_members",
    "is_blocking",
    "search_results",
    "RememberedSearch",
    "categories_to_start_in",
    "category_among",
    "post_in_thread",
    "revisions_of",
    "reaction_kinds_by",
]
