"""Staff configure categories in the admin; threads and posts are read-only there."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from forum import search

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


def test_a_category_made_members_only_in_the_admin_leaves_visitors_search(
    client_for, staff, thread, category
):
    """The search index carries each post's audience (forum.search_index.sync_category)."""
    assert search.RankedSearch("hello", AnonymousUser()).count() == 1
    form = {
        "name": category.name,
        "slug": category.slug,
        "description": category.description,
        "colour": category.colour,
        "position": category.position,
        "members_only": "on",
    }
    url = reverse("admin:forum_category_change", args=[category.pk])
    response = client_for(staff).post(url, form)
    assert response.status_code == HTTPStatus.FOUND, response.context["adminform"].form.errors
    assert search.RankedSearch("hello", AnonymousUser()).count() == 0
    assert search.RankedSearch("hello", staff).count() == 1
