"""Every forum page runs a constant number of queries whatever the data size.

Each page is fetched at two data sizes (SMALL and LARGE below) with the same pinned
maximum; the comment above each test says what the count is made of. Pages fetched by a
signed-in member pay two queries before the view runs (the session and the user, read
with the menu's unread-notification count: no query of its own); pages that list threads
also ask once whether the member is a moderator (moderators see held threads).
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import services as accounts_services
from forum import search_index, services
from forum.models import Notification, Post, Status, Thread
from tests import factories

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Size:
    name: str
    categories: int
    threads_per_category: int
    big_thread_posts: int
    notifications: int


SMALL = Size("small", categories=2, threads_per_category=2, big_thread_posts=45, notifications=3)
LARGE = Size(
    "large", categories=8, threads_per_category=30, big_thread_posts=1000, notifications=120
)


@dataclass
class Forum:
    size: Size
    reader: object
    big_thread: Thread
    category: object


def bulk_posts(thread, authors, count, *, word="steady"):
    """Fill `thread` up to `count` numbered posts with bulk_create (one query), keeping the
    thread's counters and the search index as the services would."""
    now = timezone.now()
    start = thread.last_post_number + 1
    posts = [
        Post(
            thread=thread,
            author=authors[n % len(authors)],
            body=f"Post {n}: holding {word} today.",
            body_html=f"<p>Post {n}: holding {word} today.</p>",
            body_text=f"Post {n}: holding {word} today.",
            created_at=now,
            number=n,
            status=Status.PUBLISHED,
            helped_count=n % 3,
        )
        for n in range(start, count + 1)
    ]
    Post.objects.bulk_create(posts, batch_size=500)
    last = Post.objects.get(thread=thread, number=count)
    Thread.objects.filter(pk=thread.pk).update(
        last_post_number=count, reply_count=count - 1, last_post=last
    )
    search_index.sync_thread(thread.pk)
    thread.refresh_from_db()


@pytest.fixture(params=[SMALL, LARGE], ids=lambda size: size.name)
def forum(request, db):
    size = request.param
    reader = factories.make_member(username="reader")
    writers = [factories.make_member(username=f"writer{n}") for n in range(4)]
    categories = [
        factories.make_category(name=f"Category {n}", members_only=n == 1)
        for n in range(size.categories)
    ]
    threads = []
    for category in categories:
        for n in range(size.threads_per_category):
            threads.append(
                factories.make_thread(
                    author=writers[n % 4], category=category, title=f"Thread {category.pk}-{n}"
                )
            )
    big = threads[0]
    bulk_posts(big, writers + [reader], size.big_thread_posts)
    # The reader has read part of the big thread, reacted, blocked someone, watches it.
    services.mark_thread_read(member=reader, thread=big, up_to=10)
    services.toggle_reaction(member=reader, post=big.posts.get(number=2), kind="helped")
    services.block_member(blocker=reader, blocked=writers[3])
    services.set_watching(member=reader, thread=big, watching=True)
    Notification.objects.bulk_create(
        Notification(
            recipient=reader,
            kind=Notification.Kind.REPLY,
            actor=writers[n % 4],
            post=big.last_post,
            thread=big,
            created_at=timezone.now(),
        )
        for n in range(size.notifications)
    )
    return Forum(size=size, reader=reader, big_thread=big, category=categories[0])


def thread_page(forum, page):
    url = forum.big_thread.get_absolute_url()
    return url if page == 1 else f"{url}?page={page}"


# Home for a visitor: categories, latest threads, unanswered threads, the team's prompts = 4.
def test_home_queries_for_a_visitor(client, forum, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        assert client.get(reverse("forum:home")).status_code == 200


# Home for a member: session, user (with the moderator check and the nav's unread count),
# categories, latest, threads waiting for a first reply, the team's prompts, read marks for all the
# listed threads (one), the "today" panel's streak and check-in (one), their latest unread
# notifications, their risky dates today or tomorrow (one) = 10. The reader has a streak, has
# checked in, and has 3 or 120 unread notifications.
def test_home_queries_for_a_member(client_for, forum, django_assert_max_num_queries):
    accounts_services.start_streak(
        member=forum.reader, started_on=timezone.now().date() - timedelta(days=3)
    )
    accounts_services.check_in(member=forum.reader)
    client = client_for(forum.reader)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("forum:home"))
    assert response.status_code == 200
    home = response.context["home"]
    assert home.today.days == 3 and home.today.checked_in_today
    assert len(home.replies) == 3
    assert home.waiting  # the writers' threads wait for a reply (the reader's own never do)


# Category for a member: session, user with the moderator check and the nav's unread count (whose
# shield keeps them out of which threads: accounts.shield; moderators are never kept out), category,
# thread page with its count (with authors, categories and last posts' authors, minus what they
# muted or hide: subqueries, no query), read marks, whether they muted the category (its Mute
# button) = 6.
def test_category_queries(client_for, forum, django_assert_max_num_queries):
    client = client_for(forum.reader)
    with django_assert_max_num_queries(6):
        assert client.get(forum.category.get_absolute_url()).status_code == 200


# Category for a visitor: category, thread page with its count = 2.
def test_category_queries_for_a_visitor(client, forum, django_assert_max_num_queries):
    public = forum.big_thread.category  # category 0 is public
    with django_assert_max_num_queries(2):
        assert client.get(public.get_absolute_url()).status_code == 200


# Thread page for a member, first, middle or last page of a thread of 45 or 1,000 posts:
# session, user (with the moderator check and the nav's unread count, which the view reads
# before its writes), thread (with category), posts (with authors and the
# posts they answer), their own view of the page (one UNION: reactions, blocks, open
# reports, read marker, watching, which of the page's authors are moderators, for "Block",
# warning choices and the thread's mute, for folds and the Mute button); then two writes:
# the read marker moves on and this thread's notifications are marked read (skipped when
# none is unread) = 7.
@pytest.mark.parametrize("page", ["first", "middle", "last"])
def test_thread_page_queries_for_a_member(client_for, forum, page, django_assert_max_num_queries):
    pages = forum.big_thread.page_count
    number = {"first": 1, "middle": max(2, pages // 2), "last": pages}[page]
    client = client_for(forum.reader)
    with django_assert_max_num_queries(7):
        response = client.get(thread_page(forum, number))
    assert response.status_code == 200
    assert len(response.context["page"].posts) == (
        20 if page != "last" else (forum.size.big_thread_posts - 1) % 20 + 1
    )


# Thread page for a visitor: thread (with category), posts = 2; nothing else, no writes.
@pytest.mark.parametrize("page", ["first", "last"])
def test_thread_page_queries_for_a_visitor(client, forum, page, django_assert_max_num_queries):
    number = 1 if page == "first" else forum.big_thread.page_count
    with django_assert_max_num_queries(2):
        assert client.get(thread_page(forum, number)).status_code == 200


# Notifications: session, user (with the nav's unread count), count, page (with actors,
# threads and posts, and whether each post is in crisis — the excerpts come from the rows,
# no query) = 4.
def test_notifications_queries(client_for, forum, django_assert_max_num_queries):
    client = client_for(forum.reader)
    with django_assert_max_num_queries(4):
        response = client.get(reverse("forum:notification_list"))
    assert len(response.context["page"].object_list) == min(30, forum.size.notifications)


# Search for a member: session, user (with the nav's unread count), one ranked page of ids with
# their highlighted snippets and the number of matches beside them (forum.search, the index's
# page()), the posts of that page (with thread, category and author), the reader's warning choices
# and mutes (one UNION, per reader) = 5. "holding steady" matches every reply in the big thread.
def test_search_queries(client_for, forum, django_assert_max_num_queries):
    client = client_for(forum.reader)
    with django_assert_max_num_queries(5):
        response = client.get(reverse("forum:search"), {"q": "holding steady"})
    assert len(response.context["results"].object_list) == 20


# Search for a visitor: the ranked page with the count beside it, posts = 2.
def test_search_queries_for_a_visitor(client, forum, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get(reverse("forum:search"), {"q": "holding steady"})
    assert response.context["results"].paginator.count == forum.size.big_thread_posts - 1
