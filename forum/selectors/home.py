"""The home page and a category's list of threads, with each thread's unread mark."""

import functools
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.db.models import Count, Subquery
from django.http import Http404

from accounts import roles, shield
from accounts.streaks import dates as risky_dates
from accounts.streaks import selectors as streak_selectors
from core.prepared import PreparedInList, PreparedQuery
from forum import permissions
from forum.models import (
    THREADS_PER_PAGE,
    Category,
    Notification,
    Thread,
    ThreadRead,
)
from forum.selectors import access, muting

LATEST_ON_HOME = 10
UNANSWERED_ON_HOME = 5
PROMPTS_ON_HOME = 4
WAITING_ON_HOME = 3
REPLIES_ON_HOME = 3


@dataclass
class UnreadMark:
    """How a thread looks to a member in a list: never opened (`new`), or opened with
    `unread` posts since, starting at post number `first_unread`."""

    new: bool = False
    unread: int = 0
    first_unread: int | None = None


def mark_unread(user, threads) -> list[Thread]:
    """Set `thread.unread_mark` on each thread. One query for members, none for visitors."""
    threads = list(threads)
    if not user.is_authenticated:
        for thread in threads:
            thread.unread_mark = UnreadMark()
        return threads
    reads = dict(_reads.fetch([t.pk for t in threads], member_id=user.pk))
    for thread in threads:
        last_read = reads.get(thread.pk)
        if last_read is None:
            is_new = thread.last_activity_at > user.date_joined and thread.author_id != user.pk
            thread.unread_mark = UnreadMark(new=is_new)
        elif thread.last_post_number > last_read:
            thread.unread_mark = UnreadMark(
                unread=thread.last_post_number - last_read, first_unread=last_read + 1
            )
        else:
            thread.unread_mark = UnreadMark()
    return threads


def _reads_query(listed, member_id):
    reads = ThreadRead.objects.filter(member_id=member_id, thread_id__in=listed)
    return reads.values_list("thread_id", "last_read_post_number")


# A list's read marks, asked by every signed-in list page: kept SQL for up to a category page's
# threads (the home page's lists hold fewer). Building it each time cost a member's category
# page a tenth.
_reads = PreparedInList(_reads_query, size=THREADS_PER_PAGE, ids=("member_id",))


@dataclass
class HomePage:
    categories: list[Category]
    latest: list[Thread]
    # Visitors: the newest threads without a reply. Members see `waiting` instead, in their
    # "today" panel: the threads that have waited longest for someone else's first reply.
    unanswered: list[Thread]
    prompts: list[Thread]
    today: "streak_selectors.Today | None" = None
    replies: list[Notification] = field(default_factory=list)
    waiting: list[Thread] = field(default_factory=list)
    # The member's risky dates today and tomorrow: on such a day the page leads with SOS.
    risky: "risky_dates.RiskyDays | None" = None


def _listed(user, among=None):
    # Without the categories: the page reads them all anyway (access.categories_for), and
    # _give_categories() hands each thread its own.
    listed = Thread.objects.visible_to(user, among=among).listed().for_listing(category=False)
    return muting.for_reader(listed, user)


def _give_categories(threads, categories) -> None:
    """Set each thread's category from the page's list of them: a thread a reader may see is
    in a category they may see, so none is left to load."""
    by_pk = {category.pk: category for category in categories}
    for thread in threads:
        if thread.category_id in by_pk:
            thread.category = by_pk[thread.category_id]


def _home_lists(user, among=None) -> tuple:
    return (
        _listed(user, among).without_quiet_prompts().latest()[:LATEST_ON_HOME],
        _listed(user, among).prompts()[:PROMPTS_ON_HOME],
    )


# What a visitor's home page lists does not depend on who they are: its four queries are the
# same SQL for every visitor, compiled once per process (core.prepared). The lists keep to
# the categories the page read first, by id (ThreadQuerySet.visible_to's `among`).
_VISITOR = AnonymousUser()
CATEGORIES_KEPT = 40  # more categories than this: the lists are built by the ORM


def _visitors_list(index: int, among):
    listed = _listed(_VISITOR, among)
    return (*_home_lists(_VISITOR, among), listed.unanswered()[:UNANSWERED_ON_HOME])[index]


_visitors_lists = [
    PreparedInList(functools.partial(_visitors_list, index), size=CATEGORIES_KEPT)
    for index in range(3)
]


def _visitors_home() -> HomePage:
    categories = access.categories_for(_VISITOR)
    among = [category.pk for category in categories]
    latest, prompts, unanswered = (query.fetch(among) for query in _visitors_lists)
    _give_categories(latest + unanswered + prompts, categories)
    mark_unread(_VISITOR, latest + unanswered + prompts)
    return HomePage(categories, latest, unanswered, prompts)


def _members_home_lists(user) -> tuple:
    waiting = (
        muting.for_reader(Thread.objects.visible_to(user), user)
        .for_listing(category=False)
        .awaiting_first_reply()
        .exclude(author_id=user.pk)[:WAITING_ON_HOME]
    )
    replies = (
        Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)
        # The post: an anonymous one's notification has no actor, only the post's alias.
        .select_related("actor", "thread", "post")
        .only(*_REPLY_FIELDS)
        .order_by("-created_at", "-pk")[:REPLIES_ON_HOME]
    )
    return (*_home_lists(user), waiting, replies)


# What the "Replies to you" list shows: a post's row carries its source and HTML too.
_REPLY_FIELDS = (
    *("kind", "actor", "actor__username", "actor__display_name"),
    *("thread", "thread__title", "thread__slug", "post", "post__anonymous_alias"),
)


# A member's lists depend on their id (mutes, their own threads, notifications) and their
# account's age in whole days (others' shields): kept SQL too, built with a stand-in reader.
# Each list names the numbers it uses (notifications only the id).
_READER = ("member_id", "whole_days")
_MEMBERS_LISTS_USE = (_READER, _READER, _READER, ("member_id",))


def _members_list(index: int, member_id: int = 0, whole_days: int = 0):
    return _members_home_lists(shield.Reader(member_id, whole_days))[index]


_members_lists = [
    (PreparedQuery(functools.partial(_members_list, index), ids=names), names)
    for index, names in enumerate(_MEMBERS_LISTS_USE)
]


def home_page(user, *, now=None) -> HomePage:
    """The home page, whatever the number of categories, threads, posts or notifications.

    Visitors, four queries: categories, latest, unanswered, prompts. Members, eight:
    categories, latest, threads waiting for a first reply (not their own), prompts, read
    marks for all of those (one), their day (streak and today's check-in, one), their
    latest unread notifications, their risky dates today or tomorrow. The team's prompts
    that nobody has answered yet fill neither Latest nor the waiting lists: they have a
    section of their own."""
    if not user.is_authenticated:
        return _visitors_home()
    numbers = _kept_numbers(user)
    if numbers is None:
        lists = [list(query) for query in _members_home_lists(user)]
    else:
        lists = [
            query.fetch(**{name: numbers[name] for name in names})
            for query, names in _members_lists
        ]
    latest, prompts, waiting, replies = lists
    categories = access.categories_for(user)
    _give_categories(latest + waiting + prompts, categories)
    mark_unread(user, latest + waiting + prompts)  # one query; each copy of a thread marked
    return HomePage(
        categories,
        latest,
        [],
        prompts,
        today=streak_selectors.today_for(user, now=now),
        replies=replies,
        waiting=waiting,
        risky=risky_dates.risky_days_for(user, now=now),
    )


def _category_list(user, category_id: int, *, counting=False):
    # The category is one the reader may see (category_threads): a visitor's threads need
    # not be joined to it to ask so again.
    threads = Thread.objects.visible_to(user, counting=counting, among=[category_id]).listed()
    threads = threads.filter(category_id=category_id)
    # Without the category: every row's would be another copy of the page's own.
    threads = threads.for_listing(category=False).pinned_first()
    return muting.for_reader(threads, user, category_mutes=False)  # the member's own list


def _kept_category_query(page: int, category_id: int, member_id=None, whole_days=None):
    """Page 0: the count of a reader's threads in the category; page n: its nth page, each
    row carrying that count (`listed_count`), so a page's rows and its count are one trip."""
    reader = _VISITOR if member_id is None else shield.Reader(member_id, whole_days)
    counted = _category_list(reader, category_id, counting=True).order_by()
    counted = counted.values("category_id").annotate(n=Count("pk"))
    if page == 0:
        return counted.values_list("n", flat=True)
    threads = _category_list(reader, category_id).annotate(
        listed_count=Subquery(counted.values("n"))
    )
    return threads[(page - 1) * THREADS_PER_PAGE : page * THREADS_PER_PAGE]


# A reader's count and first pages of a category, as kept SQL per reader shape (a visitor;
# a member: id and whole days) and page (its LIMIT and OFFSET are written into the SQL).
# Deeper pages are rare, and moderators see everything: both built each time.
KEPT_CATEGORY_PAGES = 5
_kept_category = {
    (shape, page): PreparedQuery(
        functools.partial(_kept_category_query, page), ids=("category_id", *shape)
    )
    for shape in ((), _READER)
    for page in range(KEPT_CATEGORY_PAGES + 1)
}


def _kept_numbers(user) -> dict | None:
    """What a kept list is filled with for this reader (core.prepared): nothing for a
    visitor, id and whole days for a member; None for a moderator (another shape)."""
    if not user.is_authenticated:
        return {}
    if roles.is_moderator(user):
        return None
    return {"member_id": user.pk, "whole_days": shield.whole_days_joined(user)}


def category_threads(user, category: Category, page_number):
    """A page of the category's threads, pinned first then by latest activity. One query
    for a visitor (the page, with the count), two for a member (and read marks); one more
    for a page past the last or deeper than KEPT_CATEGORY_PAGES."""
    if not permissions.can_view_category(user, category):
        raise Http404("No such category.")  # the lists below no longer ask (_category_list)
    numbers = _kept_numbers(user)
    if numbers is None:
        paginator = Paginator(_category_list(user, category.pk), THREADS_PER_PAGE)
        page = paginator.get_page(page_number)
    else:
        numbers["category_id"] = category.pk
        page = _kept_category_page(user, numbers, category, page_number)
    page.object_list = mark_unread(user, page.object_list)
    for thread in page.object_list:
        thread.category = category
    return page


def _kept_category_page(user, numbers: dict, category: Category, page_number):
    """category_threads() from the kept SQL: the page asked for comes with the count (a
    round trip saved, a fifth of a visitor's category page on PostgreSQL); a page past the
    last, or one deeper than the kept ones, needs the count apart. The queryset is built
    only for a page the kept SQL does not cover: building it cost a member's category page
    a fifth of its time (docs/cold-renders.md)."""
    shape = tuple(name for name in _READER if name in numbers)
    asked = _page_asked(page_number)
    kept = asked <= KEPT_CATEGORY_PAGES
    rows = _kept_category[shape, asked].fetch(**numbers) if kept else []
    paginator = Paginator((), THREADS_PER_PAGE)
    if rows:
        paginator.count = rows[0].listed_count
    else:
        paginator.count = sum(_kept_category[shape, 0].fetch(**numbers))
    page = paginator.get_page(page_number)
    if kept and page.number == asked:
        page.object_list = rows
    elif page.number <= KEPT_CATEGORY_PAGES:
        page.object_list = _kept_category[shape, page.number].fetch(**numbers)
    else:
        start = (page.number - 1) * THREADS_PER_PAGE
        threads = _category_list(user, category.pk)
        page.object_list = threads[start : start + THREADS_PER_PAGE]
    return page


def _page_asked(page_number) -> int:
    """The page number as Paginator.get_page() reads it, before it knows the count: 1 for
    anything that is not a whole number of at least 1."""
    try:
        number = int(page_number)
    except (TypeError, ValueError):
        return 1
    return number if number >= 1 else 1
