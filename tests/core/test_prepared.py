"""Specification of core.prepared: the SQL is compiled once per process and database, and
every call gives exactly what the ORM gives for the same ids."""

import datetime
import re
import threading

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import Count, Value
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.prepared import PreparedQuery, prepared
from forum.models import Notification, Post, Thread, ThreadRead
from tests.factories import make_category, make_member, make_reply, make_thread

pytestmark = pytest.mark.django_db


def unread_counts(member_id):
    unread = Notification.objects.filter(recipient_id=member_id, read_at__isnull=True)
    return unread.order_by().values("recipient_id").annotate(n=Count("pk")).values_list("n")


def notify(member, n, *, read=False):
    now = timezone.now()
    for _ in range(n):
        Notification.objects.create(
            recipient=member,
            kind=Notification.Kind.REPLY,
            created_at=now,
            read_at=now if read else None,
        )


def test_prepared_rows_equal_what_the_orm_gives_for_each_id():
    ann, bea, cal = make_member(), make_member(), make_member()
    notify(ann, 3)
    notify(ann, 2, read=True)
    notify(bea, 1)
    query = PreparedQuery(unread_counts)
    for member in (ann, bea, cal):
        assert query.fetch(member_id=member.pk) == list(unread_counts(member.pk))
    assert query.fetch(member_id=ann.pk) == [(3,)]
    assert query.fetch(member_id=cal.pk) == []


def test_prepared_instances_are_the_orm_objects_with_converted_fields():
    member = make_member()
    thread = make_thread(author=member, category=make_category())
    read_at = timezone.now() - datetime.timedelta(hours=2)
    ThreadRead.objects.filter(member=member, thread=thread).delete()
    ThreadRead.objects.create(
        member=member, thread=thread, last_read_post_number=7, last_read_at=read_at
    )
    query = prepared(
        lambda member_id, thread_id: ThreadRead.objects.filter(
            member_id=member_id, thread_id=thread_id
        )
    )

    (found,) = query.fetch(member_id=member.pk, thread_id=thread.pk)

    expected = ThreadRead.objects.get(member=member, thread=thread)
    assert found == expected
    assert (found.last_read_post_number, found.last_read_at) == (7, expected.last_read_at)
    assert found.last_read_at == read_at  # an aware datetime on SQLite too (its converter ran)
    assert not found._state.adding  # saved later, it updates its row
    assert query.fetch(member_id=member.pk, thread_id=thread.pk + 1000) == []


def test_prepared_compiles_once_and_counts_as_one_query(django_assert_num_queries):
    member = make_member()
    built = []

    def moderators_group_of(member_id):
        built.append(member_id)
        return Group.objects.filter(user=member_id, name="Moderators").values_list("pk")[:1]

    query = PreparedQuery(moderators_group_of)
    query.fetch(member_id=member.pk)
    calls = len(built)
    with django_assert_num_queries(1):
        assert query.fetch(member_id=member.pk) == []
    group = Group.objects.get_or_create(name="Moderators")[0]
    member.groups.add(group)
    assert query.fetch(member_id=member.pk) == [(group.pk,)]
    assert len(built) == calls  # the SQL was kept, not built again


def test_prepared_refuses_an_id_the_sql_does_not_carry_as_is():
    query = PreparedQuery(lambda member_id: Notification.objects.filter(recipient_id=member_id + 1))
    with pytest.raises(ValueError, match="member_id"):
        query.fetch(member_id=1)


def test_prepared_refuses_a_query_holding_a_time():
    # Kept, "now" would stop moving: such a query stays with the ORM.
    query = PreparedQuery(
        lambda member_id: Notification.objects.filter(
            recipient_id=member_id, created_at__gte=timezone.now()
        )
    )
    with pytest.raises(ValueError, match="date or time"):
        query.fetch(member_id=1)
    in_a_subquery = PreparedQuery(
        lambda member_id: Thread.objects.filter(
            author_id=member_id,
            pk__in=Post.objects.filter(created_at__lt=timezone.now()).values("thread_id"),
        )
    )
    with pytest.raises(ValueError, match="date or time"):
        in_a_subquery.fetch(member_id=1)


def test_prepared_refuses_missing_or_unknown_ids():
    query = PreparedQuery(unread_counts)
    with pytest.raises(TypeError):
        query.fetch()
    with pytest.raises(TypeError):
        query.fetch(member_id=1, thread_id=2)


def test_prepared_objects_bring_their_select_related_rows_and_annotations():
    member = make_member(display_name="Robin")
    thread = make_thread(author=member, category=make_category(name="Evenings"))
    query = PreparedQuery(
        lambda thread_id: (
            Post.objects.filter(thread_id=thread_id)
            .select_related("author", "thread__category")
            .annotate(later=Value(1))
            .order_by("number")
        )
    )
    (post,) = query.fetch(thread_id=thread.pk)
    with CaptureQueriesContext(connection) as seen:
        assert (post.author.display_name, post.thread.category.name) == ("Robin", "Evenings")
    assert post.later == 1
    assert seen.captured_queries == []
    flat = PreparedQuery(
        lambda thread_id: Post.objects.filter(thread_id=thread_id).values_list("pk", flat=True)
    )
    assert flat.fetch(thread_id=thread.pk) == [post.pk]


@pytest.mark.django_db(transaction=True)
def test_prepared_each_thread_keeps_its_own_compiler():
    member = make_member()
    notify(member, 2)
    query = PreparedQuery(unread_counts)
    assert query.fetch(member_id=member.pk) == [(2,)]
    found = []

    def other_thread():
        try:
            found.append(query.fetch(member_id=member.pk))
        finally:
            connection.close()

    worker = threading.Thread(target=other_thread)
    worker.start()
    worker.join()
    assert found == [[(2,)]]


def test_prepared_leaves_ids_out_of_a_column_range_to_the_orm():
    thread = make_thread(author=make_member(), category=make_category())
    query = PreparedQuery(lambda thread_id: Thread.objects.filter(pk=thread_id).values_list("pk"))
    assert query.fetch(thread_id=thread.pk) == [(thread.pk,)]
    for nonsense in (10**20, -(10**20), 2**31):  # a URL's digits: no such thread, never a 500
        assert query.fetch(thread_id=nonsense) == []


def test_prepared_fills_ids_of_32_bit_columns_too():
    """On PostgreSQL Django wraps an integer column's value in psycopg's Int4: the stand-in is
    found inside the wrapper and the real value goes in the same one."""
    member = make_member()
    thread = make_thread(author=member, category=make_category())
    for _ in range(3):
        make_reply(author=member, thread=thread)

    def numbered(thread_id, number_from, number_to):
        posts = Post.objects.filter(thread_id=thread_id, number__gte=number_from)
        return (
            posts.filter(number__lt=number_to).order_by("number").values_list("number", flat=True)
        )

    query = PreparedQuery(numbered)
    assert query.fetch(thread_id=thread.pk, number_from=2, number_to=4) == [2, 3]
    assert query.fetch(thread_id=thread.pk, number_from=1, number_to=9) == list(
        numbered(thread.pk, 1, 9)
    )


def _threads_in(listed, category_id):
    return Thread.objects.filter(category_id=category_id, pk__in=listed).order_by("pk")


def test_prepared_in_list_gives_the_orms_rows_for_short_long_and_repeated_lists():
    from core.prepared import PreparedInList

    member, category = make_member(), make_category()
    threads = [make_thread(author=member, category=category, title=f"T{n}") for n in range(5)]
    elsewhere = make_thread(author=member, category=make_category(), title="Elsewhere")
    query = PreparedInList(_threads_in, size=3, ids=("category_id",))
    ids = [thread.pk for thread in threads]
    for listed in ([], ids[:1], ids[:3], [ids[0], ids[0], ids[1], ids[1]], ids, [elsewhere.pk]):
        expected = list(_threads_in(listed, category.pk))
        assert query.fetch(listed, category_id=category.pk) == expected
    with CaptureQueriesContext(connection) as captured:
        query.fetch(ids[:2], category_id=category.pk)
        query.fetch(ids, category_id=category.pk)  # past its size: the ORM's own SQL
    kept, built = (re.search(r"IN \(([^)]*)\)", q["sql"]).group(1) for q in captured)
    assert [int(value) for value in kept.split(", ")] == [*ids[:2], 0]  # three places
    assert sorted(int(value) for value in built.split(", ")) == ids


def test_prepared_columns_are_asked_for_their_converters_once(monkeypatch):
    member = make_member()
    thread = make_thread(author=member, category=make_category())
    query = prepared(lambda thread_id: Thread.objects.select_related("author").filter(pk=thread_id))
    compiler_class = type(Thread.objects.all().query.get_compiler(using="default"))
    asked = []
    original = compiler_class.get_converters
    monkeypatch.setattr(
        compiler_class, "get_converters", lambda self, e: asked.append(1) or original(self, e)
    )

    for _ in range(3):
        (found,) = query.fetch(thread_id=thread.pk)
        # Still converted: a datetime, not SQLite's text.
        assert found.created_at == thread.created_at and found.author.pk == member.pk

    assert len(asked) == 1


def _opening_posts(thread_id):
    return Post.objects.filter(thread_id=thread_id, number=1, status="published")


def test_the_querys_constants_are_written_into_its_sql_once():
    # SQLite compiles a statement again on every run when a bound value could match a partial
    # index's condition (forum_post_opening_warning: number = 1); written in, it is kept. Its
    # ids stay bound; PostgreSQL's are written in too (core.sql_text).
    thread = make_thread(author=make_member(), category=make_category())
    query = PreparedQuery(_opening_posts)
    assert query.fetch(thread_id=thread.pk) == list(_opening_posts(thread.pk))
    filling = query._local.kept["default"][2]
    sql, params = filling({"thread_id": thread.pk})
    assert '"number" = 1' in sql and "'published'" in sql
    if connection.vendor == "sqlite":
        assert params == [thread.pk] and filling.params == (2_147_000_000,)
    else:  # PostgreSQL's cursor writes every value in on the client (config.postgresql)
        assert params is None and f'"thread_id" = {thread.pk}' in sql


@pytest.mark.parametrize("title", ["it's 100% done", "%s and %% and ''", "plain"])
def test_a_text_constant_written_in_finds_what_the_orm_finds(title):
    member, category = make_member(), make_category()
    wanted = make_thread(author=member, category=category, title=title)
    make_thread(author=member, category=category, title=title + "!")

    def titled(category_id):
        return Thread.objects.filter(category_id=category_id, title=title, pinned=False)

    found = PreparedQuery(titled).fetch(category_id=category.pk)
    assert found == list(titled(category.pk)) == [wanted]
