"""Quick exit in a real browser (issue 15, item 1): the "Quick exit" button and Escape
pressed three times replace the page with the neutral one, and Back does not return to the
forum page; without JavaScript the link still leaves. Discreet mode's tab title too."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from accounts.discreet import services as discreet
from tests import factories
from tests.e2e.conftest import axe_violations, nu_errors
from tests.e2e.test_profile_flow import log_in

NEUTRAL = "/recipes/tomato-soup/"


def _thread(title="He texted me again last night"):
    author = factories.make_member(username="poster")
    thread = factories.make_thread(author=author, title=title)
    return reverse("forum:thread_detail", args=[thread.pk, thread.slug])


def test_quick_exit_button_leaves_nothing_on_back(page, live_server, assert_accessible):
    thread_url = _thread()
    page.goto("about:blank")
    page.goto(thread_url)
    button = page.get_by_role("link", name="Quick exit")
    expect(button).to_have_text("Quick exit")
    box = button.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    assert_accessible(page)
    button.click()
    page.wait_for_url(f"**{NEUTRAL}")
    expect(page).to_have_title("Simple tomato soup")
    # location.replace(): the thread's entry is gone; Back goes to where the tab was before.
    page.go_back()
    assert page.url == "about:blank"
    assert page.evaluate("history.length") == 2


def test_quick_exit_on_escape_pressed_three_times(page, live_server):
    member = factories.make_member(username="rowan")
    log_in(page, "rowan")
    thread_url = _thread()
    page.goto(thread_url)
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    assert NEUTRAL not in page.url  # twice is not enough: Escape also closes menus
    page.keyboard.press("Escape")
    page.wait_for_url(f"**{NEUTRAL}")
    page.go_back()
    # Back: the page before the thread (the home page after logging in), never the thread.
    assert thread_url not in page.url
    assert member.discreet_mode is False


def test_quick_exit_link_works_without_javascript(browser, live_server, transactional_db):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(_thread())
    page.get_by_role("link", name="Quick exit").click()
    page.wait_for_url(f"**{NEUTRAL}")
    assert "Holdfast" not in page.content()
    context.close()


def test_quick_exit_discreet_mode_tab_title(page, live_server):
    member = factories.make_member(username="rowan")
    discreet.set_discreet_mode(member=member, on=True)
    log_in(page, "rowan")
    page.goto(_thread())
    expect(page).to_have_title("Notes")
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert re.search(r"favicon-discreet\.svg$", icon)


def test_quick_exit_pages_pass_axe_and_the_nu_html_checker(page, live_server):
    factories.make_member(username="rowan")
    log_in(page, "rowan")
    html, violations = {}, []
    for url in (NEUTRAL, reverse("accounts:settings_discreet")):
        response = page.goto(url)
        html[url] = response.text()
        for width in (375, 1280):
            page.set_viewport_size({"width": width, "height": 800})
            for theme in ("light", "dark"):
                page.emulate_media(color_scheme=theme)
                if found := axe_violations(page):
                    violations.append((url, width, theme, found))
    assert violations == []
    assert nu_errors(html) == []
    # The settings page works without JavaScript: a plain form, a real checkbox and label.
    page.goto(reverse("accounts:settings_discreet"))
    page.get_by_label("Use discreet mode").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your choice is saved.")).to_be_visible()
    expect(page).to_have_title("Notes")
