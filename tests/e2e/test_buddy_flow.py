"""Issue 16, item 4 in a real browser at 375 px: a buddy pair pings and replies, and ending
the pairing hides the streak again. Rowan invites Sasha by username; Sasha accepts; Rowan
sees Sasha's private streak, pings from the SOS page, Sasha answers "Proud of you, hold on",
Rowan reads it; Sasha ends the pairing and Rowan no longer sees the streak. axe on each page,
light and dark. Without a browser: tests/accounts/buddies/."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from accounts import services
from accounts.models import Visibility
from tests import factories
from tests.e2e.test_streak_flow import sign_in


def test_buddy_pair_pings_and_replies_and_ending_hides_the_streak(
    page, live_server, assert_accessible
):
    joined = timezone.now() - datetime.timedelta(days=60)
    rowan = factories.make_member(username="rowan", date_joined=joined)
    sasha = factories.make_member(
        username="sasha", date_joined=joined, streak_visibility=Visibility.ONLY_ME
    )
    services.start_streak(
        member=sasha, started_on=timezone.now().date() - datetime.timedelta(days=23)
    )

    # Rowan invites Sasha.
    sign_in(page, rowan, live_server.url)
    page.goto("/buddy/")
    assert_accessible(page)
    page.get_by_label("Their username").fill("sasha")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator(".messages")).to_contain_text("Invitation sent to sasha")
    expect(page.get_by_role("heading", name="Invitation sent to sasha")).to_be_visible()

    # Sasha accepts.
    sign_in(page, sasha, live_server.url)
    page.goto("/buddy/")
    expect(page.get_by_role("heading", name="rowan invited you to be buddies")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Accept").click()
    expect(page.locator(".messages")).to_contain_text("You're buddies now")

    # Rowan sees Sasha's private streak, and pings from the SOS page.
    sign_in(page, rowan, live_server.url)
    page.goto("/buddy/")
    expect(page.locator(".buddy-streak")).to_contain_text("23 days")
    page.goto("/sos/")
    expect(page.get_by_role("heading", name="Ping my buddy")).to_be_visible()
    button = page.get_by_role("button", name="It's a hard day. A word from you would help.")
    assert button.bounding_box()["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # fits a phone
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert_accessible(page)
    button.click()
    expect(page).to_have_url(f"{live_server.url}/sos/")
    expect(page.locator(".messages")).to_contain_text("Sent. Your buddy will see it")

    # Sasha reads the ping and answers with a template.
    sign_in(page, sasha, live_server.url)
    page.goto("/buddy/")
    expect(page.locator(".buddy-pings")).to_contain_text("It's a hard day.")
    assert_accessible(page)
    page.get_by_role("button", name="Proud of you, hold on.").click()
    expect(page.locator(".messages")).to_contain_text("Your reply is on its way")

    # Rowan reads the reply.
    sign_in(page, rowan, live_server.url)
    page.goto("/buddy/")
    expect(page.locator(".buddy-pings")).to_contain_text("sasha: Proud of you, hold on.")

    # Sasha ends the pairing, quietly; Rowan no longer sees the streak, nor a ping button.
    sign_in(page, sasha, live_server.url)
    page.goto("/buddy/")
    page.get_by_role("button", name="End the pairing").click()
    expect(page.locator(".messages")).to_contain_text("Ended, quietly")
    sign_in(page, rowan, live_server.url)
    page.goto("/buddy/")
    expect(page.locator(".buddy-streak")).to_have_count(0)
    expect(page.get_by_text("23 days")).to_have_count(0)
    expect(page.get_by_role("heading", name="Invite a buddy")).to_be_visible()
    page.goto("/sos/")
    expect(page.get_by_role("heading", name="Ping my buddy")).to_have_count(0)
    page.emulate_media(color_scheme="light")
    page.goto("/u/sasha/")
    expect(page.get_by_text("23 days")).to_have_count(0)


def test_buddy_finder_page_lists_a_match_and_invites(page, live_server, assert_accessible):
    from accounts.buddies import services as buddy_services
    from tests.e2e.conftest import nu_errors

    joined = timezone.now() - datetime.timedelta(days=200)
    newcomer = factories.make_member(username="newcomer", time_zone="Europe/London")
    guide = factories.make_member(username="steady", date_joined=joined, time_zone="Europe/Paris")
    services.start_streak(
        member=guide, started_on=timezone.now().date() - datetime.timedelta(days=120)
    )
    buddy_services.join_buddy_finder(member=guide)
    sign_in(page, newcomer, live_server.url)
    page.goto("/buddy/")
    page.get_by_role("link", name="Find a buddy near your time zone").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Find a buddy")
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert_accessible(page)
    assert nu_errors({"finder": page.content()}) == []
    page.get_by_role("button", name="Invite steady").click()
    expect(page.get_by_role("heading", name="Invitation sent to steady")).to_be_visible()
    assert nu_errors({"buddy": page.content()}) == []
