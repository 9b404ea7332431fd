"""Specification of forum.selectors beyond what the pages show."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone

from forum import selectors, services
from forum.models import POSTS_PER_PAGE, Post, Thread
from tests import factories

pytestmark = pytest.mark.django_db
PHONE = "Call me on 555 123 4567 tonight."


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, 1),
        ("", 1),
        ("last", 4),
        ("2", 2),
        ("9", 4),
        ("0", None),
        ("-1", None),
        ("two", None),
        ("1.5", None),
        ("²", None),
    ],
)
def test_parse_page(raw, expected):
    assert selectors.parse_page(raw, 4) == expected


def test_get_thread_for_is_the_same_404_for_missing_and_forbidden(member, private_category):
    thread = factories.make_thread(author=member, category=private_category)
    for pk in (thread.pk, 999_999):
        with pytest.raises(Http404) as missing:
            selectors.get_thread_for(AnonymousUser(), pk)
        assert str(missing.value) == "No such thread."


def test_thread_page_shows_own_held_posts_at_the_end_of_the_last_page(thread, other_member):
    for _ in range(POSTS_PER_PAGE):
        factories.make_reply(author=other_member, thread=thread)
    held = services.create_reply(author=other_member, thread=thread, body=PHONE).post
    thread.refresh_from_db()
    last = selectors.thread_page(other_member, thread, thread.page_count)
    assert last.posts[-1] == held
    first = selectors.thread_page(other_member, thread, 1)
    assert held not in first.posts


def test_mark_unread_counts_posts_since_the_last_visit(thread, member, other_member):
    other_member.date_joined = timezone.now() - timedelta(days=1)
    services.mark_thread_read(member=other_member, thread=thread, up_to=1)
    factories.make_reply(author=member, thread=thread)
    factories.make_reply(author=member, thread=thread)
    thread.refresh_from_db()
    [marked] = selectors.mark_unread(other_member, [thread])
    assert (marked.unread_mark.unread, marked.unread_mark.first_unread) == (2, 2)


def test_mark_unread_never_marks_a_members_own_new_thread(thread, member):
    [marked] = selectors.mark_unread(member, [thread])
    assert not marked.unread_mark.new


@pytest.mark.parametrize("listed", [1, 5, 25, 26])
def test_read_marks_of_a_list_equal_the_orms_kept_or_not(member, other_member, listed):
    """A list's read marks come from kept SQL for up to a category page's 25 threads, from
    the ORM beyond: the same rows either way, and none of another member's."""
    from forum.models import ThreadRead
    from forum.selectors import home

    threads = [factories.make_thread(author=member, title=f"T{n}") for n in range(26)]
    now = timezone.now()
    for number, thread in enumerate(threads[::2], start=1):
        ThreadRead.objects.create(
            member=other_member, thread=thread, last_read_post_number=number, last_read_at=now
        )
        ThreadRead.objects.create(member=member, thread=thread, last_read_at=now)
    ids = {thread.pk for thread in threads[:listed]}
    orm = ThreadRead.objects.filter(member=other_member, thread__in=ids)
    expected = sorted(orm.values_list("thread_id", "last_read_post_number"))
    assert sorted(home._reads.fetch(ids, member_id=other_member.pk)) == expected
    assert len(expected) == (listed + 1) // 2


def test_a_whole_category_pages_read_marks_take_the_kept_sql(member, monkeypatch):
    from forum.models import THREADS_PER_PAGE
    from forum.selectors import home

    home._reads.fetch([1], member_id=member.pk)  # the SQL kept

    def built_by_the_orm(*args, **kwargs):
        raise AssertionError("built by the ORM")

    monkeypatch.setattr(home._reads, "_build", built_by_the_orm)
    assert home._reads.fetch(range(1, THREADS_PER_PAGE + 1), member_id=member.pk) == []


def test_first_unread_post_skips_held_posts(thread, member, other_member):
    services.mark_thread_read(member=other_member, thread=thread, up_to=1)
    services.create_reply(author=member, thread=thread, body=PHONE)
    later = factories.make_reply(author=member, thread=thread)
    assert selectors.first_unread_post(other_member, thread) == later


def test_visible_posts_by_skips_removed_and_held(thread, member):
    removed = factories.make_reply(author=member, thread=thread, body="gone")
    services.delete_post(member=member, post=removed)
    services.create_reply(author=member, thread=thread, body=PHONE)
    assert list(selectors.visible_posts_by(member, AnonymousUser())) == [Post.objects.get(number=1)]


def test_get_thread_for_a_visitor_opens_what_the_orm_rule_lets_them(
    member, other_member, django_assert_num_queries
):
    """Visitors' thread look-up is a prepared query (core.prepared): it must open exactly
    the threads Thread.objects.visible_to() lets a visitor open."""
    open_thread = factories.make_thread(author=member)
    pending = factories.make_thread(author=member, title="Held for a moderator")
    Thread.objects.filter(pk=pending.pk).update(status="pending")
    shielded_author = factories.make_member(shield_days=30)
    shielded = factories.make_thread(author=shielded_author)
    visitor = AnonymousUser()
    with django_assert_num_queries(1):
        found = selectors.get_thread_for(visitor, open_thread.pk)
    with django_assert_num_queries(0):
        assert (found, found.category) == (open_thread, open_thread.category)
    for thread in (pending, shielded):
        assert not Thread.objects.visible_to(visitor).filter(pk=thread.pk).exists()
        with pytest.raises(Http404):
            selectors.get_thread_for(visitor, thread.pk)
    assert selectors.get_thread_for(other_member, open_thread.pk) == open_thread


def test_a_members_view_marks_reactions_reports_and_blocks_in_force_on_the_page(
    thread, member, other_member
):
    from forum.models import Block
    from forum.models.blocks import in_force
    from forum.services import muting
    from moderation.actions.reports import report_post
    from moderation.models import Reason

    third = factories.make_member(username="third")
    replies = [
        factories.make_reply(thread=thread, author=author, body=f"Reply {number}.")
        for number, author in enumerate([other_member, third] * POSTS_PER_PAGE)
    ]
    on_first, on_second = replies[0], replies[POSTS_PER_PAGE]  # post 2, post 22
    for post in (on_first, on_second):
        services.toggle_reaction(member=member, post=post, kind="helped")
        report_post(reporter=member, post=post, reason=Reason.HARASSMENT)
    elsewhere = factories.make_thread(author=other_member, title="Elsewhere")
    services.toggle_reaction(member=member, post=elsewhere.posts.get(), kind="strength")
    muting.ignore_member(member=member, ignored=other_member, period="day")
    muting.ignore_member(member=member, ignored=third, period="day")
    Block.objects.filter(blocked=third).update(until=timezone.now() - timedelta(minutes=1))

    page = selectors.thread_page(member, thread, 1)
    by_pk = {post.pk: post for post in page.posts}
    assert by_pk[on_first.pk].my_reactions == {"helped"}
    assert [p.pk for p in page.posts if p.my_reactions] == [on_first.pk]
    assert [p.pk for p in page.posts if p.reported_by_me] == [on_first.pk]
    assert by_pk[on_first.pk].author_blocked  # ignored for a day, still in force
    assert not by_pk[replies[1].pk].author_blocked  # that ignore has ended
    second = selectors.thread_page(member, thread, 2)
    assert [p.pk for p in second.posts if p.my_reactions and p.reported_by_me] == [on_second.pk]
    # The rule for rows already read is active()'s.
    now = timezone.now()
    for until in (None, now + timedelta(seconds=1), now, now - timedelta(days=1)):
        Block.objects.filter(blocked=other_member).update(until=until)
        in_sql = Block.objects.active(now).filter(blocked=other_member).exists()
        assert in_force(until, now) == in_sql
