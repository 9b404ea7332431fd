"""The care loop in a real browser at 375 px (docs/care.md): a first post waits in the guides'
queue until a guide answers it; an unanswered one calls the guide on shift (email captured);
a crisis post reaches the moderator on call, who says "I'm on it", and an unacknowledged one
escalates after the set time (frozen time); "I'm worried about them" sends one check-in a
day; a caring message arrives and is not a warning; a lifted suspension lets the member post
again; and a visitor picks any country's crisis lines — with an axe scan of every page."""

import datetime
import re

import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from moderation.models import CareMessage, MemberWarning, Report
from tests import factories
from tests.e2e.test_forum_flow import open_menu, sign_in

ALL_DAY = {"shift_start": datetime.time(0), "shift_end": datetime.time.max}


def make_guide(username="guide_gale", **fields):
    guide = factories.make_member(username=username)
    User.objects.filter(pk=guide.pk).update(is_guide=True, **fields)
    guide.refresh_from_db()
    return guide


def on_call(moderator, **hours):
    User.objects.filter(pk=moderator.pk).update(**(hours or ALL_DAY))
    moderator.refresh_from_db()
    return moderator


def test_first_reply_loop_in_the_browser(page, live_server, assert_accessible):
    category = factories.make_category(name="Daily check-ins", slug="daily-check-ins")
    rowan = factories.make_member(username="rowan")
    gale = make_guide()

    # A new member's first post.
    sign_in(page, rowan, live_server.url)
    page.goto("/")
    page.get_by_role("link", name="Start a thread").click()
    page.get_by_label("Category").select_option(label=category.name)
    page.get_by_label("Title").fill("First time here, day one")
    page.get_by_label("Your post").fill("I blocked him this morning. I don't know what to do now.")
    page.get_by_role("button", name="Start thread").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("First time here, day one")

    # It waits in the guides' queue; the guide answers it; it leaves the queue.
    sign_in(page, gale, live_server.url)
    page.goto("/")
    open_menu(page)
    page.get_by_role("link", name="First replies").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Waiting for a first reply")
    assert_accessible(page)
    page.get_by_role("link", name="First time here, day one").click()
    expect(page.locator(".guide-badge")).to_have_count(0)
    page.get_by_label("Your reply").fill("Welcome. Day one is the hardest, and you did it.")
    page.get_by_role("button", name="Post reply").click()
    expect(page.locator(".guide-badge")).to_have_count(1)  # beside the guide's reply
    page.goto("/care/first-replies/")
    expect(page.get_by_text("Every first post has a reply")).to_be_visible()


def test_first_reply_net_calls_the_guide_on_shift_in_the_browser(
    page, live_server, assert_accessible, settings
):
    settings.HOLDFAST_FIRST_REPLY_MINUTES = 30
    rowan = factories.make_member(username="rowan")
    gale = make_guide(**ALL_DAY)
    thread = factories.make_thread(author=rowan, title="Is anyone there?")
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=31), tick=False):
        call_command("care_tick", stdout=open("/dev/null", "w"))  # noqa: SIM115
    [email] = [m for m in mail.outbox if gale.email in m.to]
    assert "Is anyone there?" in email.subject + email.body
    assert thread.get_absolute_url() in email.body

    sign_in(page, gale, live_server.url)
    page.goto("/notifications/")
    expect(page.locator(".notification").first).to_contain_text("waited 31 minutes")
    assert_accessible(page)
    page.get_by_role("link", name="Is anyone there?").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Is anyone there?")


def test_acknowledge_crisis_and_escalate_after_the_set_time_in_the_browser(
    page, live_server, assert_accessible, settings
):
    settings.HOLDFAST_CRISIS_ESCALATE_MINUTES = 5
    category = factories.make_category(name="Urges", slug="urges")
    rowan = factories.make_member(username="rowan")
    morgan = on_call(factories.make_moderator(username="mod_morgan"))
    later = timezone.now() + datetime.timedelta(hours=3)  # off call whenever the test runs
    casey = on_call(
        factories.make_moderator(username="mod_casey"),
        shift_start=later.time(),
        shift_end=(later + datetime.timedelta(minutes=1)).time(),
    )
    thread = factories.make_thread(author=morgan, category=category, title="Tonight")

    # A crisis post reaches the moderator on call at once (and not the one off call).
    sign_in(page, rowan, live_server.url)
    page.goto(thread.get_absolute_url())
    page.get_by_label("Your reply").fill("I just want to die some days.")
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_role("region", name=re.compile("things are really hard"))).to_be_visible()
    sign_in(page, morgan, live_server.url)
    page.goto("/notifications/")
    expect(page.locator(".notification").first).to_contain_text("may be in crisis")
    assert not casey.notifications.exists()

    # Morgan says "I'm on it"; Casey sees who and since when.
    page.goto("/moderation/care/")
    assert_accessible(page)
    page.get_by_role("button", name="I'm on it").click()
    expect(page.get_by_role("status")).to_contain_text("You're on it")
    sign_in(page, casey, live_server.url)
    page.goto("/moderation/care/")
    expect(page.locator(".care-taken")).to_contain_text("mod_morgan is on it")

    # A second crisis item nobody takes on escalates to every moderator after 5 minutes.
    started = timezone.now()
    with time_machine.travel(started, tick=False):
        factories.make_reply(author=rowan, thread=thread, body="Honestly kms, I can't do this.")
    report = Report.objects.filter(acknowledged_at__isnull=True).get()
    with time_machine.travel(started + datetime.timedelta(minutes=4), tick=False):
        call_command("care_tick", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not [m for m in mail.outbox if casey.email in m.to]
    with time_machine.travel(started + datetime.timedelta(minutes=6), tick=False):
        call_command("care_tick", stdout=open("/dev/null", "w"))  # noqa: SIM115
    [email] = [m for m in mail.outbox if casey.email in m.to]
    assert "nobody has said “I'm on it” yet" in email.body
    assert "kms" not in email.body
    page.goto("/moderation/care/")
    expect(page.locator(f"#post-{report.post_id}")).to_contain_text("Nobody has taken this on yet")
    assert_accessible(page)


def test_worried_sends_one_check_in_a_day_in_the_browser(page, live_server, assert_accessible):
    rowan = factories.make_member(username="rowan")
    sasha = factories.make_member(username="sasha")
    tam = factories.make_member(username="tam")
    thread = factories.make_thread(author=sasha, title="Still here")
    crisis = factories.make_reply(
        author=rowan, thread=thread, body="I don't see the point of going on any more."
    )

    for worried in (sasha, tam):
        sign_in(page, worried, live_server.url)
        page.goto(thread.get_absolute_url())
        post = page.locator(f"#post-{crisis.pk}")
        expect(post.get_by_label("Replying with care")).to_contain_text("be gentle")
        expect(post.get_by_role("button", name=re.compile("This helped|Block"))).to_have_count(0)
        if worried is sasha:
            assert_accessible(page)
        post.get_by_role("link", name="tell us you're worried").click()
        expect(page.get_by_label("I'm worried about them")).to_be_checked()
        page.get_by_role("button", name="Send report").click()
        expect(page.get_by_role("status")).to_contain_text("Thank you for telling us")

    # One check-in, however many worry; it never names them.
    assert CareMessage.objects.filter(member=rowan, kind="check_in").count() == 1
    [email] = [m for m in mail.outbox if rowan.email in m.to]
    assert "Checking in" in email.subject and "sasha" not in email.body and "tam" not in email.body
    sign_in(page, rowan, live_server.url)
    page.goto("/notifications/")
    expect(page.locator(".notification").first).to_contain_text("people care about you")
    assert_accessible(page)


def test_caring_message_arrives_and_is_not_a_warning_in_the_browser(
    page, live_server, assert_accessible
):
    rowan = factories.make_member(username="rowan")
    morgan = factories.make_moderator(username="mod_morgan")
    thread = factories.make_thread(author=morgan, title="Tonight")
    crisis = factories.make_reply(author=rowan, thread=thread, body="I want to end it all.")

    sign_in(page, morgan, live_server.url)
    page.goto("/moderation/care/")
    card = page.locator(f"#post-{crisis.pk}")
    card.get_by_label(re.compile("^A caring message")).fill("We're here with you tonight.")
    card.get_by_role("button", name="Send a caring message").click()
    expect(page.get_by_role("status")).to_contain_text("It isn't a warning")

    sign_in(page, rowan, live_server.url)
    page.goto("/notifications/")
    expect(page.locator(".notification").first).to_contain_text("We're here with you tonight.")
    expect(page.get_by_role("link", name=re.compile("Message from the moderators"))).to_have_count(
        0
    )
    assert not MemberWarning.objects.exists()
    [email] = [m for m in mail.outbox if rowan.email in m.to]
    assert "We're here with you tonight." in email.body


def test_caring_message_page_lifted_suspension_lets_the_member_post_again(
    page, live_server, assert_accessible
):
    rowan = factories.make_member(username="rowan")
    morgan = factories.make_moderator(username="mod_morgan")
    thread = factories.make_thread(author=morgan, title="Checking in")

    # Suspend asks first; then it is lifted early from the member's page.
    sign_in(page, morgan, live_server.url)
    page.goto(f"/moderation/target/member:{rowan.pk}/")
    # Not a care item: the sanctions are open (under a care item they start folded away).
    page.get_by_label("Suspend for").select_option(label="For good")
    page.get_by_role("button", name="Suspend…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Suspend rowan?")
    assert_accessible(page)
    page.get_by_role("button", name="Yes, suspend rowan").click()
    rowan.refresh_from_db()
    assert rowan.suspended_forever
    page.goto(f"/moderation/target/member:{rowan.pk}/")
    page.get_by_role("button", name="Lift the suspension now").click()
    expect(page.get_by_role("status")).to_contain_text("suspension is lifted")

    sign_in(page, rowan, live_server.url)
    page.goto(thread.get_absolute_url())
    page.get_by_label("Your reply").fill("Thank you. I'm back, and calmer.")
    page.get_by_role("button", name="Post reply").click()
    expect(page.locator("article.post").nth(1)).to_contain_text("I'm back, and calmer.")


def test_helpline_page_lets_a_visitor_choose_any_country_in_the_browser(
    page, live_server, assert_accessible
):
    page.goto("/help/crisis/")
    page.get_by_label("Show crisis lines for").select_option(label="New Zealand")
    page.get_by_role("button", name="Show lines").click()
    expect(page.get_by_role("heading", name="Crisis lines in New Zealand")).to_be_visible()
    call = page.get_by_role("link", name=re.compile("^Call 1737"))
    expect(call).to_have_attribute("href", "tel:1737")
    expect(page.get_by_role("link", name=re.compile("^Text 1737"))).to_have_attribute(
        "href", "sms:1737"
    )
    box = call.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 300  # full width on a 375 px phone
    assert_accessible(page)
