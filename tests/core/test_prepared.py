"""Specification of core.prepared: the SQL is compiled once per process and database, and
every call gives exactly what the ORM gives for the same ids."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db.models import Count
from django.utils import timezone

from core.prepared import PreparedQuery, prepared
from forum.models import Notification, ThreadRead
from tests.factories import make_category, make_member, make_thread

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
        assert query.rows(member_id=member.pk) == list(unread_counts(member.pk))
    assert query.rows(member_id=ann.pk) == [(3,)]
    assert query.rows(member_id=cal.pk) == []


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

    (found,) = query.instances(member_id=member.pk, thread_id=thread.pk)

    expected = ThreadRead.objects.get(member=member, thread=thread)
    assert found == expected
    assert (found.last_read_post_number, found.last_read_at) == (7, expected.last_read_at)
    assert found.last_read_at == read_at  # an aware datetime on SQLite too (its converter ran)
    assert not found._state.adding  # saved later, it updates its row
    assert query.instances(member_id=member.pk, thread_id=thread.pk + 1000) == []


def test_prepared_compiles_once_and_counts_as_one_query(django_assert_num_queries):
    member = make_member()
    built = []

    def moderators_group_of(member_id):
        built.append(member_id)
        return Group.objects.filter(user=member_id, name="Moderators").values_list("pk")[:1]

    query = PreparedQuery(moderators_group_of)
    query.rows(member_id=member.pk)
    calls = len(built)
    with django_assert_num_queries(1):
        assert query.rows(member_id=member.pk) == []
    group = Group.objects.get_or_create(name="Moderators")[0]
    member.groups.add(group)
    assert query.rows(member_id=member.pk) == [(group.pk,)]
    assert len(built) == calls  # the SQL was kept, not built again


def test_prepared_refuses_an_id_the_sql_does_not_carry_as_is():
    query = PreparedQuery(lambda member_id: Notification.objects.filter(recipient_id=member_id + 1))
    with pytest.raises(ValueError, match="member_id"):
        query.rows(member_id=1)


def test_prepared_refuses_missing_or_unknown_ids():
    query = PreparedQuery(unread_counts)
    with pytest.raises(TypeError):
        query.rows()
    with pytest.raises(TypeError):
        query.rows(member_id=1, thread_id=2)
