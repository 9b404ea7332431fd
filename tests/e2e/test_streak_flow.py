"""The streak in a real browser at 375 px: start a streak, check in, see the badge beside a
post you write and on your profile, then use the SOS page — add a reason, save an unsent
message, and follow "ask the community" to the prefilled new-thread form — with an axe scan
of every page on the way. The same features without a browser, and their denials, are
specified in tests/accounts/test_streak_views.py and test_sos_views.py."""

import datetime
import re

from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import CheckIn, Streak, UnsentMessage, UrgeReason
from tests import factories


def sign_in(page, user, server_url):
    """A session made by the test client (logging in through the form is covered by
    tests/e2e/test_accounts_flow.py)."""
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    session = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": server_url}])


def test_streak_flow_in_the_browser(page, live_server, assert_accessible):
    factories.make_category(name="Daily check-ins", slug="daily-check-ins")
    factories.make_category(name="Urges & relapses", slug="urges-relapses", members_only=True)
    rowan = factories.make_member(
        username="rowan", date_joined=timezone.now() - datetime.timedelta(days=60)
    )
    sign_in(page, rowan, live_server.url)
    started_on = timezone.now().date() - datetime.timedelta(days=10)

    # Start a streak ten days back, from the dashboard in the menu.
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Streak").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your streak")
    assert_accessible(page)
    page.get_by_label("Count my streak from").fill(started_on.isoformat())
    page.get_by_role("button", name="Start my streak").click()
    expect(page.locator(".messages")).to_contain_text("Your streak has started")
    expect(page.locator(".streak-count-number")).to_have_text("10")
    expect(page.locator(".next-milestone")).to_contain_text("14 days")
    expect(page.locator(".milestone-list")).to_contain_text("7 days")
    assert Streak.objects.get(member=rowan).started_on == started_on

    # Check in with a private note and one tap on a mood; a second look shows today's state.
    page.get_by_text("Add a private note first").click()
    page.get_by_label("A private note (optional)").fill("Walked by the sea.")
    page.get_by_role("button", name="Good", exact=True).click()
    expect(page.locator(".checked-in")).to_contain_text("feeling: Good")
    page.get_by_text("Your history", exact=True).click()
    expect(page.locator(".history-list").first).to_contain_text("Walked by the sea.")
    assert_accessible(page)
    assert CheckIn.objects.get(member=rowan).mood == 4

    # Write a post: the badge is beside it.
    page.goto("/new/?category=daily-check-ins")
    page.get_by_label("Title").fill("Ten days today")
    page.get_by_label("Your post").fill("Ten days. Some mornings are easier now.")
    page.get_by_role("button", name="Start thread").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ten days today")
    badge = page.locator("article.post .streak-badge").first
    expect(badge).to_contain_text("10 days")
    expect(badge.locator(".streak-badge-milestone")).to_contain_text("7")
    assert_accessible(page)

    # And on the profile.
    page.goto(f"/u/{rowan.username}/")
    expect(page.locator("main")).to_contain_text("10 days")
    assert_accessible(page)

    # The SOS tab is one tap away, without opening a menu.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="SOS").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Urge to contact?")
    assert_accessible(page)
    # The breathing circle moves, and stands still for anyone who asked for less motion.
    animation = "() => getComputedStyle(document.querySelector('.breathing-circle')).animationName"
    assert page.evaluate(animation) == "breathe"
    page.emulate_media(reduced_motion="reduce")
    assert page.evaluate(animation) == "none"
    page.emulate_media(reduced_motion="no-preference")
    page.get_by_label("A reason for no contact").fill("I sleep through the night now.")
    page.get_by_role("button", name="Add reason").click()
    expect(page.locator(".reason-list")).to_contain_text("I sleep through the night now.")
    page.get_by_role("link", name="Edit reason 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit a reason")
    assert_accessible(page)
    page.get_by_label("A reason for no contact").fill("I sleep through the night, every night.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".reason-list")).to_contain_text("every night")
    page.get_by_label("What you want to say to them").fill("I wanted to tell you about my day.")
    page.get_by_role("button", name="Save privately").click()
    expect(page.locator(".messages")).to_contain_text("not sent to anyone")
    page.locator(".unsent-message summary").first.click()
    expect(page.locator(".unsent-message").first).to_contain_text("about my day")
    assert_accessible(page)
    assert UrgeReason.objects.get(member=rowan).text == "I sleep through the night, every night."
    assert UnsentMessage.objects.filter(member=rowan).count() == 1

    # Ask the community: the new-thread form opens in "Urges & relapses".
    page.get_by_role("link", name="Ask the community for support").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a thread")
    expect(page.get_by_label("Category").locator("option:checked")).to_have_text("Urges & relapses")
    assert_accessible(page)


def test_one_tap_check_in_something_happened_and_a_new_streak_today(
    page, live_server, assert_accessible
):
    from accounts import services

    rowan = factories.make_member(
        username="rowan", date_joined=timezone.now() - datetime.timedelta(days=60)
    )
    today = timezone.localdate()
    services.start_streak(member=rowan, started_on=today - datetime.timedelta(days=20))
    services.mark_milestones_seen(member=rowan)
    sign_in(page, rowan, live_server.url)
    page.goto("/streak/")
    expect(page.locator(".streak-count-number")).to_have_text("20")
    progress = page.get_by_role("progressbar", name=re.compile("Next milestone: 30 days"))
    expect(progress).to_have_attribute("value", "20")
    assert_accessible(page)

    # One tap checks in: a mood button is the submit button.
    mood = page.get_by_role("button", name="Really hard", exact=True)
    assert mood.bounding_box()["height"] >= 44
    mood.click()
    expect(page.locator(".checked-in")).to_contain_text("feeling: Really hard")
    assert CheckIn.objects.get(member=rowan).mood == 1

    # Something happened: they reached out, and I did not answer — the streak goes on.
    page.get_by_text("Tell us what happened").click()
    page.get_by_role("link", name="They reached out, and I didn't answer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "They reached out and I did not answer"
    )
    assert_accessible(page)
    page.get_by_label("A private note (optional)").fill("A text at midnight.")
    page.get_by_role("button", name="Keep it in my history").click()
    expect(page.locator(".messages")).to_contain_text("Your streak keeps going")
    expect(page.locator(".streak-count-number")).to_have_text("20")

    # I replied: the streak ends with a reflection, and a new one starts today on its own.
    page.get_by_text("Tell us what happened").click()
    page.get_by_role("link", name="I replied").click()
    expect(page.locator(".happened-words")).to_contain_text("starts a new one from today")
    page.get_by_label("A private reflection (optional)").fill("I was lonely.")
    page.get_by_role("button", name="Start again from today").click()
    expect(page.locator(".messages")).to_contain_text("started again from today")
    expect(page.locator(".streak-count-number")).to_have_text("0")
    expect(page.locator(".streak-since time")).to_have_attribute("datetime", today.isoformat())
    assert_accessible(page)
    open_streak = Streak.objects.get(member=rowan, ended_on__isnull=True)
    assert open_streak.started_on == today
    assert Streak.objects.get(member=rowan, ended_on__isnull=False).reflection == "I was lonely."

    # The day was really yesterday: change the start date.
    page.get_by_text("Change start date").click()
    page.get_by_label("This streak started on").fill(today.isoformat())
    page.get_by_role("button", name="Save the date").click()
    expect(page.locator(".messages")).to_contain_text("Your streak now counts from that day.")


def test_the_milestone_moment_is_celebrated_until_closed_and_offers_the_card(
    page, live_server, assert_accessible
):
    from accounts import services

    rowan = factories.make_member(
        username="rowan",
        date_joined=timezone.now() - datetime.timedelta(days=60),
        streak_visibility="everyone",
    )
    services.start_streak(
        member=rowan, started_on=timezone.localdate() - datetime.timedelta(days=7)
    )
    sign_in(page, rowan, live_server.url)
    page.goto("/streak/")
    moment = page.locator(".milestone-moment")
    expect(moment.get_by_role("heading")).to_have_text("7 days. You did this.")
    animation = "() => getComputedStyle(document.querySelector('.milestone-moment')).animationName"
    assert page.evaluate(animation) == "moment-rise"
    page.emulate_media(reduced_motion="reduce")
    assert page.evaluate(animation) == "none"
    page.emulate_media(reduced_motion="no-preference")
    assert_accessible(page)
    expect(moment.get_by_role("link", name="Tell others in Daily check-ins")).to_have_attribute(
        "href", "/new/?category=daily-check-ins"
    )
    moment.get_by_role("link", name="See your milestone card").click()
    assert page.url.endswith("/u/rowan/milestone/7.svg")
    expect(page.locator("svg title")).to_have_text("A 7-day no-contact milestone on Holdfast")

    # Until the member closes it (a POST: a page view never writes); then an ordinary page.
    page.goto("/streak/")
    page.locator(".milestone-moment").get_by_role("button", name="Close this celebration").click()
    page.goto("/streak/")
    expect(page.locator(".streak-count-number")).to_have_text("7")
    expect(page.locator(".milestone-moment")).to_have_count(0)
