"""Specification of the welcome after email verification (accounts.welcome_views): a display
name, the last contact (which starts the streak), hello in "Start here" — each skippable."""

import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse

from accounts import services, welcome_views
from accounts.forms import DisplayNameForm
from accounts.models import Streak
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["accounts:welcome", "accounts:welcome_last_contact"])
def test_welcome_steps_are_for_members(client, name):
    response = client.get(reverse(name))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


def test_welcome_name_saves_and_goes_on(client_for, member):
    response = client_for(member).post(reverse("accounts:welcome"), {"display_name": "Wren"})
    assert response["Location"] == reverse("accounts:welcome_last_contact")
    member.refresh_from_db()
    assert member.display_name == "Wren"


def test_welcome_name_refused_keeps_the_text_and_says_why(client_for, member):
    response = client_for(member).post(reverse("accounts:welcome"), {"display_name": "Admin Jo"})
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert 'value="Admin Jo"' in html
    assert DisplayNameForm.error_messages["display_name_official"] in html
    assert 'role="alert" tabindex="-1" data-error-summary' in html
    assert 'href="#id_display_name"' in html
    member.refresh_from_db()
    assert member.display_name == ""


def test_welcome_name_page_says_not_to_use_a_real_name_and_can_be_skipped(client_for, member):
    html = client_for(member).get(reverse("accounts:welcome")).content.decode()
    assert "step 1 of 3" in html
    assert "please don't use your real name" in html
    assert f'href="{reverse("accounts:welcome_last_contact")}">Skip this step' in html


def test_set_display_name_forgets_cached_pages(member, django_capture_on_commit_callbacks):
    services.set_display_name(member=member, display_name="Wren")
    member.refresh_from_db()
    assert member.public_name == "Wren"


def test_welcome_last_contact_starts_the_streak_then_says_hello(client_for, member):
    day = datetime.date.today() - datetime.timedelta(days=2)
    response = client_for(member).post(
        reverse("accounts:welcome_last_contact"), {"started_on": day.isoformat()}
    )
    assert response["Location"] == welcome_views.hello_url()
    assert Streak.objects.get(member=member).started_on == day


def test_welcome_last_contact_refuses_a_future_day_keeping_it(client_for, member):
    day = datetime.date.today() + datetime.timedelta(days=3)
    response = client_for(member).post(
        reverse("accounts:welcome_last_contact"), {"started_on": day.isoformat()}
    )
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert day.isoformat() in html
    assert response.context["form"].has_error("started_on", "future")
    assert "That day hasn&#x27;t come yet where you live" in html
    assert not Streak.objects.exists()


def test_welcome_last_contact_with_a_streak_running_just_goes_on(client_for, member):
    services.start_streak(member=member, started_on=datetime.date(2026, 1, 5))
    client = client_for(member)
    html = client.get(reverse("accounts:welcome_last_contact")).content.decode()
    assert "Your streak is already counting" in html
    response = client.post(reverse("accounts:welcome_last_contact"), {"started_on": "2026-01-01"})
    assert response.status_code == HTTPStatus.OK
    assert Streak.objects.get().started_on == datetime.date(2026, 1, 5)


def test_welcome_last_contact_can_be_skipped_and_shows_the_time_zone(client_for):
    member = factories.make_member(username="porto", time_zone="Europe/Lisbon")
    html = client_for(member).get(reverse("accounts:welcome_last_contact")).content.decode()
    assert "step 2 of 3" in html
    assert f'href="{welcome_views.hello_url().replace("&", "&amp;")}">Skip this step' in html
    assert "Days follow Lisbon time" in html


def test_welcome_hello_is_the_new_thread_form_in_start_here(client_for, member):
    start_here = factories.make_category(name="Start here", slug="start-here")
    response = client_for(member).get(welcome_views.hello_url())
    html = response.content.decode()
    assert "step 3 of 3" in html and "Say hello" in html
    assert response.context["form"]["category"].value() == start_here.pk
    assert response.context["form"]["title"].value() == "Hello, I'm new here"
    assert f'href="{reverse("forum:home")}">Skip this step' in html
    assert f'action="{reverse("forum:thread_create")}?welcome=1"' in html


def test_welcome_hello_posts_a_thread(client_for, member):
    start_here = factories.make_category(name="Start here", slug="start-here")
    response = client_for(member).post(
        f"{reverse('forum:thread_create')}?welcome=1",
        {"category": start_here.pk, "title": "Hello, I'm new here", "body": "Day three."},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert start_here.threads.get().title == "Hello, I'm new here"


def test_welcome_hello_refused_keeps_the_welcome_and_the_text(client_for, member):
    start_here = factories.make_category(name="Start here", slug="start-here")
    response = client_for(member).post(
        f"{reverse('forum:thread_create')}?welcome=1",
        {"category": start_here.pk, "title": "Hi", "body": "Still here, day three."},
    )
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Say hello" in html and "Still here, day three." in html
    assert not start_here.threads.exists()
