"""Whole pages and fragments cached, and forgotten on write: the page cache, at the bottom of
the stack (it imports no app of ours). docs/caching.md explains the model.

Call sites import the package and use its public names:

    import pagecache as page_cache
    page_cache.bump_on_commit(page_cache.LISTS, page_cache.scopes.thread(thread.pk))
    page_cache.bump_member(member.pk)
    @page_cache.for_visitors(lambda request, pk, **kwargs: [page_cache.scopes.thread(pk)])

and declare their models in their AppConfig.ready() with page_cache.register(...).
"""

from pagecache import scopes
from pagecache.local import LOCAL_SECONDS, forget_local
from pagecache.plan import for_visitors
from pagecache.primary import from_primary, not_storing, reading_primary, storing_paused
from pagecache.registry import (
    never_store_members_page_when,
    not_shown,
    register,
    render_fresh_while_session_holds,
    vary_visitor_pages_on,
)
from pagecache.scopes import (
    LISTS,
    SITE,
    bump,
    bump_member,
    bump_on_commit,
    scope_versions,
    timeout,
)

__all__ = [
    "LISTS",
    "LOCAL_SECONDS",
    "SITE",
    "bump",
    "bump_member",
    "bump_on_commit",
    "for_visitors",
    "forget_local",
    "from_primary",
    "never_store_members_page_when",
    "not_shown",
    "not_storing",
    "reading_primary",
    "register",
    "render_fresh_while_session_holds",
    "scope_versions",
    "scopes",
    "storing_paused",
    "timeout",
    "vary_visitor_pages_on",
]
