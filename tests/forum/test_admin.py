"""Staff configure categories in the admin; threads and posts are read-only there."""

from http import HTTPStatus

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_staff_list_and_add_categories(client_for, staff, thread):
    client = client_for(staff)
    assert client.get(reverse("admin:forum_category_changelist")).status_code == HTTPStatus.OK
    assert client.get(reverse("admin:forum_category_add")).status_code == HTTPStatus.OK


def test_threads_and_posts_are_read_only_in_the_admin(client_for, staff, thread):
    client = client_for(staff)
    assert client.get(reverse("admin:forum_thread_changelist")).status_code == HTTPStatus.OK
    assert client.get(reverse("admin:forum_post_changelist")).status_code == HTTPStatus.OK
    assert client.get(reverse("admin:forum_thread_add")).status_code == HTTPStatus.FORBIDDEN


def test_members_cannot_reach_the_admin(client_for, member):
    response = client_for(member).get(reverse("admin:forum_category_changelist"))
    assert response.status_code == HTTPStatus.FOUND
