"""Issue 16, item 2: trigger tags on check-ins and contact events, and the "I looked at their
profile or photos" event that never resets the streak."""

import datetime
import html
from http import HTTPStatus

import pytest
import time_machine
from django.urls import reverse

from accounts import services
from accounts.models import CheckIn, ContactEvent, Streak, TriggerTag
from accounts.streaks.services import triggers

NOW = datetime.datetime(2026, 6, 15, 23, 30, tzinfo=datetime.UTC)
CHECK_IN = reverse("accounts:streak_check_in")
DASHBOARD = reverse("accounts:streak_dashboard")
LOOKED = reverse("accounts:streak_happened", args=["looked-at-their-profile"])
REPLIED = reverse("accounts:streak_happened", args=["i-replied"])


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def days_ago(n):
    return NOW.date() - datetime.timedelta(days=n)


def names(**filters):
    return list(TriggerTag.objects.filter(**filters).order_by("pk").values_list("name", flat=True))


def text(response):
    return html.unescape(response.content.decode())


# --- Services -----------------------------------------------------------------------------


def test_trigger_tags_on_a_check_in_are_cleaned_kept_once_and_private(member):
    check = triggers.check_in_with_triggers(
        member=member, mood=2, triggers=["late-night", "  Our   SONG ", "our song", "", "x" * 99]
    )
    assert check.is_new and check.mood == 2
    assert names(check_in=check) == ["late-night", "our song", "x" * TriggerTag.NAME_MAX]
    assert TriggerTag.objects.get(name="late-night").words == "Late night"
    assert TriggerTag.objects.get(name="our song").words == "our song"


def test_trigger_tags_a_second_check_in_the_same_day_adds_none(member):
    triggers.check_in_with_triggers(member=member, triggers=["alcohol"])
    again = triggers.check_in_with_triggers(member=member, triggers=["loneliness"])
    assert not again.is_new
    assert names() == ["alcohol"] and CheckIn.objects.count() == 1


def test_trigger_tags_are_capped(member):
    many = [f"tag {n}" for n in range(triggers.MAX_TAGS + 5)]
    triggers.check_in_with_triggers(member=member, triggers=many)
    assert TriggerTag.objects.count() == triggers.MAX_TAGS


def test_trigger_tags_looking_at_their_profile_never_resets_the_streak(member):
    streak = services.start_streak(member=member, started_on=days_ago(9))
    event = triggers.log_contact_with_triggers(
        member=member, kind=ContactEvent.Kind.LOOKED, triggers=["saw-their-profile"]
    )
    assert not event.ends_streak and event.new_streak is None
    assert Streak.objects.get(pk=streak.pk).is_open
    assert names(contact_event=event) == ["saw-their-profile"]


def test_trigger_tags_on_a_reset_are_kept_with_the_event(member):
    services.start_streak(member=member, started_on=days_ago(9))
    event = triggers.log_contact_with_triggers(
        member=member, kind=ContactEvent.Kind.I_REPLIED, triggers=["alcohol"]
    )
    assert event.new_streak is not None
    assert names(contact_event=event, member=member) == ["alcohol"]


# --- Views --------------------------------------------------------------------------------


def test_trigger_tags_check_in_form_offers_the_starting_list_and_own_words(client_for, member):
    page = text(client_for(member).get(DASHBOARD))
    for _slug, words in TriggerTag.STARTING:
        assert words in page
    assert "Your own triggers (optional)" in page


def test_trigger_tags_check_in_view_tags_the_check_in(client_for, member):
    response = client_for(member).post(
        CHECK_IN, {"mood": "2", "triggers": ["late-night", "alcohol"], "own_triggers": "rain, Rain"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert names(check_in__member=member) == ["late-night", "alcohol", "rain"]


def test_trigger_tags_bad_input_keeps_the_members_words(client_for, member):
    response = client_for(member).post(
        CHECK_IN, {"triggers": ["not-on-the-list"], "own_triggers": "our song", "note": "Hard."}
    )
    assert response.status_code == HTTPStatus.OK
    form = response.context["check_in_form"]
    assert form.has_error("triggers", "invalid_choice")
    assert 'value="our song"' in text(response) and "Hard." in text(response)
    assert not CheckIn.objects.exists() and not TriggerTag.objects.exists()


def test_trigger_tags_looked_at_their_profile_step_keeps_the_streak(client_for, member):
    services.start_streak(member=member, started_on=days_ago(9))
    client = client_for(member)
    page = text(client.get(LOOKED))
    assert "I looked at their profile or photos" in page and "your streak keeps going" in page
    response = client.post(LOOKED, {"note": "At 2 a.m.", "triggers": ["late-night"]})
    assert response.status_code == HTTPStatus.FOUND
    event = ContactEvent.objects.get(member=member)
    assert event.kind == ContactEvent.Kind.LOOKED and event.note == "At 2 a.m."
    assert names(contact_event=event) == ["late-night"]
    assert Streak.objects.get(member=member).is_open
    assert "I looked at their profile or photos" in text(client.get(DASHBOARD))


def test_trigger_tags_on_the_reset_step(client_for, member):
    services.start_streak(member=member, started_on=days_ago(9))
    client_for(member).post(REPLIED, {"reflection": "Tired.", "own_triggers": "wedding photos"})
    assert names(contact_event__kind=ContactEvent.Kind.I_REPLIED) == ["wedding photos"]
