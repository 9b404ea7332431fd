"""/u/<username>/badge.svg: a valid, accessible, cacheable SVG that respects streak privacy."""

import datetime
import xml.etree.ElementTree as ET
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Streak, Visibility

SVG = "{http://www.w3.org/2000/svg}"


def start(member, days):
    Streak.objects.create(
        member=member,
        started_on=timezone.now().date() - datetime.timedelta(days=days),
        created_at=timezone.now(),
    )


def badge_url(username):
    return reverse("accounts:streak_badge", kwargs={"username": username})


def parse(response):
    root = ET.fromstring(response.content)  # noqa: S314 — our own response, in a test
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    return root, root.find(f"{SVG}title").text, " ".join(t.text for t in root.iter(f"{SVG}text"))


def test_streak_badge_svg_shows_a_public_streak_as_valid_xml(member, client):
    member.streak_visibility = Visibility.EVERYONE
    member.save()
    start(member, 42)
    response = client.get(badge_url("ROWAN"))  # names are matched case-insensitively
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "public" in response["Cache-Control"] and "max-age" in response["Cache-Control"]
    _, title, text = parse(response)
    assert text == "no contact 42 days"
    assert "42 days" in title
    assert "Set-Cookie" not in response  # no session touched


def test_streak_badge_svg_marks_a_self_reported_start(member, client):
    member.streak_visibility = Visibility.EVERYONE
    member.save()
    Streak.objects.create(
        member=member,
        started_on=timezone.now().date() - datetime.timedelta(days=400),
        self_reported=True,
        created_at=timezone.now(),
    )
    _, title, text = parse(client.get(badge_url("rowan")))
    assert text == "no contact 400 days (self-reported)"
    assert "400 days (start self-reported)" in title


@pytest.mark.parametrize("visibility", [Visibility.MEMBERS, Visibility.ONLY_ME])
def test_streak_badge_svg_is_neutral_when_the_streak_is_not_public(member, client_for, visibility):
    member.streak_visibility = visibility
    member.save()
    start(member, 42)
    for viewer in (None, member):  # the same image for everyone, the owner included
        _, title, text = parse(client_for(viewer).get(badge_url("rowan")))
        assert "42" not in text + title
        assert text == "holdfast member"


def test_streak_badge_svg_is_neutral_without_a_streak(member, client):
    member.streak_visibility = Visibility.EVERYONE
    member.save()
    assert parse(client.get(badge_url("rowan")))[2] == "holdfast member"


def test_streak_badge_svg_answers_304_to_a_matching_etag(member, client):
    member.streak_visibility = Visibility.EVERYONE
    member.save()
    start(member, 3)
    first = client.get(badge_url("rowan"))
    again = client.get(badge_url("rowan"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == HTTPStatus.NOT_MODIFIED
    assert again.content == b""
    stale = client.get(badge_url("rowan"), HTTP_IF_NONE_MATCH='"something-else"')
    assert stale.status_code == HTTPStatus.OK


@pytest.mark.parametrize("username", ["nobody_here", "<script>", "a" * 300, "%00"])
def test_streak_badge_svg_is_404_with_an_svg_body_for_an_unknown_name(db, client, username):
    response = client.get(f"/u/{username}/badge.svg")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert parse(response)[2] == "no contact unknown"


def test_streak_badge_svg_runs_two_queries(member, client, django_assert_max_num_queries):
    member.streak_visibility = Visibility.EVERYONE
    member.save()
    start(member, 100)
    # The member, then their streak figures; no session, no user lookup.
    with django_assert_max_num_queries(2):
        assert client.get(badge_url("rowan")).status_code == HTTPStatus.OK


def test_streak_card_beside_posts_and_on_the_profile_marks_a_self_reported_start(member, client):
    from tests import factories

    member.streak_visibility = Visibility.EVERYONE
    member.save()
    Streak.objects.create(
        member=member,
        started_on=timezone.now().date() - datetime.timedelta(days=400),
        self_reported=True,
        created_at=timezone.now(),
    )
    thread = factories.make_thread(author=member)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "total 400 · self-reported" in page
    assert "Current streak: 400 days (start self-reported)" in page
    profile = client.get(reverse("accounts:profile", args=["rowan"])).content.decode()
    assert "self-reported" in profile
