"""Issue 15, item 7: watched words and the privacy screen apply to what a member writes on
their profile (display name, bio) and to the username they sign up with — refused with a
sentence they can act on, never silently published — and everyday profiles pass."""

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from moderation import actions
from moderation.profile_screening import screen_profile_text
from moderation.screening import WatchRule
from tests.accounts.test_settings_profile import URL, valid

RULES = [WatchRule("heartbreak hotel", "block"), WatchRule("cheater", "hold")]
REFUSED = [
    "text me: five five five one two three four five six seven",
    "find me on insta: jane.doe_88",
    "my ex drives KP19 XYZ",
    "Jordan ruined me",
    "welcome to the heartbreak hotel",
    "he was a cheater",
    "mail me at jane@example.org",
]
ACCEPTED = [
    "",
    "Day 40. One morning at a time.",
    "Thank you @sasha for the kind words",
    "I deleted instagram and I feel lighter",
    "Night owl, tea drinker, 3 years out",
]


@pytest.mark.parametrize("text", REFUSED)
def test_privacy_screen_profile_text_refused(text):
    problems = screen_profile_text(text, rules=RULES, ex_names=["Jordan Smith"])
    assert problems and all(problem.endswith((".", "here.")) for problem in problems)


@pytest.mark.parametrize("text", ACCEPTED)
def test_privacy_screen_profile_text_accepted(text):
    assert screen_profile_text(text, rules=RULES, ex_names=["Jordan Smith"]) == []


def test_privacy_screen_bio_with_a_handle_is_refused_and_kept(member, client_for):
    bio = "Night owl. Find me on insta: rowan.t_88"
    response = client_for(member).post(URL, valid(bio=bio))
    assert response.status_code == HTTPStatus.OK
    errors = response.context["form"].errors["bio"]
    assert errors == [
        "This seems to share a social media account. Profiles are public, so they can't "
        "hold contact details or anything that could identify someone — please take it out."
    ]
    assert bio in response.content.decode()  # the member's words are kept
    assert User.objects.get(pk=member.pk).bio == ""


def test_privacy_screen_display_name_with_a_listed_ex_is_refused(member, client_for):
    actions.add_ex_name(member=member, name="Jordan Smith")
    response = client_for(member).post(URL, valid(display_name="Jordan's ghost"))
    assert "display_name" in response.context["form"].errors
    assert User.objects.get(pk=member.pk).display_name == ""


def test_privacy_screen_bio_watched_word_is_refused(member, moderator, client_for):
    actions.add_watched_word(moderator=moderator, phrase="heartbreak hotel", action="block")
    response = client_for(member).post(URL, valid(bio="Checked out of the heartbreak hotel"))
    assert response.context["form"].errors["bio"] == [
        "Please reword “heartbreak hotel” — it's a word this community has chosen not to use here."
    ]


def test_privacy_screen_everyday_profile_is_saved(member, client_for):
    response = client_for(member).post(URL, valid(bio="Day 40. Tea, walks, @sasha's advice."))
    assert response.status_code == HTTPStatus.FOUND
    assert User.objects.get(pk=member.pk).bio == "Day 40. Tea, walks, @sasha's advice."


def test_privacy_screen_username_with_a_watched_word_is_refused(moderator):
    actions.add_watched_word(moderator=moderator, phrase="cheater", action="hold")
    data = {
        "username": "cheater_hunter",
        "email": "new@example.org",
        "password1": "a long quiet evening",
        "password2": "a long quiet evening",
    }
    response = Client().post(reverse("account_signup"), data)
    assert response.status_code == HTTPStatus.OK
    assert "cheater" in response.context["form"].errors["username"][0]
    assert not User.objects.filter(username="cheater_hunter").exists()
