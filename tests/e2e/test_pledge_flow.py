"""The daily pledge in a real browser at 375 px (issue 16, item 5): the cron command makes
today's thread in Daily check-ins once; a member pledges with one tap, listed by name and
with a line; another pledges quietly; the count and the list follow. axe and the Nu HTML
checker judge the thread page with its pledge panel."""

import datetime

import time_machine
from django.core.management import call_command
from playwright.sync_api import expect

from forum.models import DailyPledge, Pledge, Post
from tests import factories
from tests.e2e.conftest import nu_errors
from tests.e2e.test_streak_flow import sign_in

MORNING = datetime.datetime(2026, 6, 15, 7, 0, tzinfo=datetime.UTC)


def test_pledge_thread_once_a_day_and_one_tap_pledges(page, live_server, assert_accessible):
    with time_machine.travel(MORNING, tick=False):
        factories.make_category(name="Daily check-ins", slug="daily-check-ins")
        call_command("seed_forum")  # the team account (and the categories it keeps)
        call_command("open_daily_pledge")
        call_command("open_daily_pledge")  # cron may run twice: still one thread
        assert DailyPledge.objects.count() == 1
        rowan = factories.make_member(
            username="rowan", date_joined=MORNING - datetime.timedelta(days=30)
        )
        sign_in(page, rowan, live_server.url)

        page.goto("/c/daily-check-ins/")
        page.get_by_role("link", name="Today I won't reach out — Monday 15 June").click()
        panel = page.locator(".pledge-panel")
        expect(panel).to_contain_text("No pledges yet")
        assert_accessible(page)
        assert nu_errors({"pledge thread": page.content()}) == []

        panel.get_by_label("Show my name in the list").check()
        panel.get_by_text("Add a line (optional)", exact=True).first.click()
        panel.get_by_role("textbox", name="Add a line (optional)").fill("Day 30. Holding on.")
        panel.get_by_role("button", name="I pledge: today I won't reach out").click()
        expect(page.locator(".messages")).to_contain_text("You pledged")
        expect(page.locator("article.post").last).to_contain_text("Day 30. Holding on.")
        panel = page.locator(".pledge-panel")
        expect(panel.locator(".pledge-count")).to_have_text("1 member pledged today.")
        expect(panel.locator(".pledge-names")).to_contain_text(rowan.public_name)
        expect(panel.locator(".pledge-mine")).to_be_visible()
        assert_accessible(page)

        # Another member pledges quietly: counted, not named.
        sasha = factories.make_member(
            username="sasha", date_joined=MORNING - datetime.timedelta(days=30)
        )
        sign_in(page, sasha, live_server.url)
        page.reload()
        page.locator(".pledge-panel").get_by_role("button", name="I pledge").click()
        panel = page.locator(".pledge-panel")
        expect(panel.locator(".pledge-count")).to_have_text("2 members pledged today.")
        expect(panel.locator(".pledge-names")).not_to_contain_text(sasha.public_name)
        assert Pledge.objects.count() == 2
        assert Post.objects.filter(author=sasha).count() == 0
