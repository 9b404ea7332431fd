"""Search results, and the member's remembered search."""

import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator

import pagecache as page_cache
from forum import search
from forum.selectors import muting


def search_results(user, text: str, page_number):
    """Three queries: count, one ranked page of ids and snippets, the posts of the page
    (see forum.search). For members, none when the same search was made since the lists
    last changed (RememberedSearch); visitors' search pages are cached whole already."""
    hits = search.RankedSearch(text, user)
    hits.expect(_window(page_number))  # the count comes with the page's rows
    if user.is_authenticated and page_cache.timeout() > 0:
        hits = RememberedSearch(hits)
    page = Paginator(hits, search.RESULTS_PER_PAGE).get_page(page_number)
    page.object_list = muting.screen_hits(user, page.object_list)  # per reader, not remembered
    return page


MAX_GUESSED_PAGE = 10_000


def _window(page_number) -> slice:
    """The rows Paginator.get_page() will slice for `page_number` when it exists (a guess
    only: another page is fetched by itself)."""
    try:
        number = max(int(page_number), 1)
    except (TypeError, ValueError):
        number = 1
    if number > MAX_GUESSED_PAGE:  # an absurd page: Paginator gives the last (SQLite's
        number = 1  # integers overflow on a huge offset)
    return slice((number - 1) * search.RESULTS_PER_PAGE, number * search.RESULTS_PER_PAGE)


class RememberedSearch:
    """A RankedSearch whose count and pages are kept in the cache under the "lists" scope's
    version (pagecache), for as long as a visitor's cached search page is: every
    member sees the same results (only signed in or not changes them), and the full-text
    count and ranking cost a member's search page four fifths of its time."""

    def __init__(self, hits: search.RankedSearch):
        self.hits = hits
        self.key = None

    def _remembered(self, part: str, compute):
        if self.key is None:
            versions = page_cache.scope_versions("lists")
            raw = repr((versions, self.hits.authenticated, self.hits.words)).encode()
            self.key = "search:" + hashlib.blake2b(raw, digest_size=16).hexdigest()
        found = cache.get(f"{self.key}:{part}")
        if found is None:
            with page_cache.from_primary():  # kept for every member: never a lagging replica's
                found = compute()
            cache.set(f"{self.key}:{part}", found, timeout=page_cache.timeout())
        return found

    def count(self) -> int:
        return self._remembered("count", self.hits.count)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice):
        return self._remembered(f"{window.start}:{window.stop}", lambda: self.hits[window])
