"""Moderation in a real browser at 375 px: a member reports a post, a moderator finds it in
the queue, hides it with a reason and sees it in the audit log; the author sees why and the
reporter is thanked; an author whose post mentions self-harm is shown crisis resources at
once; members keep their private list of names and read their warnings — with an axe scan
of every page. The same paths without JavaScript are in tests/moderation/test_views.py."""

import re

from playwright.sync_api import expect

from forum.models import Notification, Status
from moderation import actions
from moderation.models import ModerationAction, Report
from tests import factories
from tests.e2e.test_forum_flow import open_menu, sign_in


def test_report_review_hide_and_audit_in_the_browser(page, live_server, assert_accessible):
    category = factories.make_category(name="Daily check-ins", slug="daily-check-ins")
    rowan = factories.make_member(username="rowan")
    sasha = factories.make_member(username="sasha")
    morgan = factories.make_moderator(username="mod_morgan")
    thread = factories.make_thread(author=rowan, category=category, title="Day one, again")
    reply = factories.make_reply(
        author=sasha, thread=thread, body="Just text him, no contact is pointless."
    )

    # Rowan reports Sasha's reply from the thread page.
    sign_in(page, rowan, live_server.url)
    page.goto(thread.get_absolute_url())
    assert_accessible(page)  # with the Report links
    page.locator(f"#post-{reply.pk}").get_by_role("link", name=re.compile("^Report")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a post")
    assert_accessible(page)
    page.get_by_label("Manipulation or unhealthy advice").check()
    page.get_by_label(re.compile("Anything a moderator should know")).fill("Pushes contact.")
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("status")).to_contain_text("Thank you for telling us")
    assert Report.objects.get().reason == "manipulation"

    # Reporting again is answered kindly.
    page.goto(f"/report/post/{reply.pk}/")
    page.get_by_label("Spam").check()
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("status")).to_contain_text("already reported this")

    # Morgan sees the waiting count in the menu and the report in the rules queue.
    sign_in(page, morgan, live_server.url)
    page.goto("/")
    open_menu(page)
    page.get_by_role("link", name=re.compile(r"Moderation\s*1")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation")
    assert_accessible(page)
    page.get_by_role("navigation", name="Moderation").get_by_role(
        "link", name="Rules queue"
    ).click()
    card = page.locator(f"#post-{reply.pk}")
    expect(card).to_contain_text("Pushes contact.")
    expect(card).to_contain_text("Just text him")
    assert_accessible(page)
    card.get_by_label(re.compile("^Reason or warning")).fill("Pressure to break no contact")
    card.get_by_role("button", name="Hide post").click()
    expect(page.get_by_role("status")).to_contain_text("The post is hidden")
    expect(page.get_by_text("Nothing waiting here")).to_be_visible()
    reply.refresh_from_db()
    assert reply.status == Status.HIDDEN

    # The audit log shows it, and filters by action.
    page.get_by_role("navigation", name="Moderation").get_by_role("link", name="Audit log").click()
    expect(page.locator(".audit-entry").first).to_contain_text("Hid a post")
    expect(page.locator(".audit-entry").first).to_contain_text("Pressure to break no contact")
    page.get_by_label("Action").select_option(label="Locked a thread")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("No actions match.")).to_be_visible()
    assert_accessible(page)
    assert ModerationAction.objects.get().moderator == morgan

    # The other moderator pages pass axe too.
    for path in ("/moderation/care/", "/moderation/approvals/", "/moderation/watched-words/"):
        page.goto(path)
        assert_accessible(page)
    page.get_by_role("textbox", name="Word or phrase").fill("te(x|t)")
    page.get_by_label(re.compile("^Hold")).check()
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_role("textbox", name="Word or phrase")).to_have_value("te(x|t)")
    expect(page.get_by_text("plain words, not patterns")).to_be_visible()
    assert_accessible(page)

    # Sasha sees why the post was hidden; Rowan is thanked.
    sign_in(page, sasha, live_server.url)
    page.goto(thread.get_absolute_url())
    expect(page.locator(f"#post-{reply.pk}")).to_contain_text(
        "Hidden by a moderator: Pressure to break no contact."
    )
    assert Notification.objects.filter(
        recipient=rowan, kind="moderation", message__contains="hid it"
    ).exists()


def test_crisis_care_names_and_warnings_in_the_browser(page, live_server, assert_accessible):
    category = factories.make_category(name="Urges", slug="urges")
    rowan = factories.make_member(username="rowan")
    morgan = factories.make_moderator(username="mod_morgan")
    thread = factories.make_thread(author=morgan, category=category, title="Tonight")

    # A post mentioning self-harm is published, and its author sees crisis resources at once.
    sign_in(page, rowan, live_server.url)
    page.goto(thread.get_absolute_url())
    page.get_by_label("Your reply").fill("I keep thinking I want to end my life.")
    page.get_by_role("button", name="Post reply").click()
    care = page.get_by_role("region", name=re.compile("things are really hard"))
    expect(care).to_be_visible()
    assert_accessible(page)
    expect(page.locator("article.post").nth(1)).to_contain_text("end my life")

    # Rowan's private list of names stops a post that names them, keeping the text.
    page.goto("/settings/names/")
    assert_accessible(page)
    page.get_by_label("A name or handle").fill("Jordan")
    page.get_by_role("button", name="Add to my list").click()
    expect(page.get_by_role("status")).to_contain_text("Only you can see this list")
    page.goto(thread.get_absolute_url())
    page.get_by_label("Your reply").fill("Jordan messaged me again.")
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_label("Your reply")).to_have_value("Jordan messaged me again.")

    # A warning stays at the top of every page until Rowan acknowledges it.
    actions.warn_member(moderator=morgan, member=rowan, message="Please keep it gentle.")
    page.goto("/")
    page.get_by_role("link", name=re.compile("Message from the moderators")).click()
    expect(page.get_by_text("Please keep it gentle.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="I've read this").click()
    expect(page.get_by_text(re.compile("You read this on"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Message from the moderators"))).to_have_count(
        0
    )
    page.goto("/help/crisis/")
    assert_accessible(page)


def test_dashboard_table_headings_do_not_break_mid_word(page, live_server):
    # body { overflow-wrap: anywhere } let the narrow "Open" column shrink to "Ope" + "n".
    moderator = factories.make_moderator(username="mod")
    sign_in(page, moderator, live_server.url)
    page.goto("/moderation/")
    heading = page.get_by_role("columnheader", name="Open", exact=True)
    height = heading.evaluate("el => el.getBoundingClientRect().height")
    line = heading.evaluate("el => parseFloat(getComputedStyle(el).lineHeight)")
    padding = heading.evaluate(
        "el => parseFloat(getComputedStyle(el).paddingTop)"
        " + parseFloat(getComputedStyle(el).paddingBottom)"
    )
    assert height - padding < 1.5 * line
