"""Reads must not write: a signed-in member reading a thread page they have read before,
with no unread notification, sends no INSERT, UPDATE or DELETE — on SQLite even an UPDATE
that changes nothing takes the write lock, and readers would queue behind writers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum import services
from forum.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db


def writes(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [
        q["sql"] for q in captured if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}
    ]


def test_thread_page_read_again_writes_nothing(client_for, member, other_member):
    thread = factories.make_thread(author=other_member)
    factories.make_reply(author=other_member, thread=thread)
    client = client_for(member)
    url = thread.get_absolute_url()
    assert writes(client, url)  # the first visit records the read marker
    assert writes(client, url) == []


def test_thread_page_marks_its_notifications_read_and_the_menu_shows_the_rest(
    client_for, member, other_member
):
    thread = factories.make_thread(author=member)
    services.set_watching(member=member, thread=thread, watching=True)
    factories.make_reply(author=other_member, thread=thread, body="A reply you will read.")
    elsewhere = factories.make_thread(author=member, title="Another thread of mine")
    factories.make_reply(author=other_member, thread=elsewhere, body="Unread elsewhere.")
    unread = Notification.objects.filter(recipient=member, read_at__isnull=True)
    assert unread.count() == 2
    response = client_for(member).get(thread.get_absolute_url())
    assert unread.count() == 1
    assert unread.get().thread == elsewhere
    content = response.content.decode()
    assert 'notification-count">1<' in content
