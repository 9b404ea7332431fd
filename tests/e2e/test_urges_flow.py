"""Issue 16 in a real browser at 375 px: an SOS visit ending "I held on" raises the private
count of urges ridden out on the streak page (light and dark, axe on each), and "Not now"
writes nothing; a check-in and a "looked at their profile" event tagged with triggers show on
the insights chart. Without a browser: tests/accounts/streaks/test_urges_held.py,
test_trigger_tags.py and test_insights.py."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from accounts import services
from accounts.models import UrgeHeld
from tests import factories
from tests.e2e.conftest import nu_errors
from tests.e2e.test_streak_flow import sign_in


def test_urges_held_sos_visit_ending_i_held_on_raises_the_count(
    page, live_server, assert_accessible
):
    rowan = factories.make_member(
        username="rowan", date_joined=timezone.now() - datetime.timedelta(days=30)
    )
    services.start_streak(
        member=rowan, started_on=timezone.now().date() - datetime.timedelta(days=4)
    )
    sign_in(page, rowan, live_server.url)

    page.goto("/streak/")
    held = page.locator(".streak-figure.urges-held dd")
    expect(held).to_have_text("0")

    # "Not now" leaves without counting anything.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="SOS").click()
    page.get_by_role("link", name="Not now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your streak")
    expect(held).to_have_text("0")

    # An SOS visit that ends "I held on", in the dark theme too.
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.get_by_role("navigation", name="Main").get_by_role("link", name="SOS").click()
        expect(page.get_by_role("heading", name="How did it go?")).to_be_visible()
        assert_accessible(page)
        button = page.get_by_role("button", name="I held on")
        assert button.bounding_box()["height"] >= 44
        button.click()
        expect(page.locator(".messages")).to_contain_text("You rode that urge out")
        assert_accessible(page)
    expect(held).to_have_text("2")
    assert UrgeHeld.objects.filter(member=rowan).count() == 2

    # "I reached out" goes to the contact step, which asks before anything is written.
    page.goto("/sos/")
    page.get_by_role("link", name="I reached out").click()
    expect(page).to_have_url(f"{live_server.url}/streak/happened/i-reached-out/")
    assert UrgeHeld.objects.filter(member=rowan).count() == 2


def test_trigger_tag_on_a_check_in_shows_on_the_insights_chart(
    page, live_server, assert_accessible
):
    rowan = factories.make_member(
        username="rowan", date_joined=timezone.now() - datetime.timedelta(days=30)
    )
    services.start_streak(
        member=rowan, started_on=timezone.now().date() - datetime.timedelta(days=9)
    )
    sign_in(page, rowan, live_server.url)

    # A check-in tagged with one of the starting list and the member's own words.
    page.goto("/streak/")
    page.get_by_text("Add a private note first").click()
    page.get_by_label("Late night").check()
    page.get_by_label("Your own triggers (optional)").fill("our song")
    page.get_by_role("button", name="Low", exact=True).click()
    expect(page.locator(".checked-in")).to_contain_text("feeling: Low")

    # "I looked at their profile or photos": kept, tagged, and the streak goes on.
    page.get_by_text("Tell us what happened").click()
    page.get_by_role("link", name="I looked at their profile or photos").click()
    assert_accessible(page)
    page.get_by_label("Late night").check()
    page.get_by_role("button", name="Keep it in my history").click()
    expect(page.locator(".messages")).to_contain_text("Your streak keeps going")
    expect(page.locator(".streak-count-number")).to_have_text("9")

    page.get_by_role("link", name="Your insights").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your insights")
    chart = page.get_by_role("img", name="Your top triggers")
    expect(chart).to_be_visible()
    expect(chart.locator("text").first).to_have_text("Late night")
    assert chart.locator("rect").count() == 2
    page.locator("#triggers summary").click()
    expect(page.locator("#triggers table")).to_contain_text("Late night")
    expect(page.locator("#triggers table")).to_contain_text("2 times")
    expect(page.get_by_role("img", name="Check-in mood, by hour")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375  # nothing runs off a phone's screen
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert_accessible(page)
    html = page.content()
    assert nu_errors({"insights": html}) == []
