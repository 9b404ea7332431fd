"""/u/<username>/posts/: the long form of the profile's recent posts, found and refused the
way the profile is (forum.selectors.get_member_posts_owner)."""

import datetime
import re
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Visibility
from forum import services
from tests import factories

pytestmark = pytest.mark.django_db


def page_of(response) -> str:
    """The page without its per-request CSRF token."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def posts_url(username):
    return reverse("forum:member_posts", kwargs={"username": username})


@pytest.fixture
def rowans_thread(member):
    return factories.make_thread(author=member, title="Holding on through winter")


def test_member_posts_find_the_member_in_any_case(client, rowans_thread):
    for name in ["rowan", "Rowan", "ROWAN"]:
        response = client.get(posts_url(name))
        assert response.status_code == HTTPStatus.OK, name
        assert "Holding on through winter" in response.content.decode()


@pytest.mark.parametrize(
    "change",
    [
        {"suspended_until_days": 3},
        {"suspended_forever": True},
        {"is_active": False},
    ],
    ids=["suspended for a while", "suspended for good", "deactivated"],
)
def test_member_posts_of_a_suspended_or_deactivated_member_404_like_an_unknown_name(
    client, client_for, member, other_member, rowans_thread, change
):
    change = dict(change)
    if days := change.pop("suspended_until_days", None):
        change["suspended_until"] = timezone.now() + datetime.timedelta(days=days)
    type(member).objects.filter(pk=member.pk).update(**change)
    for viewer in (client, client_for(other_member)):
        response = viewer.get(posts_url("rowan"))
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert page_of(response) == page_of(viewer.get(posts_url("nobody")))


def test_member_posts_of_a_suspension_that_has_ended_are_shown(client, member, rowans_thread):
    member.suspended_until = timezone.now() - datetime.timedelta(minutes=1)
    member.save(update_fields=["suspended_until"])
    assert client.get(posts_url("rowan")).status_code == HTTPStatus.OK


@pytest.mark.parametrize("name", ["row\x00an", "rowan\x00", "\x00", "r" * 200])
def test_member_posts_of_an_impossible_name_is_a_plain_404(client, member, name):
    assert client.get(posts_url(name)).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize(
    ("visibility", "visitor_sees", "member_sees"),
    [
        (Visibility.EVERYONE, True, True),
        (Visibility.MEMBERS, False, True),
        (Visibility.ONLY_ME, False, False),
    ],
)
def test_member_posts_follow_the_profile_details_setting(
    client,
    client_for,
    member,
    other_member,
    moderator,
    rowans_thread,
    visibility,
    visitor_sees,
    member_sees,
):
    member.profile_visibility = visibility
    member.save(update_fields=["profile_visibility"])
    expected = {True: HTTPStatus.OK, False: HTTPStatus.NOT_FOUND}
    assert client.get(posts_url("rowan")).status_code == expected[visitor_sees]
    assert client_for(other_member).get(posts_url("rowan")).status_code == expected[member_sees]
    # Moderators see what members see (accounts.permissions); they have the member's
    # moderation history for anything more.
    assert client_for(moderator).get(posts_url("rowan")).status_code == expected[member_sees]
    owner = client_for(member).get(posts_url("rowan"))
    assert owner.status_code == HTTPStatus.OK
    assert "Holding on through winter" in owner.content.decode()
    # The profile offers the link exactly when this page answers.
    profile = client_for(other_member).get(reverse("accounts:profile", args=["rowan"]))
    assert (posts_url("rowan") in profile.content.decode()) is member_sees


def test_member_posts_keep_a_blocked_members_posts_like_the_profile(
    client_for, member, other_member, rowans_thread
):
    services.block_member(blocker=other_member, blocked=member)
    reader = client_for(other_member)
    assert "Holding on through winter" in reader.get(posts_url("rowan")).content.decode()
    profile = reader.get(reverse("accounts:profile", args=["rowan"]))
    assert "Holding on through winter" in profile.content.decode()


@pytest.mark.parametrize("threads", [2, 40])
def test_member_posts_queries_are_constant(
    client, client_for, member, other_member, threads, django_assert_max_num_queries
):
    category = factories.make_category()
    for n in range(threads):
        factories.make_thread(author=member, category=category, title=f"Thread number {n}")
    # A visitor: the member (with their streak figures), the post count, the page of posts
    # with their threads and categories = 3.
    with django_assert_max_num_queries(3):
        assert client.get(posts_url("Rowan")).status_code == HTTPStatus.OK
    # A member adds the session and the user (with the report-link permission's moderator
    # check) and the menu's unread-notification count = 6.
    reader = client_for(other_member)
    with django_assert_max_num_queries(6):
        assert reader.get(posts_url("Rowan")).status_code == HTTPStatus.OK


@pytest.mark.parametrize("page", ["0", "-1", "abc", "999", "9" * 40])
def test_member_posts_take_any_page_number_without_an_error(client, rowans_thread, page):
    response = client.get(posts_url("rowan"), {"page": page})
    assert response.status_code == HTTPStatus.OK
    assert "Holding on through winter" in response.content.decode()
