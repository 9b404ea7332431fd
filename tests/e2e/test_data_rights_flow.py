"""A member's data rights in a real browser at 375 px: they ask for a copy of their data and
read it, then delete their account keeping their posts, and their thread shows "Former
member" — with an axe scan of every page on the way. The rest (wrong passwords, other
members' exports, sessions) is specified with the Django client in
tests/accounts/test_data_rights_views.py."""

from django.test import Client
from playwright.sync_api import expect

from accounts import services
from accounts.models import User
from tests import factories


def sign_in(page, user, server_url):
    """Log in by handing the browser a session made by the test client (logging in through
    the form is covered by tests/e2e/test_accounts_flow.py)."""
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    session = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": server_url}])


def test_data_rights_flow_in_the_browser(page, live_server, assert_accessible):
    rowan = factories.make_member(username="rowan", display_name="Rowan Ash")
    sasha = factories.make_member(username="sasha")
    thread = factories.make_thread(author=sasha, title="Week one, still here")
    factories.make_reply(author=rowan, thread=thread, body="Proud of you, keep going")
    services.check_in(member=rowan, mood=4, note="Walked by the river")

    # Rowan asks for a copy of their data and reads it.
    sign_in(page, rowan, live_server.url)
    page.goto("/settings/export/")
    expect(page.get_by_role("heading", level=1)).to_have_text("A copy of your data")
    assert_accessible(page)
    page.get_by_role("button", name="Prepare a copy of my data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your data")
    expect(page.get_by_role("heading", name="Your check-ins")).to_be_visible()
    expect(page.get_by_text("Walked by the river")).to_be_visible()
    expect(page.get_by_text("Proud of you, keep going")).to_be_visible()
    assert_accessible(page)

    # Then deletes their account, keeping their posts.
    page.goto("/settings/export/")
    page.get_by_role("link", name="Delete my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete your account")
    assert_accessible(page)
    page.get_by_label("Keep them").check()
    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("That password isn't right")).to_be_visible()
    expect(page.get_by_label("Keep them")).to_be_checked()
    assert_accessible(page)
    page.get_by_label("Your password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is deleted")
    assert_accessible(page)
    assert not User.objects.filter(username="rowan").exists()

    # The thread still reads well: the reply is there, by "Former member".
    page.goto(thread.get_absolute_url())
    reply = page.locator("article.post").nth(1)
    expect(reply.locator(".post-author")).to_have_text("Former member")
    expect(reply).to_contain_text("Proud of you, keep going")
    expect(page.locator("body")).not_to_contain_text("Rowan Ash")
    assert_accessible(page)
