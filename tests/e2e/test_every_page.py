# ruff: noqa: F811 — `world` is the security suite's fixture, imported to be requested by name.
"""Every page of the site, as a visitor, a member and a moderator, judged in a real browser:
axe-core (WCAG 2.2 AA and best practices: no violation) at 375 and 1280 px in the light and
the dark theme, and the Nu HTML checker (no error) on the HTML the server sent. Then the
navigation: no item's text ever runs onto a second line at 320-1920 px, the unread count is
in sight on a phone, and the phone's tab bar works with JavaScript off.

The pages come from walking the URL configuration (tests/security/urlwalk.py), so a page
added later is judged too: every route whose GET answers 200 with HTML for that role. Each
page is loaded once per role; the width and the theme (prefers-color-scheme) change in place.
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts import services as account_services
from accounts.buddies import services as buddy_services
from accounts.streaks.services import dates as risky_dates
from forum.models import Notification
from tests import factories
from tests.e2e.conftest import axe_violations, nu_errors
from tests.security.conftest import world  # noqa: F401 — the fixture: one of everything
from tests.security.urlwalk import all_routes, url_for

WIDTHS = [375, 1280]
THEMES = ["light", "dark"]
NAV_WIDTHS = [320, 375, 768, 1024, 1280, 1920]
# Routes a GET must not be sent to from here: the admin (Django's own pages) and what
# answers something other than a page (a download, an image, a redirect).
SKIPPED_PREFIXES = ("admin/",)
MISSING = "/no-such-page-here/"  # the 404 page


def signed_in_client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def pages_for(client, world) -> list[str]:
    """The URLs that answer this client's GET with a 200 HTML page, and the 404 page."""
    urls = set()
    for entry in all_routes():
        if entry[0].startswith(SKIPPED_PREFIXES):
            continue
        url = url_for(entry, world)
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            urls.add(url)
    return [*sorted(urls), MISSING]


def browser_context(browser, live_server, user, **options):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 800}, **options
    )
    context.set_default_timeout(15_000)
    if user is not None:
        session = signed_in_client(user).cookies["sessionid"].value
        context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    return context


def who(role, world):
    return {"visitor": None, "member": world.member, "moderator": world.moderator}[role]


def with_a_streak_and_sos_notes(member) -> None:
    """The member's own pages with something on them: a streak, a check-in, an SOS reason,
    an unsent message and risky dates (the world has none of the signed-in member's)."""
    today = timezone.localdate()
    account_services.start_streak(member=member, started_on=today - datetime.timedelta(days=9))
    account_services.check_in(member=member, mood=4, note="A calmer day.")
    account_services.add_urge_reason(member=member, text="I deserve peace.")
    account_services.save_unsent_message(member=member, body="I am not sending this.")
    # A risky date today and one tomorrow: the home and streak pages show both panels.
    risky_dates.add_risky_date(member=member, label="Our anniversary", on=today)
    risky_dates.add_risky_date(
        member=member, label="Their birthday", on=today + datetime.timedelta(days=1)
    )
    # An accountability buddy who pinged: /buddy/ shows their streak, the ping and the reply
    # buttons, and the SOS page its "Ping my buddy" buttons.
    buddy = factories.make_member(username=f"buddy_of_{member.username}")
    pairing = buddy_services.invite_buddy(member=buddy, invitee=member)
    buddy_services.accept_buddy_invitation(member=member, pairing=pairing)
    buddy_services.ping_buddy(member=buddy, message="urge")


@pytest.mark.parametrize("role", ["visitor", "member", "moderator"])
def test_every_page_passes_axe_and_the_nu_html_checker(
    role, world, browser, live_server, transactional_db
):
    user = who(role, world)
    if user is not None:
        with_a_streak_and_sos_notes(user)
    urls = pages_for(signed_in_client(user), world)
    assert len(urls) > (8 if role == "visitor" else 20), urls  # the walk found the site
    context = browser_context(browser, live_server, user)
    page = context.new_page()
    errors = []
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and not page.url.endswith(MISSING)  # the 404 page's own status is logged
            and errors.append(f"{page.url}: {message.text}")
        ),
    )
    html, violations = {}, []
    for url in urls:
        response = page.goto(url)
        html[f"{role} {url}"] = response.text()
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            for theme in THEMES:
                page.emulate_media(color_scheme=theme)
                found = axe_violations(page)
                if found:
                    violations.append((url, width, theme, found))
        page.set_viewport_size({"width": 375, "height": 800})
    context.close()
    assert violations == [], f"axe found {len(violations)} problems: {violations}"
    problems = nu_errors(html)
    assert problems == [], "The Nu HTML checker:\n" + "\n".join(problems)
    assert errors == [], errors


# --- Navigation ---------------------------------------------------------------------------

# Text of every navigation item in sight, and on how many lines it is drawn: a word broken
# letter by letter ("H/o/m/e") or an item run onto two lines counts more than one.
LINES_OF_NAV_ITEMS = """() => {
  const items = document.querySelectorAll([
    '.brand', '.header-tools > a', '.header-tools summary', '.theme-switch button',
    '.primary-nav a', '.tab-bar .tab',
  ].join(', '));
  const found = [];
  for (const item of items) {
    const box = item.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(item).visibility === 'hidden') continue;
    const rects = [];
    const walker = document.createTreeWalker(item, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      // A count pinned to the corner of its tab (.tab-count) is not a line of the label.
      const parent = node.parentElement;
      if (!node.textContent.trim() || parent.closest('.visually-hidden, .tab-count')) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) if (rect.width) rects.push(rect);
    }
    // Lines: a piece of text that starts below the bottom of the line before starts a new one
    // (text in a count pill sits a few pixels off the label's baseline, on the same line).
    rects.sort((a, b) => a.top - b.top);
    let lines = 0, bottom = -Infinity;
    for (const rect of rects) {
      if (rect.top >= bottom - 2) lines += 1;
      bottom = Math.max(bottom, rect.bottom);
    }
    found.push({text: item.textContent.trim().replace(/\\s+/g, ' '), lines});
  }
  return {items: found, overflow: document.documentElement.scrollWidth - innerWidth};
}"""


@pytest.mark.parametrize("role", ["visitor", "member", "moderator"])
def test_no_nav_item_wraps_at_any_width(role, world, browser, live_server, transactional_db):
    user = who(role, world)
    context = browser_context(browser, live_server, user)
    page = context.new_page()
    page.goto("/")
    for width in NAV_WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        seen = page.evaluate(LINES_OF_NAV_ITEMS)
        wrapped = [item for item in seen["items"] if item["lines"] > 1]
        assert wrapped == [], f"{role} at {width} px: {wrapped}"
        assert seen["overflow"] <= 0, f"{role} at {width} px: the page scrolls sideways"
        assert len(seen["items"]) >= 4
    context.close()


def test_unread_count_is_in_sight_on_a_phone(world, browser, live_server, transactional_db):
    assert Notification.objects.filter(recipient=world.other, read_at=None).exists()
    context = browser_context(browser, live_server, world.other)
    page = context.new_page()
    page.goto("/")
    count = page.locator(".tab-bar .notification-count")
    expect(count).to_be_visible()
    expect(count).to_be_in_viewport()
    expect(page.get_by_role("link", name="Inbox (notifications) 1 unread")).to_be_visible()
    context.close()


def test_phone_tab_bar_works_without_javascript(world, browser, live_server, transactional_db):
    context = browser_context(browser, live_server, world.moderator, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    bar = page.get_by_role("navigation", name="Main")
    bar.get_by_role("link", name="Streak").click()
    expect(page).to_have_url(f"{live_server.url}{reverse('accounts:streak_dashboard')}")
    bar.get_by_role("link", name="SOS").click()
    expect(page).to_have_url(f"{live_server.url}{reverse('accounts:sos')}")
    # "Me" is a <details> menu: it opens without JavaScript, with the moderation queues in it.
    bar.locator("summary").click()
    bar.get_by_role("link", name="Settings").click()
    expect(page).to_have_url(f"{live_server.url}{reverse('accounts:settings_profile')}")
    bar.locator("summary").click()
    bar.get_by_role("link", name="Moderation").click()
    expect(page).to_have_url(f"{live_server.url}{reverse('moderation:dashboard')}")
    context.close()


def test_menus_close_on_escape(world, browser, live_server, transactional_db):
    context = browser_context(browser, live_server, world.member)
    page = context.new_page()
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/")
    menu = page.locator("details.menu-header")
    menu.locator("summary").click()
    expect(menu.get_by_role("link", name="Settings")).to_be_visible()
    page.keyboard.press("Escape")
    expect(menu.get_by_role("link", name="Settings")).to_be_hidden()
    expect(menu.locator("summary")).to_be_focused()
    context.close()


def test_theme_switch_works_without_javascript_and_is_kept(browser, live_server, transactional_db):
    context = browser_context(browser, live_server, None, java_script_enabled=False)
    page = context.new_page()
    page.emulate_media(color_scheme="light")
    page.goto(reverse("forum:guidelines"))
    page.locator(".site-header").get_by_role("button", name="Dark theme").click()
    expect(page).to_have_url(f"{live_server.url}{reverse('forum:guidelines')}")
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(23, 21, 19)"  # --hf-bg of the dark theme
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    context.close()
