"""The menu's unread count is read with the member behind the session (accounts.hooks,
forum.selectors.notifications): every signed-in page shows it, and as a query of its own it
cost each page a round trip."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from accounts import hooks
from accounts.models import User
from accounts.selectors import member_with_pk
from forum import selectors, services
from forum.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db


def _notify(recipient, actor, thread, *, unread: int, read: int = 0):
    for n in range(unread + read):
        note = Notification.objects.create(
            recipient=recipient,
            actor=actor,
            kind=Notification.Kind.REPLY,
            thread=thread,
            created_at=timezone.now(),
        )
        if n >= unread:
            services.mark_notifications_read(member=recipient, ids=[note.pk])


def test_the_forum_adds_its_count_to_the_members_row():
    assert hooks.member_row_figures[selectors.notifications.UNREAD_COUNT] is (
        selectors.notifications.unread_count_of_member
    )


@pytest.mark.parametrize(("unread", "read"), [(0, 0), (0, 2), (3, 1)])
def test_the_session_member_comes_with_their_unread_count(
    member, other_member, thread, unread, read, django_assert_num_queries
):
    _notify(member, other_member, thread, unread=unread, read=read)
    with django_assert_num_queries(1):
        found = member_with_pk(member.pk)
        assert selectors.unread_notification_count(found) == unread
    assert selectors.unread_notification_count(User.objects.get(pk=member.pk)) == unread


def test_counts_are_each_members_own(member, other_member, thread):
    _notify(member, other_member, thread, unread=2)
    _notify(other_member, member, thread, unread=5)
    assert member_with_pk(member.pk).unread_notifications == 2
    assert member_with_pk(other_member.pk).unread_notifications == 5


def test_a_user_read_another_way_asks_once(member, other_member, thread, django_assert_num_queries):
    _notify(member, other_member, thread, unread=1)
    user = User.objects.get(pk=member.pk)
    with django_assert_num_queries(1):
        assert selectors.unread_notification_count(user) == 1
        assert selectors.unread_notification_count(user) == 1
    assert selectors.unread_notification_count(AnonymousUser()) == 0


def test_a_thread_page_shows_the_count_less_what_it_marked_read(
    client_for, member, other_member, thread
):
    elsewhere = factories.make_thread(author=other_member, title="Another night")
    _notify(member, other_member, thread, unread=2)
    _notify(member, other_member, elsewhere, unread=1)
    client = client_for(member)
    before = client.get(reverse("forum:guidelines")).content.decode()
    assert '3<span class="visually-hidden"> unread' in before
    page = client.get(thread.get_absolute_url()).content.decode()
    assert '1<span class="visually-hidden"> unread' in page  # its own two were marked read
    after = client.get(reverse("forum:guidelines")).content.decode()
    assert '1<span class="visually-hidden"> unread' in after
