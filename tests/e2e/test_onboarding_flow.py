"""Onboarding and the home page in a real browser at 375 px (CSP on, axe scans): a new
member signs up with the time zone their browser reports, verifies their email, goes
through the welcome (name, last contact, hello); a visitor's home; a member's one-tap
check-in. The same without a browser: tests/accounts/test_onboarding.py, test_welcome.py,
test_today.py and tests/forum/test_home.py."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts import services
from accounts.models import Streak, User
from forum.models import Thread
from tests import factories
from tests.e2e.test_streak_flow import sign_in


@pytest.fixture
def lisbon_page(browser, live_server, transactional_db, browser_errors):
    """A phone whose clock is set to Lisbon's time zone."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 375, "height": 800},
        timezone_id="Europe/Lisbon",
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and browser_errors.append(m.text))
    page.on("pageerror", lambda error: browser_errors.append(str(error)))
    yield page
    context.close()
    assert browser_errors == [], f"The browser reported errors: {browser_errors}"


def test_new_member_signs_up_and_is_welcomed(lisbon_page, assert_accessible):
    page = lisbon_page
    factories.make_category(name="Start here", slug="start-here")
    page.goto("/accounts/signup/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Join Holdfast")
    # The time zone comes from the browser; the member can still change it.
    expect(page.get_by_label("Your time zone")).to_have_value("Europe/Lisbon")
    assert_accessible(page)

    # A mistake first: the summary at the top takes the focus and links to the field.
    page.get_by_label("Username").fill("night_owl")
    page.get_by_label("Email").fill("owl@example.org")
    page.locator("#id_password1").fill("a long quiet evening")
    page.locator("#id_password2").fill("a different evening")
    page.get_by_role("button", name="Create my account").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link").first).to_have_attribute("href", "#id_password2")
    expect(page.get_by_label("Your time zone")).to_have_value("Europe/Lisbon")
    assert_accessible(page)

    # Show password lets the member check what they typed.
    field = page.locator("#id_password2")
    field.fill("a long quiet evening")
    toggle = page.get_by_role("button", name="Show password").nth(1)
    toggle.click()
    expect(field).to_have_attribute("type", "text")
    hide = page.get_by_role("button", name="Hide password")
    expect(hide).to_have_attribute("aria-pressed", "true")
    page.locator("#id_password1").fill("a long quiet evening")
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url("**/accounts/confirm-email/")
    assert_accessible(page)
    assert User.objects.get(username="night_owl").time_zone == "Europe/Lisbon"

    # Verify, and the welcome begins.
    confirm_path = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)
    page.goto(confirm_path)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/welcome/")
    expect(page.get_by_text("step 1 of 3")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("What should we call you?").fill("Wren")
    page.get_by_role("button", name="Save and go on").click()

    page.wait_for_url("**/welcome/last-contact/")
    expect(page.get_by_role("heading", level=1)).to_have_text("When was your last contact?")
    expect(page.get_by_text("Days follow Lisbon time")).to_be_visible()
    assert_accessible(page)
    last_contact = timezone.now().date() - datetime.timedelta(days=4)
    page.get_by_label("The day of your last contact").fill(last_contact.isoformat())
    page.get_by_role("button", name="Start my streak").click()

    page.wait_for_url("**/new/?category=start-here&welcome=1")
    expect(page.get_by_role("heading", level=1)).to_have_text("Say hello")
    assert_accessible(page)
    page.get_by_label("Your post").fill("Four days in. Glad to have found you.")
    page.get_by_role("button", name="Post my hello").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, I'm new here")

    member = User.objects.get(username="night_owl")
    assert member.display_name == "Wren"
    assert Streak.objects.get(member=member).started_on == last_contact
    assert Thread.objects.get(author=member).category.slug == "start-here"

    page.goto("/")
    panel = page.locator(".today-panel")
    expect(panel.locator(".today-days-number")).to_have_text(
        str((timezone.now().astimezone(member.zone).date() - last_contact).days)
    )
    expect(panel.get_by_text("Days follow Lisbon time")).to_be_visible()


def test_welcome_steps_can_all_be_skipped(page, live_server, assert_accessible):
    member = factories.make_member(username="quiet_one")
    sign_in(page, member, live_server.url)
    page.goto("/welcome/")
    page.get_by_role("link", name="Skip this step").click()
    page.wait_for_url("**/welcome/last-contact/")
    page.get_by_role("link", name="Skip this step").click()
    page.get_by_role("link", name="Skip this step and look around first").click()
    page.wait_for_url(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Today")
    assert not Streak.objects.exists()


def test_visitors_home_welcomes_first(page, assert_accessible):
    page.goto("/")
    welcome = page.get_by_role("region", name="Holdfast")
    expect(welcome.get_by_role("link", name="Join Holdfast")).to_be_visible()
    expect(welcome.get_by_role("link", name="Read the guidelines")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)
    welcome.get_by_role("link", name="Join Holdfast").click()
    page.wait_for_url("**/accounts/signup/")


def test_member_checks_in_from_the_today_panel(page, live_server, assert_accessible):
    member = factories.make_member(username="rowan")
    services.start_streak(member=member, started_on=timezone.now().date() - datetime.timedelta(3))
    sign_in(page, member, live_server.url)
    page.goto("/")
    panel = page.get_by_role("region", name="Today")
    expect(panel.locator(".today-days-number")).to_have_text("3")
    assert_accessible(page)
    button = panel.get_by_role("button", name="Check in for today")
    box = button.bounding_box()
    assert box["height"] >= 44
    button.click()
    expect(page.get_by_text("Checked in for today.")).to_be_visible()
    expect(panel.get_by_text("You've checked in today.")).to_be_visible()
    expect(panel.get_by_role("button", name="Check in for today")).to_have_count(0)
    assert_accessible(page)


def test_log_in_mistake_and_password_reset_pages(page, assert_accessible):
    factories.make_member(username="rowan")
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    page.get_by_label("Username or email").fill("rowan")
    page.locator("#id_password").fill("not the password")
    page.get_by_role("button", name="Show password").click()
    expect(page.locator("#id_password")).to_have_attribute("type", "text")
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    expect(page.get_by_label("Username or email")).to_have_value("rowan")
    assert_accessible(page)
    page.goto("/accounts/password/reset/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    assert_accessible(page)
