"""A member's search results are remembered in the cache until the lists change
(forum.selectors.RememberedSearch): the full-text count and ranking run once per search."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def threads(member):
    public = factories.make_category(name="Open", slug="open")
    private = factories.make_category(name="Members", slug="members", members_only=True)
    factories.make_thread(author=member, category=public, title="The lighthouse again")
    factories.make_thread(author=member, category=private, title="A private lighthouse")
    return public


# At most 7: a member's search runs 6 plus one for their mutes and warning choices.
def search(client, django_assert_max_num_queries, most):
    with django_assert_max_num_queries(most) as captured:
        response = client.get(reverse("forum:search"), {"q": "lighthouse"})
    return response.content.decode(), len(captured)


def test_search_a_members_repeated_search_runs_no_search_query(
    client_for, member, threads, django_assert_max_num_queries
):
    client = client_for(member)
    first, first_queries = search(client, django_assert_max_num_queries, 7)
    again, again_queries = search(client, django_assert_max_num_queries, 7)
    # session, user, the reader's mutes and warning choices (forum.selectors.muting: never
    # remembered, they are the reader's own), and the menu's unread count; no count, ranking
    # or posts query (or only
    # session and user: the member's whole page from pagecache)
    assert again_queries <= first_queries - 3
    assert "<mark>lighthouse</mark> again" in again and "A private <mark>lighthouse</mark>" in again


def test_search_remembered_results_follow_a_new_post(
    client_for, member, other_member, threads, django_assert_max_num_queries
):
    client = client_for(member)
    search(client, django_assert_max_num_queries, 7)
    factories.make_thread(author=other_member, category=threads, title="Lighthouse keepers")
    found, _ = search(client, django_assert_max_num_queries, 7)
    assert "<mark>Lighthouse</mark> keepers" in found


def test_search_a_visitor_never_gets_a_members_remembered_results(
    client, client_for, member, threads, django_assert_max_num_queries
):
    members, _ = search(client_for(member), django_assert_max_num_queries, 7)
    assert "A private <mark>lighthouse</mark>" in members
    visitors, _ = search(client, django_assert_max_num_queries, 7)
    assert (
        "<mark>lighthouse</mark> again" in visitors
        and "A private <mark>lighthouse</mark>" not in visitors
    )
