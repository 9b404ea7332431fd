import re

from django.core import mail
from playwright.sync_api import expect

from accounts.models import User
from tests.e2e.test_forum_flow import open_menu


def test_signup_verify_and_login_in_the_browser(page, assert_accessible):
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("link", name="Join").first.click()
    assert_accessible(page)
    page.get_by_label("Username").fill("night_owl")
    page.get_by_label("Email").fill("owl@example.org")
    page.get_by_label("Password").first.fill("a long quiet evening")
    page.get_by_label("Password (again)").fill("a long quiet evening")
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url("**/accounts/confirm-email/")
    assert_accessible(page)

    confirm_path = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)
    page.goto(confirm_path)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/welcome/")  # the welcome (tests/e2e/test_onboarding_flow.py)
    assert User.objects.get(username="night_owl").emailaddress_set.get().verified

    open_menu(page)
    page.get_by_role("button", name="Log out").click()
    page.get_by_role("link", name="Log in").first.click()
    page.get_by_label("Username or email").fill("owl@example.org")
    page.get_by_label("Password").first.fill("a long quiet evening")
    page.get_by_role("button", name="Log in", exact=True).click()
    open_menu(page)
    expect(page.get_by_role("link", name="My profile")).to_have_attribute("href", "/u/night_owl/")
    assert_accessible(page)


def test_error_pages_use_the_layout(page, assert_accessible, browser_errors):
    response = page.goto("/no-such-page/")
    assert response.status == 404
    assert browser_errors == [
        "Failed to load resource: the server responded with a status of 404 (Not Found)"
    ]
    browser_errors.clear()
    assert page.get_by_role("heading", name="We couldn't find that page").is_visible()
    assert page.get_by_role("link", name="Crisis resources").is_visible()
    assert_accessible(page)


def test_visitor_header_and_tab_bar_fit_a_phone(page, assert_accessible):
    # At 375 px the header keeps its tools on the brand's row, and Log in / Join sit in the tab
    # bar at the bottom of the screen, in sight without opening anything.
    page.goto("/")
    brand = page.locator(".brand").bounding_box()
    search = page.locator(".site-header").get_by_role("link", name="Search").bounding_box()
    join = page.get_by_role("link", name="Join", exact=True).bounding_box()
    assert abs(search["y"] + search["height"] / 2 - (brand["y"] + brand["height"] / 2)) < 8
    assert search["x"] + search["width"] <= 375
    assert join["y"] + join["height"] <= 800 and join["y"] > 700  # the bottom of the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in").click()
    page.wait_for_url("**/accounts/login/")
    assert_accessible(page)


def test_mail_outage_signup_in_the_browser_says_the_email_is_on_its_way(
    page, assert_accessible, settings
):
    import datetime

    from django.utils import timezone

    from outbox.delivery import send_due_emails
    from tests.outbox.smtp_server import SmtpServer

    server = SmtpServer()  # not started yet: the mail server is down
    settings.MAILERS = server.mailers
    page.goto("/accounts/signup/")
    page.get_by_label("Username").fill("night_owl")
    page.get_by_label("Email").fill("owl@example.org")
    page.get_by_label("Password").first.fill("a long quiet evening")
    page.get_by_label("Password (again)").fill("a long quiet evening")
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url("**/accounts/confirm-email/")
    assert page.get_by_role("heading", name="Check your email").is_visible()
    assert page.get_by_text("Your confirmation email is on its way.").is_visible()
    assert_accessible(page)

    server.start()
    try:
        send_due_emails(now=timezone.now() + datetime.timedelta(minutes=2))
    finally:
        server.stop()
    [message] = server.messages
    confirm = re.search(r"https?://[^/\s]+(/\S+)", message.get_content()).group(1)
    page.goto(confirm)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/")
    assert User.objects.get(username="night_owl").emailaddress_set.get().verified
