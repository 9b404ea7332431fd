"""/settings/profile/: the member edits what others see of them and who may see it; the form
keeps their words and explains mistakes kindly; the badge snippets; the settings menu."""

import datetime
import re
import zoneinfo
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from accounts import forms, services
from accounts.models import StreakDisplay, User, Visibility
from tests import factories

URL = "/settings/profile/"


def valid(**changes):
    data = {
        "display_name": "Rowan T.",
        "bio": "One day at a time.\r\n\r\n*Still here.*",
        "time_zone": "Europe/Berlin",
        "profile_visibility": Visibility.MEMBERS,
        "streak_visibility": Visibility.EVERYONE,
        "streak_display": StreakDisplay.RANGE,
        "celebrate_milestones": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_settings_profile_is_the_url_of_the_settings_page():
    assert reverse("accounts:settings_profile") == URL


@pytest.mark.parametrize("method", ["get", "post"])
def test_settings_profile_sends_a_visitor_to_log_in(db, client, method):
    response = getattr(client, method)(URL, valid())
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


def test_settings_profile_shows_the_members_current_choices(member, client_for):
    member.display_name = "Ro"
    member.streak_visibility = Visibility.ONLY_ME
    member.save()
    html = client_for(member).get(URL).content.decode()
    assert 'value="Ro"' in html
    assert 'value="only_me"  id="id_streak_visibility_2" required checked' in html
    assert '<optgroup label="Europe">' in html
    assert '<option value="Europe/Berlin">Berlin</option>' in html
    assert '<option value="America/New_York">New York</option>' in html
    assert (
        '<option value="America/Argentina/Buenos_Aires">Argentina – Buenos Aires</option>' in html
    )


def test_settings_profile_saves_and_renders_the_bio_once(member, client_for):
    response = client_for(member).post(URL, valid(), follow=True)
    assert response.redirect_chain == [(URL, HTTPStatus.FOUND)]
    assert "Your profile is saved." in response.content.decode()
    member.refresh_from_db()
    assert member.display_name == "Rowan T."
    assert member.bio == "One day at a time.\n\n*Still here.*"
    assert member.bio_html == "<p>One day at a time.</p>\n<p><em>Still here.</em></p>\n"
    assert member.time_zone == "Europe/Berlin"
    assert member.profile_visibility == Visibility.MEMBERS
    assert member.streak_visibility == Visibility.EVERYONE
    assert member.streak_display == StreakDisplay.RANGE
    assert member.celebrate_milestones is True


def test_settings_profile_unticked_celebration_is_saved_as_off(member, client_for):
    member.celebrate_milestones = True
    member.save()
    client_for(member).post(URL, valid(celebrate_milestones=None))
    member.refresh_from_db()
    assert member.celebrate_milestones is False


def test_settings_profile_refuses_a_post_without_a_csrf_token(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post(URL, valid())
    assert response.status_code == HTTPStatus.FORBIDDEN
    member.refresh_from_db()
    assert member.display_name == ""


def test_settings_profile_accepts_a_post_with_its_csrf_token(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    client.get(URL)
    token = client.cookies["csrftoken"].value
    response = client.post(URL, valid(csrfmiddlewaretoken=token))
    assert response.status_code == HTTPStatus.FOUND


# --- Mistakes: the page comes back with the member's words and a kind reason ---------------


@pytest.mark.parametrize(
    ("changes", "field", "key"),
    [
        ({"display_name": "x" * 51}, "display_name", "display_name_max_length"),
        ({"display_name": "\u200b\u200b"}, "display_name", "display_name_invisible"),
        ({"display_name": "Holdfast Moderator"}, "display_name", "display_name_official"),
        ({"display_name": "ADMlN"}, "display_name", "display_name_official"),
        ({"display_name": "Ad-min!"}, "display_name", "display_name_official"),
        ({"display_name": "the m0ds"}, "display_name", "display_name_official"),
        ({"display_name": "sash\u0430"}, "display_name", "display_name_confusable"),
        ({"display_name": "SASHA"}, "display_name", "display_name_confusable"),
        ({"bio": "b" * 2001}, "bio", "bio_max_length"),
        ({"bio": "nul \x00 here"}, "bio", "null_characters"),
    ],
)
def test_settings_profile_explains_a_mistake_and_keeps_the_text(
    member, other_member, client_for, changes, field, key
):
    response = client_for(member).post(URL, valid(**changes))
    assert response.status_code == HTTPStatus.OK
    form = response.context["form"]
    assert [error.code for error in form.errors.as_data()[field]] == [key]
    html = response.content.decode()
    assert "Everything you wrote is still here." in html
    # What they typed in the other fields is still there.
    assert ("One day at a time." if field == "display_name" else 'value="Rowan T."') in html
    member.refresh_from_db()
    assert member.display_name == "" and member.bio == ""


def test_settings_profile_error_words_are_kind_and_specific(member, client_for):
    response = client_for(member).post(URL, valid(display_name="y" * 60, bio="z" * 2050))
    html = response.content.decode()
    assert "Please keep your display name to 50 characters or fewer (it has 60)." in html
    assert "please keep it to 2,000 characters or fewer (it has 2050)." in html
    assert "y" * 60 in html


def test_settings_profile_refuses_an_unknown_time_zone(member, client_for):
    response = client_for(member).post(URL, valid(time_zone="Mars/Olympus_Mons"))
    assert "Choose a time zone from the list" in response.content.decode()
    member.refresh_from_db()
    assert member.time_zone == "UTC"


def test_settings_profile_refuses_an_unknown_privacy_choice(member, client_for):
    response = client_for(member).post(URL, valid(streak_visibility="the_whole_world"))
    assert "Choose one of the options shown." in response.content.decode()


def test_settings_profile_refused_name_does_not_reach_the_menu(member, client_for):
    html = client_for(member).post(URL, valid(display_name="Admin")).content.decode()
    assert '<span class="menu-name">rowan</span>' in html  # the account menu's button
    assert '<span class="menu-name">Admin</span>' not in html


def test_settings_profile_lets_a_member_use_a_look_alike_of_their_own_name(member, client_for):
    response = client_for(member).post(URL, valid(display_name="R0WAN"))
    assert response.status_code == HTTPStatus.FOUND


@pytest.mark.parametrize("name", ["Stafford", "Modesty Blaise", "Holdfaster"])
def test_settings_profile_allows_names_that_only_contain_an_official_word(member, client_for, name):
    response = client_for(member).post(URL, valid(display_name=name))
    assert response.status_code == HTTPStatus.FOUND


def test_settings_profile_lets_staff_use_an_official_name(staff, client_for):
    response = client_for(staff).post(URL, valid(display_name="Holdfast team"))
    assert response.status_code == HTTPStatus.FOUND


def test_settings_profile_collapses_spaces_in_the_display_name(member, client_for):
    client_for(member).post(URL, valid(display_name="  Rowan    T.  "))
    member.refresh_from_db()
    assert member.display_name == "Rowan T."


def test_settings_profile_previews_the_bio_without_saving(member, client_for):
    response = client_for(member).post(URL, valid(bio="**bold** <script>x()</script>", preview="1"))
    html = response.content.decode()
    assert "Preview of your bio (not saved yet)" in html
    assert "<strong>bold</strong>" in html
    assert "<script>x()" not in html
    member.refresh_from_db()
    assert member.bio == ""


def test_settings_profile_is_rate_limited_and_keeps_the_text(member, client_for, settings):
    client = client_for(member)
    for _ in range(30):
        client.post(URL, valid(preview="1"))
    response = client.post(URL, valid(display_name="Rowan, once more"))
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    html = response.content.decode()
    assert "please wait a few minutes" in html
    assert 'value="Rowan, once more"' in html
    member.refresh_from_db()
    assert member.display_name == ""


# --- The badge snippets ---------------------------------------------------------------------


def test_settings_profile_badge_snippets_use_the_sites_address(member, client_for, settings):
    settings.HOLDFAST_SITE_URL = "https://holdfast.example"
    html = client_for(member).get(URL).content.decode()
    markdown = (
        "[![My no-contact streak on Holdfast](https://holdfast.example/u/rowan/badge.svg)]"
        "(https://holdfast.example/u/rowan/)"
    )
    assert markdown in html
    assert (
        "&lt;a href=&quot;https://holdfast.example/u/rowan/&quot;&gt;&lt;img "
        "src=&quot;https://holdfast.example/u/rowan/badge.svg&quot;"
    ) in html
    assert '<textarea class="form-control font-monospace snippet-text" id="badge-markdown"' in html
    assert 'for="badge-markdown"' in html and 'for="badge-html"' in html
    assert 'data-copy="badge-html" hidden>Copy HTML</button>' in html  # shown by accounts.js


def test_settings_profile_badge_snippets_fall_back_to_the_requests_host(
    member, client_for, settings
):
    settings.HOLDFAST_SITE_URL = ""
    html = client_for(member).get(URL).content.decode()
    assert "(http://testserver/u/rowan/badge.svg)" in html


def test_settings_profile_explains_the_neutral_badge_of_a_private_streak(member, client_for):
    member.streak_visibility = Visibility.MEMBERS
    member.save()
    assert "neutral “holdfast member” image" in client_for(member).get(URL).content.decode()
    member.streak_visibility = Visibility.EVERYONE
    member.save()
    assert "neutral “holdfast member” image" not in client_for(member).get(URL).content.decode()


# --- Navigation ------------------------------------------------------------------------------


def test_settings_profile_shows_the_settings_menu_with_this_page_current(member, client_for):
    html = client_for(member).get(URL).content.decode()
    assert '<nav class="settings-nav mb-4" aria-label="Settings">' in html
    assert f'href="{URL}" aria-current="page">Profile</a>' in html
    for name in ("moderation:ex_names", "account_change_password", "account_email"):
        assert f'href="{reverse(name)}"' in html


def test_member_menu_links_to_settings(member, other_member, client_for):
    html = client_for(member).get(reverse("accounts:profile", args=["sasha"])).content.decode()
    # In the account menu (components/_account_menu.html): an icon, then the word.
    assert re.search(rf'<a href="{URL}"><svg [^>]*>.*?</svg>Settings</a>', html)


@pytest.mark.parametrize("history", ["new", "busy"])
def test_settings_profile_runs_a_constant_number_of_queries(
    member, client_for, django_assert_max_num_queries, history
):
    if history == "busy":  # posts, a long streak with every milestone, a bio
        thread = factories.make_thread(author=member)
        for number in range(20):
            factories.make_reply(author=member, thread=thread, body=f"Reply {number}.")
        services.start_streak(member=member, started_on=datetime.date(2024, 1, 1))
    client = client_for(member)
    # Session, user, the menu's notification count. The time zone list is built once a
    # process, never from the database.
    with django_assert_max_num_queries(3):
        assert client.get(URL).status_code == HTTPStatus.OK
    # A save: session, user, the look-alike check of the display name, the screen of the
    # display name and of the bio (the site's watched words, once: then cached; the member's
    # list of names, for each), the update inside its transaction (a savepoint and its
    # release here, as the test runs in a transaction); the redirect is not followed.
    with django_assert_max_num_queries(9):
        assert client.post(URL, valid(display_name="Someone new")).status_code == 302


# --- The form on its own ---------------------------------------------------------------------


def test_profile_form_time_zones_are_the_zone_database_sorted():
    choices = forms.time_zone_choices()
    assert choices[0] == ("UTC", "UTC")
    regions = [region for region, _ in choices[1:]]
    assert regions == sorted(regions) and "Europe" in regions
    grouped = {name for _, places in choices[1:] for name, _ in places}
    assert grouped | {"UTC"} == zoneinfo.available_timezones()


def test_profile_form_accepts_an_empty_display_name_and_bio(db):
    member = factories.make_member(username="quiet_one")
    form = forms.ProfileForm(valid(display_name="", bio=""), instance=member)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["display_name"] == "" and form.cleaned_data["bio"] == ""


def test_profile_form_counts_a_line_break_as_one_character(db):
    member = factories.make_member(username="long_writer")
    bio = "a\r\n" * 999 + "bb"  # 2,000 characters as the browser counts them
    form = forms.ProfileForm(valid(bio=bio), instance=member)
    assert form.is_valid(), form.errors
    assert len(form.cleaned_data["bio"]) == User._meta.get_field("bio").max_length


@pytest.mark.parametrize("name", ["account_email", "account_change_password", "mfa_index"])
def test_account_security_pages_show_the_settings_menu(member, client_for, name):
    html = client_for(member).get(reverse(name)).content.decode()
    assert '<nav class="settings-nav mb-4" aria-label="Settings">' in html
    assert f'href="{reverse(name)}" aria-current="page"' in html


def test_settings_profile_answers_accounts_js_with_the_preview_alone(member, client_for):
    response = client_for(member).post(
        URL, valid(bio="*soft* <script>x()</script>", preview="1"), HTTP_X_REQUESTED_WITH="fetch"
    )
    assert response["X-Holdfast-Partial"] == "bio-preview"
    html = response.content.decode()
    assert "<em>soft</em>" in html and "<script>x()" not in html
    assert "<html" not in html and "Save profile" not in html
    member.refresh_from_db()
    assert member.bio == ""


def test_settings_profile_answers_a_preview_with_a_mistake_with_the_whole_page(member, client_for):
    response = client_for(member).post(
        URL, valid(bio="b" * 2001, preview="1"), HTTP_X_REQUESTED_WITH="fetch"
    )
    assert "X-Holdfast-Partial" not in response
    assert "please keep it to 2,000 characters" in response.content.decode()


def test_names_settings_page_shows_the_settings_menu(member, client_for):
    html = client_for(member).get(reverse("moderation:ex_names")).content.decode()
    assert f'href="{reverse("moderation:ex_names")}" aria-current="page">Names</a>' in html
