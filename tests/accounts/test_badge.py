"""/u/<username>/badge.svg: a valid, accessible, cacheable SVG that respects streak privacy."""

import datetime
import xml.etree.ElementTree as ET
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Streak, Visibility
from accounts.streaks import figures

SVG = "{http://www.w3.org/2000/svg}"


def start(member, days):
    Streak.objects.create(
        member=member,
        started_on=timezone.now().date() - datetime.timedelta(days=days),
        created_at=timezone.now(),
    )
    figures.refresh_figures(member=member)  # what every streak service does after its writes


def badge_url(username):
    return reverse("accounts:streak_badge", kwargs={"username": username})


def parse(response):
    root = ET.fromstring(response.content)  # noqa: S314 — our own response, in a test
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    # The accessible name is the <title>, by id.
    title_id = root.find(f"{SVG}title").get("id")
    assert title_id and title_id in root.get("aria-labelledby").split()
    return root, root.find(f"{SVG}title").text, " ".join(t.text for t in root.iter(f"{SVG}text"))


def test_streak_badge_svg_shows_a_public_streak_as_valid_xml(member, client):
    member.streak_visibility = Visibility.EVERYONE
    member.save()
    start(member, 42)
    response = client.get(badge_url("ROWAN"))  # names are matched case-insensitively
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "public" in response["Cache-Control"] and "max-age" in response["Cache-Control"]
    root, title, text = parse(response)
    assert text == "42 days no contact 30-day milestone"
    assert "42 days" in title and "top milestone: 30 days" in title
    assert root.find(f"{SVG}rect").get("rx")  # Holdfast's rounded pill, not a square CI badge
    assert "Set-Cookie" not in response  # no session touched


def test_streak_badge_svg_in_range_mode_shows_only_the_range_floor(member, client):
    member.streak_visibility = Visibility.EVERYONE
    member.streak_display = "range"
    member.save()
    start(member, 70)
    _, title, text = parse(client.get(badge_url("rowan")))
    assert text == "30+ days no contact 30-day milestone"
    assert "70" not in title + text and "60" not in title + text


def test_streak_badge_svg_marks_a_self_reported_start(member, client):
    member.streak_visibility = Visibility.EVERYONE
    member.save()
    Streak.objects.create(
        member=member,
        started_on=timezone.now().date() - datetime.timedelta(days=400),
        self_reported=True,
        created_at=timezone.now(),
    )
    figures.refresh_figures(member=member)
    _, title, text = parse(client.get(badge_url("rowan")))
    assert text == "400 days (self-reported) no contact 365-day milestone"
    assert "400 days (start self-reported)" in title


@pytest.mark.parametrize("visibility", [Visibility.MEMBERS, Visibility.ONLY_ME])
def test_streak_badge_svg_is_neutral_when_the_streak_is_not_public(member, client_for, visibility):
    member.streak_visibility = visibility
    member.save()
    start(member, 42)
    for viewer in (None, member):  # the same image for everyone, the owner included
        _, title, text = parse(client_for(viewer).get(badge_url("rowan")))
        assert "42" not in text + title
        assert text == "Holdfast member"


def test_streak_badge_svg_is_neutral_without_a_streak(member, client):
    member.streak_visibility = Visibility.EVERYONE
    member.save()
    assert parse(client.get(badge_url("rowan")))[2] == "Holdfast member"


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
    assert parse(response)[2] == "Holdfast unknown"


def test_streak_badge_svg_runs_two_queries(member, client, django_assert_max_num_queries):
    member.streak_visibility = Visibility.EVERYONE
    member.save()
    start(member, 100)
    # The member, then their streak figures; no session, no user lookup.
    with django_assert_max_num_queries(2):
        assert client.get(badge_url("rowan")).status_code == HTTPStatus.OK


# --- The milestone card ----------------------------------------------------------------------


def card_url(username, days):
    return reverse("accounts:milestone_card", kwargs={"username": username, "days": days})


def test_milestone_card_svg_is_a_1200_by_630_accessible_picture(member, client):
    member.streak_visibility = Visibility.EVERYONE
    member.save()
    start(member, 31)
    response = client.get(card_url("rowan", 30))
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("image/svg+xml")
    assert response["Cache-Control"] == "public, max-age=1800" and response["ETag"]
    root, title, text = parse(response)
    assert (root.get("width"), root.get("height")) == ("1200", "630")
    assert title == "A 30-day no-contact milestone on Holdfast"
    assert root.find(f"{SVG}desc").text == "30 days of no contact, kept one day at a time."
    assert "30 days of no contact" in text
    assert "Set-Cookie" not in response


def test_milestone_card_svg_answers_304_to_a_matching_etag(member, client):
    member.streak_visibility = Visibility.EVERYONE
    member.save()
    start(member, 8)
    first = client.get(card_url("rowan", 7))
    again = client.get(card_url("rowan", 7), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == HTTPStatus.NOT_MODIFIED and again.content == b""


@pytest.mark.parametrize(
    ("visibility", "display", "days", "streak_days"),
    [
        (Visibility.MEMBERS, "exact", 30, 40),  # not public
        (Visibility.ONLY_ME, "exact", 30, 40),
        (Visibility.EVERYONE, "exact", 90, 40),  # not reached
        (Visibility.EVERYONE, "range", 60, 70),  # says more than "30+ days"
    ],
)
def test_milestone_card_svg_is_neutral_when_the_viewer_may_not_see_it(
    member, client_for, visibility, display, days, streak_days
):
    member.streak_visibility = visibility
    member.streak_display = display
    member.save()
    start(member, streak_days)
    for viewer in (None, member):  # the same picture for everyone, like the badge
        response = client_for(viewer).get(card_url("rowan", days))
        assert response.status_code == HTTPStatus.OK
        _, title, text = parse(response)
        assert title == "Holdfast: one day at a time"
        assert str(days) not in title + text and str(streak_days) not in title + text


def test_milestone_card_svg_keeps_a_milestone_after_a_reset(member, client):
    from accounts import services

    member.streak_visibility = Visibility.EVERYONE
    member.save()
    start(member, 15)
    services.end_streak(member=member)
    assert parse(client.get(card_url("rowan", 14)))[1].startswith("A 14-day")


@pytest.mark.parametrize(("username", "days"), [("nobody_here", 7), ("rowan", 8), ("rowan", 0)])
def test_milestone_card_svg_is_404_for_an_unknown_member_or_a_non_milestone(
    member, client, username, days
):
    member.streak_visibility = Visibility.EVERYONE
    member.save()
    start(member, 40)
    response = client.get(card_url(username, days))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert parse(response)[1] == "Holdfast: one day at a time"


def test_milestone_card_svg_runs_two_queries(member, client, django_assert_max_num_queries):
    member.streak_visibility = Visibility.EVERYONE
    member.save()
    start(member, 100)
    # The member, then their streak figures, as the badge.
    with django_assert_max_num_queries(2):
        assert client.get(card_url("rowan", 90)).status_code == HTTPStatus.OK
