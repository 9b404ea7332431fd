"""The forum in a real browser at 375 px: start a thread with a live preview, reply in
Markdown, quote, react without a reload, see the unread marker and a notification, search —
with an axe scan of every page on the way. The no-JavaScript paths of the same features are
specified with the Django client in tests/forum/test_views.py."""

import re

from django.test import Client
from playwright.sync_api import expect

from forum.models import Post, Reaction, Thread
from tests import factories


def sign_in(page, user, server_url):
    """Log in by handing the browser a session made by the test client (logging in through
    the form is covered by tests/e2e/test_accounts_flow.py)."""
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    session = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": server_url}])


def open_menu(page):
    """Open "Me", the member's menu in the phone's tab bar (a <details>; the pages are 375 px)."""
    page.get_by_role("navigation", name="Main").locator("summary").click()


def test_forum_flow_in_the_browser(page, live_server, assert_accessible):
    category = factories.make_category(name="Daily check-ins", slug="daily-check-ins")
    rowan = factories.make_member(username="rowan")
    sasha = factories.make_member(username="sasha")

    # Rowan starts a thread; the preview follows the typing.
    sign_in(page, rowan, live_server.url)
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("link", name="Start a thread").click()
    page.get_by_label("Category").select_option(label=category.name)
    page.get_by_label("Title").fill("Day one, again")
    page.get_by_label("Your post").fill("Starting over **today**. Mornings are hard.")
    preview = page.locator("[data-preview-target] strong")
    expect(preview).to_have_text("today")
    assert_accessible(page)
    page.get_by_role("button", name="Start thread").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Day one, again")
    assert_accessible(page)
    thread = Thread.objects.get()
    opening = thread.posts.get()

    # Sasha replies with Markdown from the thread page.
    sign_in(page, sasha, live_server.url)
    page.goto(thread.get_absolute_url())
    page.get_by_label("Your reply").fill("You're not alone.\n\n- breathe\n- *walk*")
    page.get_by_role("button", name="Post reply").click()
    reply = page.locator("article.post").nth(1)
    expect(reply.locator(".post-body li em")).to_have_text("walk")

    # Sasha quotes Rowan's opening post in place: the quote lands in this page's composer,
    # focused, without leaving the thread.
    thread_url = page.url
    page.get_by_role("link", name="Quote post 1").click()
    quote = page.get_by_label("Your reply")
    expect(quote).to_have_value(re.compile(r"^> \*\*@rowan\*\* \[wrote\]"))
    expect(quote).to_be_focused()
    assert page.url == thread_url
    expect(page.locator("[data-replying-to]")).to_have_text("Replying to rowan.")
    assert_accessible(page)
    quote.press("End")
    quote.press_sequentially("\nMornings are hard for me too.")
    page.get_by_role("button", name="Post reply").click()
    quoted = page.locator("article.post").nth(2)
    expect(quoted.locator("blockquote")).to_contain_text("Starting over today")
    expect(quoted).to_contain_text("In reply to rowan")

    # Sasha reacts without a reload: the page keeps a marker a reload would lose.
    page.evaluate("() => { window.__stillHere = true; }")
    first = page.locator(f"#post-{opening.pk}")
    helped = first.get_by_role("button", name=re.compile("This helped"))
    helped.click()
    expect(first.get_by_role("button", name=re.compile("This helped"))).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(first.locator(".reaction-helped .reaction-count")).to_have_text("1")
    assert page.evaluate("() => window.__stillHere === true")
    assert Reaction.objects.filter(post=opening, member=sasha, kind="helped").exists()
    assert_accessible(page)

    # Rowan sees the unread marker and the notifications.
    sign_in(page, rowan, live_server.url)
    page.goto("/")
    expect(
        page.get_by_role("main").get_by_role("link", name=re.compile(r"2 unread"))
    ).to_be_visible()
    assert_accessible(page)
    # The tab bar's Inbox, with its count, one tap away on a phone.
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name=re.compile("Inbox")
    ).click()
    expect(page.get_by_text("replied to your post in")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Day one, again").first.click()
    expect(page.get_by_text("New since your last visit")).to_be_visible()
    expect(page.locator("#unread + article")).to_contain_text("You're not alone.")

    # Search finds the reply and highlights the words.
    page.goto("/search/")
    page.get_by_label("Search the forum").fill("walk")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".search-hit mark").first).to_have_text(re.compile("walk", re.I))
    assert_accessible(page)
    assert Post.objects.count() == 3


def test_reaction_buttons_show_keyboard_focus(page, live_server):
    # Bootstrap drops the outline of a plain .btn and its focus shadow needs a variant colour:
    # a keyboard user tabbing to "This helped" saw no sign of where they were.
    rowan = factories.make_member(username="rowan")
    thread = factories.make_thread(author=rowan, title="Day one, again")
    sign_in(page, factories.make_member(username="sasha"), live_server.url)
    page.goto(thread.get_absolute_url())
    helped = page.get_by_role("button", name=re.compile("This helped"))
    helped.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    expect(helped).to_be_focused()
    outline = helped.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline == "solid"


def test_skip_link_block_with_undo_and_reported_in_the_browser(
    page, live_server, assert_accessible
):
    from moderation import actions as moderation_services

    rowan = factories.make_member(username="rowan")
    sasha = factories.make_member(username="sasha")
    thread = factories.make_thread(author=rowan, title="Day one, again", body="Mornings are hard.")
    reply = factories.make_reply(author=rowan, thread=thread, body="Still here.")
    moderation_services.report_post(reporter=sasha, post=reply, reason="spam")
    sign_in(page, sasha, live_server.url)
    page.goto(thread.get_absolute_url())

    # The skip link takes the keyboard straight to the reply box.
    page.get_by_role("link", name="Skip to the reply box").click()
    expect(page.get_by_label("Your reply")).to_be_focused()

    # "Reported" where Sasha already reported; "Report" elsewhere.
    expect(page.locator(f"#post-{reply.pk} .post-reported")).to_contain_text("Reported")
    expect(
        page.locator(f"#post-{reply.pk}").get_by_role("link", name=re.compile("^Report"))
    ).to_have_count(0)
    opening = thread.posts.get(number=1)
    expect(
        page.locator(f"#post-{opening.pk}").get_by_role("link", name="Report post 1")
    ).to_be_visible()

    # Block asks first, stays on the thread, and offers Undo.
    post = page.locator(f"#post-{opening.pk}")
    post.locator(".block-confirm summary").click()
    expect(post.locator(".block-confirm-panel")).to_contain_text("Block rowan?")
    assert_accessible(page)
    post.get_by_role("button", name="Yes, block rowan").click()
    expect(page.locator(".messages")).to_contain_text("You've blocked rowan.")
    assert thread.get_absolute_url() in page.url
    expect(page.get_by_text("You blocked this member. Show the post anyway").first).to_be_visible()
    assert_accessible(page)
    page.locator(".messages").get_by_role("button", name="Undo").click()
    expect(page.locator(".messages")).to_contain_text("You've unblocked rowan.")
    assert thread.get_absolute_url() in page.url
    expect(page.get_by_text("You blocked this member")).to_have_count(0)


def test_quote_without_javascript_opens_the_reply_page(browser, live_server):
    rowan = factories.make_member(username="rowan")
    thread = factories.make_thread(author=rowan, title="Day one, again", body="Mornings are hard.")
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 375, "height": 800}
    )
    try:
        page = context.new_page()
        sign_in(page, factories.make_member(username="sasha"), live_server.url)
        page.goto(thread.get_absolute_url())
        page.get_by_role("link", name="Quote post 1").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Reply to rowan")
        expect(page.get_by_label("Your reply")).to_have_value(re.compile(r"^> \*\*@rowan\*\*"))
    finally:
        context.close()
