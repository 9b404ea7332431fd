"""The profile in a real browser (375 px wide, CSP on, axe scans): a member edits their
profile — name, Markdown bio, time zone, privacy — copies their badge snippet and sees the
result on /u/<name>/, as themselves and as a visitor."""

import datetime

from django.utils import timezone

from accounts import services
from tests import factories


def log_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Username or email").fill(username)
    page.get_by_label("Password").first.fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url("**/")


def test_edit_profile_copy_the_badge_and_see_the_profile(page, assert_accessible):
    member = factories.make_member(username="night_owl")
    services.start_streak(member=member, started_on=timezone.now().date() - datetime.timedelta(9))
    log_in(page, "night_owl")

    page.get_by_role("navigation", name="Main").locator("summary").click()  # "Me"
    page.get_by_role("link", name="Settings").click()
    page.wait_for_url("**/settings/profile/")
    settings_nav = page.get_by_role("navigation", name="Settings")
    assert settings_nav.get_by_role("link", name="Profile").get_attribute("aria-current") == "page"
    assert_accessible(page)

    # A mistake first: the page explains it and keeps every word.
    page.get_by_label("Display name").fill("Admin")
    page.get_by_label("About you").fill("Nine days.\n\n**Still here**, one *morning* at a time.")
    page.get_by_role("button", name="Save profile").click()
    assert page.get_by_text("Names that sound official").is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert "**Still here**" in page.get_by_label("About you").input_value()
    assert_accessible(page)

    page.get_by_label("Display name").fill("Night Owl")
    # accounts.js shows the preview in place: the page is not reloaded, so what was typed
    # but not yet sent stays as it is.
    page.evaluate("window.notReloaded = true")
    page.get_by_role("button", name="Preview bio").click()
    preview = page.get_by_role("region", name="Preview of your bio (not saved yet)")
    preview.locator("strong", has_text="Still here").wait_for()
    assert page.evaluate("window.notReloaded === true")
    page.get_by_label("Your time zone").select_option("Europe/Lisbon")
    page.get_by_role("group", name="Who can see your streak and milestone badges").get_by_label(
        "Everyone, including visitors"
    ).check()
    page.get_by_role("button", name="Save profile").click()
    assert page.get_by_text("Your profile is saved.").is_visible()

    # The snippets: read-only, labelled, with a Copy button that accounts.js reveals.
    snippet = page.get_by_label("Markdown (for forums, GitHub, many blogs)")
    assert snippet.get_attribute("readonly") is not None
    assert "/u/night_owl/badge.svg" in snippet.input_value()
    copy = page.get_by_role("button", name="Copy Markdown")
    assert copy.is_visible()
    copy.click()
    status = page.locator("[data-copy-status]")
    status.filter(has_text="Cop").or_(status.filter(has_text="selected")).wait_for()
    assert page.get_by_role("img", name="Your badge as others see it").is_visible()
    assert_accessible(page)

    # The settings menu leads to allauth's pages, which carry the same menu.
    page.get_by_role("navigation", name="Settings").get_by_role("link", name="Password").click()
    page.wait_for_url("**/accounts/password/change/")
    settings_nav = page.get_by_role("navigation", name="Settings")
    assert settings_nav.get_by_role("link", name="Password").get_attribute("aria-current") == "page"
    assert_accessible(page)
    for name, url in (
        ("Email address", "/accounts/email/"),
        ("Two-step sign-in", "/accounts/2fa/"),
    ):
        settings_nav.get_by_role("link", name=name).click()
        page.wait_for_url(f"**{url}")
        assert_accessible(page)
    settings_nav.get_by_role("link", name="Profile").click()
    page.wait_for_url("**/settings/profile/")

    page.get_by_role("link", name="See your profile as others do").click()
    page.wait_for_url("**/u/night_owl/")
    assert page.get_by_role("heading", name="Night Owl", level=1).is_visible()
    assert page.get_by_role("heading", name="This is your profile").is_visible()
    bio = page.locator(".profile-bio")
    assert bio.locator("strong", has_text="Still here").is_visible()
    card = page.get_by_role("region", name="No-contact streak")
    assert card.get_by_text("9 days").first.is_visible()
    assert_accessible(page)

    # A visitor (a fresh browser context, no session) sees the public streak too.
    visitor = page.context.browser.new_context(base_url=page.url.split("/u/")[0])
    other = visitor.new_page()
    other.goto("/u/night_owl/")
    assert other.get_by_role("heading", name="Night Owl", level=1).is_visible()
    assert other.get_by_role("region", name="No-contact streak").is_visible()
    assert other.get_by_role("heading", name="This is your profile").count() == 0
    visitor.close()


def test_profile_settings_work_without_javascript(page, live_server):
    factories.make_member(username="no_script")
    context = page.context.browser.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 800}, java_script_enabled=False
    )
    plain = context.new_page()
    log_in(plain, "no_script")
    plain.goto("/settings/profile/")
    # No Copy buttons without JavaScript: the read-only snippets are there to select by hand.
    assert plain.get_by_role("button", name="Copy Markdown").count() == 0
    assert "/u/no_script/badge.svg" in plain.get_by_label("HTML (for web pages)").input_value()
    plain.get_by_label("About you").fill("_Quietly_ proud.")
    plain.get_by_role("button", name="Preview bio").click()
    preview = plain.get_by_role("region", name="Preview of your bio (not saved yet)")
    assert preview.locator("em", has_text="Quietly").is_visible()
    plain.get_by_role("button", name="Save profile").click()
    assert plain.get_by_text("Your profile is saved.").is_visible()
    plain.goto("/u/no_script/")
    assert plain.locator(".profile-bio em", has_text="Quietly").is_visible()
    context.close()
