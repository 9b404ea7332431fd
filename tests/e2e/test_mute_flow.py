"""Content warnings, muting and timed ignore in a real browser at 375 px (issue 15 items 4
and 5, docs/mute-and-warnings.md): a content-warned post stays folded for a member who chose
that theme — in the thread, in search and in the email (the test mail outbox); a muted
thread sends nothing; a timed ignore ends by itself (frozen time)."""

import datetime
import re

import time_machine
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from forum.models import Notification
from tests import factories
from tests.e2e.test_forum_flow import sign_in

WORDS = "The lighthouse night he threw my phone at the wall."


def test_content_warning_stays_folded_in_thread_search_and_email_in_the_browser(
    page, live_server, assert_accessible, settings
):
    settings.HOLDFAST_SITE_URL = live_server.url
    category = factories.make_category(name="Hard days", slug="hard-days")
    rowan = factories.make_member(username="rowan")
    sasha = factories.make_member(username="sasha")
    thread = factories.make_thread(author=rowan, category=category, title="Why I left")

    # Rowan chooses to fold posts warned "Abuse" (and hide sexual content).
    sign_in(page, rowan, live_server.url)
    page.goto("/content-warnings/")
    assert_accessible(page)
    page.get_by_role("group", name="Abuse").get_by_label("Fold it until I tap").check()
    page.get_by_role("group", name="Sexual content").get_by_label("Hide it everywhere").check()
    page.get_by_role("button", name="Save my choices").click()
    expect(page.get_by_role("status")).to_contain_text("Saved")

    # Sasha replies with a warning.
    mail.outbox.clear()
    sign_in(page, sasha, live_server.url)
    page.goto(thread.get_absolute_url())
    page.get_by_label("Your reply").fill(WORDS)
    page.get_by_label("Content warning (optional)").select_option(label="Abuse")
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_text("Content warning: Abuse. Show the post")).to_be_visible()

    # In the thread: folded until Rowan taps it, without JavaScript's help (a <details>).
    sign_in(page, rowan, live_server.url)
    page.goto(thread.get_absolute_url())
    folded = page.locator("details.content-warning")
    expect(folded).to_have_count(1)
    expect(folded.get_by_text(WORDS)).to_be_hidden()
    assert_accessible(page)
    folded.get_by_text("Content warning: Abuse. Show the post").click()
    expect(folded.get_by_text(WORDS)).to_be_visible()

    # In search: the hit says there is a warning and keeps the words back.
    page.goto("/search/?q=lighthouse")
    hit = page.locator(".search-hit")
    expect(hit).to_have_count(1)
    expect(hit).to_contain_text("Content warning: Abuse. Open the post to read it.")
    expect(hit).not_to_contain_text("threw my phone")
    assert_accessible(page)

    # In the email Rowan got about the reply: the warning, never the words.
    [email] = [m for m in mail.outbox if rowan.email in m.to]
    assert "This post has a content warning: Abuse." in email.body
    assert "threw my phone" not in email.body
    assert "threw my phone" not in email.alternatives[0].content


def test_mute_thread_sends_nothing_in_the_browser(page, live_server, assert_accessible):
    rowan = factories.make_member(username="rowan")
    sasha = factories.make_member(username="sasha")
    thread = factories.make_thread(author=rowan, title="Still thinking about him")

    sign_in(page, rowan, live_server.url)
    page.goto(thread.get_absolute_url())
    page.get_by_role("button", name="Mute this thread").click()
    expect(page.get_by_role("button", name="Unmute this thread")).to_be_visible()
    assert_accessible(page)

    mail.outbox.clear()
    sign_in(page, sasha, live_server.url)
    page.goto(thread.get_absolute_url())
    page.get_by_label("Your reply").fill("@rowan thinking of you today.")
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_text("thinking of you today")).to_be_visible()

    # Nothing reaches Rowan: no notification, no email, and the thread is out of their lists.
    assert not Notification.objects.filter(recipient=rowan).exists()
    assert not [m for m in mail.outbox if rowan.email in m.to]
    sign_in(page, rowan, live_server.url)
    page.goto("/notifications/")
    expect(page.get_by_text("thinking of you today")).to_have_count(0)
    page.goto("/")
    expect(page.get_by_role("link", name="Still thinking about him")).to_have_count(0)
    page.goto("/content-warnings/")
    expect(page.get_by_role("link", name="Still thinking about him")).to_be_visible()


def test_timed_ignore_ends_by_itself_in_the_browser(page, live_server, assert_accessible):
    rowan = factories.make_member(username="rowan")
    sasha = factories.make_member(username="sasha")
    thread = factories.make_thread(author=rowan, title="A long week")
    factories.make_reply(author=sasha, thread=thread, body="You've got this, one day at a time.")
    start = timezone.now()

    with time_machine.travel(start, tick=True):
        # From Sasha's profile, Rowan ignores them for a day.
        sign_in(page, rowan, live_server.url)
        page.goto(f"/u/{sasha.username}/")
        page.get_by_role("link", name=re.compile("Block or ignore")).click()
        assert_accessible(page)
        page.get_by_label("For a day").check()
        page.get_by_role("button", name="Ignore sasha").click()
        expect(page.get_by_text("ignored until")).to_be_visible()
        page.goto(thread.get_absolute_url())
        expect(page.get_by_text("You blocked this member. Show the post anyway")).to_be_visible()

    # A day and a minute later the ignore has ended by itself: nothing was deleted.
    with time_machine.travel(start + datetime.timedelta(days=1, minutes=1), tick=True):
        sign_in(page, rowan, live_server.url)
        page.goto(thread.get_absolute_url())
        expect(page.get_by_text("You've got this, one day at a time.")).to_be_visible()
        expect(page.get_by_text("You blocked this member")).to_have_count(0)
        page.goto("/blocked/")
        expect(page.get_by_text("You aren't blocking or ignoring anyone.")).to_be_visible()
