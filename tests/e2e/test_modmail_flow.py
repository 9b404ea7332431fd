"""The line to the moderators in a real browser at 375 px (issue #15's "Done when"): a
member writes to the moderators and the team's answer reaches them (site notice, email, the
conversation, never the moderator's name); a member appeals a decision, the moderator who
took it cannot decide it, a second moderator overturns it, and the outcome reaches the
member; a staff note shows beside the member's posts to moderators only. Axe on each page.
The same paths without JavaScript are in tests/moderation/test_modmail.py and
test_appeals.py."""

import re

from django.core import mail
from playwright.sync_api import expect

from forum.models import Post, Status
from moderation import actions
from moderation.models import Appeal, ModerationAction
from tests import factories
from tests.e2e.test_forum_flow import open_menu, sign_in


def test_modmail_message_to_the_moderators_reaches_the_member(page, live_server, assert_accessible):
    rowan = factories.make_member(username="rowan")
    morgan = factories.make_moderator(username="mod_morgan")

    # Rowan finds "Write to the moderators" in their menu and writes.
    sign_in(page, rowan, live_server.url)
    page.goto("/")
    open_menu(page)
    page.get_by_role("link", name="Write to the moderators").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Write to the moderators")
    assert_accessible(page)
    page.get_by_role("link", name="Write a new message").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send to the moderators").click()  # empty: kept, told
    expect(page.locator(".invalid-feedback").first).to_contain_text("a few words of subject")
    page.get_by_label("What is it about?").fill("Someone keeps messaging me")
    page.get_by_label("Your message").fill("A new account keeps replying to all my threads.")
    page.get_by_role("button", name="Send to the moderators").click()
    expect(page.get_by_role("status")).to_contain_text("A moderator will read it soon")
    assert_accessible(page)

    # Morgan finds it in the modmail queue and answers as the moderators.
    sign_in(page, morgan, live_server.url)
    page.goto("/moderation/modmail/")
    assert_accessible(page)
    expect(page.get_by_text("Waiting for an answer", exact=True)).to_be_visible()
    page.get_by_role("link", name="Someone keeps messaging me").click()
    assert_accessible(page)
    page.get_by_label("Your reply").fill("Thank you for telling us. We've looked and acted.")
    page.get_by_role("button", name="Answer as the moderators").click()
    expect(page.get_by_role("status")).to_contain_text("Sent.")

    # The answer reaches Rowan: a notice, an email, and the conversation — as the team.
    [email] = [m for m in mail.outbox if m.to == [rowan.email]]
    assert email.subject.endswith("A reply from the moderators")
    assert "mod_morgan" not in email.body
    sign_in(page, rowan, live_server.url)
    page.goto("/notifications/")
    expect(page.locator(".notification").first).to_contain_text("The moderators answered")
    page.goto("/moderators/messages/")
    page.get_by_role("link", name="Someone keeps messaging me").click()
    expect(page.locator(".modmail-messages")).to_contain_text("We've looked and acted.")
    expect(page.locator(".modmail-messages")).to_contain_text("The moderators")
    expect(page.locator("main")).not_to_contain_text("mod_morgan")
    assert "mod_morgan" not in page.content()
    assert_accessible(page)


def test_appeal_decided_by_a_second_moderator_reaches_the_member(
    page, live_server, assert_accessible
):
    category = factories.make_category(name="Daily check-ins", slug="daily-check-ins")
    rowan = factories.make_member(username="rowan")
    sasha = factories.make_member(username="sasha")
    morgan = factories.make_moderator(username="mod_morgan")
    jules = factories.make_moderator(username="mod_jules")
    thread = factories.make_thread(author=sasha, category=category, title="Week two")
    reply = factories.make_reply(author=rowan, thread=thread, body="He was cruel to me, I said.")
    actions.hide_post(moderator=morgan, post=reply, reason="Name-calling")
    actions.add_staff_note(moderator=jules, member=rowan, text="Having a rough month.")

    # Rowan appeals from their appeals page.
    sign_in(page, rowan, live_server.url)
    page.goto("/moderators/appeals/")
    assert_accessible(page)
    expect(page.locator("main")).not_to_contain_text("mod_morgan")
    page.get_by_role("link", name=re.compile("^Appeal this decision")).click()
    assert_accessible(page)
    page.get_by_label("Why should we look again?").fill("I was describing what he did.")
    page.get_by_role("button", name="Send my appeal").click()
    expect(page.get_by_role("status")).to_contain_text("Your appeal is with the moderators")
    # The staff note is not in Rowan's page source.
    page.goto(thread.get_absolute_url())
    assert "Having a rough month." not in page.content()

    # Morgan took the decision: the page says another moderator decides.
    appeal = Appeal.objects.get()
    sign_in(page, morgan, live_server.url)
    page.goto(f"/moderation/appeals/{appeal.pk}/")
    expect(page.locator("main")).to_contain_text("another moderator decides the appeal")
    expect(page.get_by_role("button", name="Decide")).to_have_count(0)

    # Jules sees the note beside Rowan's post, and overturns the decision.
    sign_in(page, jules, live_server.url)
    page.goto(thread.get_absolute_url())
    expect(page.locator(".staff-notes")).to_contain_text("Staff notes on rowan")
    expect(page.locator(".staff-notes")).to_contain_text("Having a rough month.")
    page.goto("/moderation/appeals/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Hid a post")).click()
    assert_accessible(page)
    page.get_by_label("Overturn the decision").check()
    page.get_by_label("What the member will read").fill("You're right, it describes events.")
    page.get_by_role("button", name="Decide").click()
    expect(page.get_by_role("status")).to_contain_text("The member has been told")
    assert Post.objects.get(pk=reply.pk).status == Status.PUBLISHED
    assert ModerationAction.objects.filter(action="overturn_appeal", moderator=jules).exists()

    # The outcome reaches Rowan: a notice, an email, and the appeals page.
    assert any("appeal" in m.subject for m in mail.outbox if m.to == [rowan.email])
    sign_in(page, rowan, live_server.url)
    page.goto("/notifications/")
    expect(page.locator(".notification").first).to_contain_text(
        "overturned the decision (hid a post): You're right"
    )
    page.goto("/moderators/appeals/")
    expect(page.locator(".appeal-status")).to_contain_text("Decision overturned")
    assert "mod_jules" not in page.content() and "mod_morgan" not in page.content()
