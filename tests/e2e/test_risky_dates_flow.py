"""Risky dates in a real browser at 375 px, with the clock frozen (issue 16, item 3): the
member keeps "Our anniversary" on the dates page; the day before, the home page reminds them
(and the hourly command emails them, as they asked); on the day, home and streak pages open
with the SOS tools and a check-in; then the date is removed. axe scans every page."""

import datetime

import time_machine
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from accounts import services as account_services
from accounts.models import CheckIn, RiskyDate
from tests import factories
from tests.e2e.test_streak_flow import sign_in

DAY_BEFORE = datetime.datetime(2026, 6, 14, 10, 0, tzinfo=datetime.UTC)
ON_THE_DAY = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC)


def test_risky_date_reminds_the_day_before_and_leads_with_sos_on_the_day(
    page, live_server, assert_accessible
):
    with time_machine.travel(DAY_BEFORE, tick=False):
        rowan = factories.make_member(
            username="rowan", date_joined=DAY_BEFORE - datetime.timedelta(days=60)
        )
        account_services.start_streak(member=rowan, started_on=datetime.date(2026, 6, 1))
        sign_in(page, rowan, live_server.url)

        # From the streak page to the dates page; keep the anniversary, every year, by email.
        page.goto("/streak/")
        page.get_by_role("link", name="Keep your hard dates").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your hard dates")
        assert_accessible(page)
        page.get_by_label("What is the day?").fill("Our anniversary")
        page.get_by_role("textbox", name="Date").fill("2019-06-15")
        page.get_by_label("Also email me the day before").check()
        page.get_by_role("button", name="Add date").click()
        expect(page.locator(".messages")).to_contain_text("we'll remind you gently")
        expect(page.get_by_role("listitem").filter(has_text="Our anniversary")).to_contain_text(
            "every year on 15 June, with an email the day before"
        )
        assert_accessible(page)

        # The day before: a gentle reminder at the top of the home page.
        page.goto("/")
        reminder = page.locator(".risky-tomorrow")
        expect(reminder).to_contain_text("Tomorrow is Our anniversary.")
        expect(page.locator(".risky-day")).to_have_count(0)
        assert_accessible(page)
        mail.outbox.clear()  # the milestone email of the streak started above
        call_command("send_risky_date_reminders")
        assert [m.subject for m in mail.outbox] == ["[Holdfast] A gentle note for tomorrow"]

    with time_machine.travel(ON_THE_DAY, tick=False):
        sign_in(page, rowan, live_server.url)
        # On the day: the home page leads with SOS and a check-in, above the streak.
        page.goto("/")
        lead = page.locator(".risky-day")
        expect(lead.get_by_role("heading")).to_have_text("Today is Our anniversary")
        expect(lead.get_by_role("link", name="Urge to contact? Open SOS")).to_be_visible()
        assert lead.bounding_box()["y"] < page.locator(".today-streak").bounding_box()["y"]
        assert_accessible(page)
        lead.get_by_role("button", name="Check in: I'm getting through today").click()
        expect(page.locator(".messages")).to_contain_text("Checked in for today")
        expect(page.locator(".risky-day")).to_contain_text("You've checked in today.")
        assert CheckIn.objects.filter(member=rowan, day=ON_THE_DAY.date()).exists()

        # The streak page leads the same way, and its SOS link opens the SOS page.
        page.goto("/streak/")
        lead = page.locator(".risky-day")
        expect(lead).to_contain_text("Today is Our anniversary")
        assert_accessible(page)
        lead.get_by_role("link", name="Urge to contact? Open SOS").click()
        expect(page).to_have_url(f"{live_server.url}/sos/")

        # Removing the date ends the reminders.
        page.goto("/streak/dates/")
        page.get_by_role("button", name="Remove Our anniversary").click()
        expect(page.locator(".messages")).to_contain_text("That date is removed.")
        assert not RiskyDate.objects.filter(member=rowan).exists()
        page.goto("/")
        expect(page.locator(".risky-day")).to_have_count(0)
