"""Email settings and unsubscribe in a real browser at 375 px: a member switches off
milestone emails and chooses the daily digest; a link from an email unsubscribes from
replies after one button press, without logging in — with an axe scan of each page. The same
paths without a browser are in tests/accounts/test_emails.py."""

from playwright.sync_api import expect

from accounts.email import sending as emails
from accounts.models import EmailDelivery, User
from tests import factories
from tests.e2e.test_forum_flow import sign_in


def test_email_settings_and_unsubscribe_in_the_browser(
    page, live_server, assert_accessible, browser_errors
):
    rowan = factories.make_member(username="rowan")

    sign_in(page, rowan, live_server.url)
    page.goto("/settings/email/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Email notifications")
    assert_accessible(page)
    page.get_by_label("Milestones I reach in my streak").uncheck()
    page.get_by_label("One email a day (a daily digest)").check()
    page.get_by_role("button", name="Save my email choices").click()
    expect(page.get_by_role("status")).to_contain_text("Your email choices are saved.")
    expect(page.get_by_label("Milestones I reach in my streak")).not_to_be_checked()
    expect(page.get_by_label("One email a day (a daily digest)")).to_be_checked()
    rowan.refresh_from_db()
    assert rowan.email_milestones is False
    assert rowan.email_delivery == EmailDelivery.DIGEST

    # From an email, signed out: the link asks first, and only the button unsubscribes.
    page.context.clear_cookies()
    token = emails.unsubscribe_token(rowan.pk, emails.REPLIES)
    page.goto(f"/email/unsubscribe/{token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Stop these emails?")
    assert_accessible(page)
    assert User.objects.get(pk=rowan.pk).email_replies is True
    page.get_by_role("button", name="Yes, stop these emails").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You're unsubscribed")
    assert_accessible(page)
    assert User.objects.get(pk=rowan.pk).email_replies is False

    page.goto(f"/email/unsubscribe/{token[:-4]}abcd/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This link doesn't work")
    assert_accessible(page)
    # The tampered link answers 400 on purpose; the browser logs that as an error.
    assert [e for e in browser_errors if "400" in e] == [browser_errors.pop()]
