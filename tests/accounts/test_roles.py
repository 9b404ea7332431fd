"""Specification of accounts.roles: who is a moderator, a guide, a new member — answered
here and nowhere else."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.utils import timezone

from accounts import roles
from accounts.models import User
from accounts.selectors import member_with_pk

pytestmark = pytest.mark.django_db


def test_is_moderator_for_group_members_and_staff(member, moderator, staff):
    assert not roles.is_moderator(member)
    assert roles.is_moderator(moderator)
    assert roles.is_moderator(staff)
    assert not roles.is_moderator(AnonymousUser())
    assert not roles.is_moderator(None)


def test_is_moderator_is_asked_once_per_user(moderator, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert roles.is_moderator(moderator)
        assert roles.is_moderator(moderator)


def test_remember_moderators_answers_for_many_in_one_query(
    member, moderator, staff, django_assert_num_queries
):
    fresh = list(User.objects.filter(pk__in=[member.pk, moderator.pk, staff.pk]).order_by("pk"))
    with django_assert_num_queries(1):
        roles.remember_moderators(fresh + [None])
        assert [roles.is_moderator(u) for u in fresh] == [False, True, True]


def test_remember_moderators_asks_the_old_way_when_the_rows_lack_is_staff(
    member, moderator, staff, django_assert_num_queries
):
    ids = [member.pk, moderator.pk, staff.pk]
    slim = list(User.objects.filter(pk__in=ids).only("username", "is_active").order_by("pk"))
    with django_assert_num_queries(1):
        roles.remember_moderators(slim)
        assert [roles.is_moderator(u) for u in slim] == [False, True, True]


def test_the_member_behind_a_session_comes_with_the_moderator_check(
    member, moderator, staff, django_assert_num_queries
):
    with django_assert_num_queries(3):
        read = [member_with_pk(user.pk) for user in (member, moderator, staff)]
    with django_assert_num_queries(0):
        assert [roles.is_moderator(user) for user in read] == [False, True, True]


def test_joining_or_leaving_the_group_shows_at_the_next_read(member):
    group = Group.objects.get_or_create(name=roles.MODERATORS_GROUP)[0]
    assert not roles.is_moderator(member_with_pk(member.pk))
    member.groups.add(group)
    assert roles.is_moderator(member_with_pk(member.pk))
    member.groups.remove(group)
    assert not roles.is_moderator(member_with_pk(member.pk))


def test_a_deactivated_group_member_read_by_id_is_not_a_moderator(moderator):
    User.objects.filter(pk=moderator.pk).update(is_active=False)
    assert not roles.is_moderator(member_with_pk(moderator.pk))


def test_inactive_moderators_are_not_moderators(moderator):
    moderator.is_active = False
    assert not roles.is_moderator(moderator)


def test_moderators_group_membership_makes_a_moderator(member):
    assert not roles.is_moderator(User.objects.get(pk=member.pk))
    member.groups.add(Group.objects.get_or_create(name=roles.MODERATORS_GROUP)[0])
    assert roles.is_moderator(User.objects.get(pk=member.pk))


def test_moderators_q_and_is_moderator_agree(member, moderator, staff):
    chosen = set(User.objects.filter(roles.moderators_q()).values_list("pk", flat=True))
    assert chosen == {moderator.pk, staff.pk}
    assert all(roles.is_moderator(u) for u in User.objects.filter(pk__in=chosen))


def test_is_new_member_counts_days_and_posts(member):
    assert roles.is_new_member(member)
    member.post_count = 3
    assert roles.is_new_member(member)  # joined today
    member.date_joined = timezone.now() - timedelta(days=4)
    assert not roles.is_new_member(member)
    member.post_count = 2
    assert roles.is_new_member(member)
