"""`make screenshots`: phone (375 px) and desktop (1280 px), light and dark pictures of the
main pages, with the demo content, into docs/screenshots/ (docs/design.md): ten pictures.
Into any other folder (HOLDFAST_SCREENSHOTS=/tmp/shots) it also takes the review set: the
quieter pages (settings, buddy, modmail and appeals from both sides, staff notes, offline,
the read-only banner and its 503 page), each at both sizes in both themes, to look at by eye
before a release — too many to keep in the repository.

Not named test_*.py, so the suite never collects it and `make test` writes no files;
`make screenshots` runs it by name (HOLDFAST_SCREENSHOTS may name another folder). Each
picture is the first screen of the page, as a member (or a visitor on the home page) sees
it; the theme is the device's (prefers-color-scheme), which is what a new member gets. The
assertion is only that the files were written: what the pages must be is judged in
test_every_page.py."""

import os
from pathlib import Path

from django.core.management import call_command
from django.test import Client

from accounts.models import User
from forum.models import Thread
from moderation import actions
from moderation.models import ModerationAction
from tests.e2e.test_read_only_flow import primary_away

FOLDER = os.environ.get("HOLDFAST_SCREENSHOTS") or "docs/screenshots"
SIZES = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 800}}


def pictures() -> list[tuple[str, str, str, str, str]]:
    """(page, who, URL, size, theme) of the pictures: ten, each page in the sizes and themes
    that show it best, so that the folder stays small."""
    thread = Thread.objects.filter(author__username="demo_member").order_by("pk").first()
    thread = thread or Thread.objects.order_by("-pk").first()
    member = "demo_member"
    return [
        ("home-visitor", "visitor", "/", "phone", "light"),
        ("home-visitor", "visitor", "/", "desktop", "light"),
        ("home", member, "/", "phone", "dark"),
        ("home", member, "/", "desktop", "dark"),
        ("thread", member, thread.get_absolute_url(), "phone", "light"),
        ("thread", member, thread.get_absolute_url(), "phone", "dark"),
        ("thread", member, thread.get_absolute_url(), "desktop", "light"),
        ("streak", member, "/streak/", "phone", "light"),
        ("streak", member, "/streak/", "phone", "dark"),
        ("sos", member, "/sos/", "phone", "dark"),
    ]


def review_pages() -> list[tuple[str, str, str]]:
    """(page, who, URL) of the review set, after review_data()."""
    member, newcomer, moderator = "demo_member", "demo_newcomer", "demo_moderator"
    conversation = User.objects.get(username=member).modmail_conversations.get()
    decision = ModerationAction.objects.get(member__username=newcomer, action="warn_member")
    appeal = ModerationAction.objects.get(member__username=newcomer, action="hide_post").appeal
    return [
        ("settings-notifications", member, "/settings/notifications/"),
        ("settings-discreet", member, "/settings/discreet/"),
        ("settings-shield", member, "/settings/shield/"),
        ("content-warnings", member, "/content-warnings/"),
        ("buddy", member, "/buddy/"),
        ("buddy-find", member, "/buddy/find/"),
        ("modmail-member-list", member, "/moderators/messages/"),
        ("modmail-member", member, f"/moderators/messages/{conversation.pk}/"),
        ("modmail-new", member, "/moderators/messages/new/"),
        ("appeals-member", newcomer, "/moderators/appeals/"),
        ("appeal-new", newcomer, f"/moderators/appeals/decision/{decision.pk}/"),
        ("modmail-queue", moderator, "/moderation/modmail/"),
        ("modmail-moderator", moderator, f"/moderators/messages/{conversation.pk}/"),
        ("appeal-queue", moderator, "/moderation/appeals/"),
        ("appeal-decide", moderator, f"/moderation/appeals/{appeal.pk}/"),
        ("staff-notes", moderator, f"/moderation/member/{newcomer}/notes/"),
        ("offline", member, "/offline/"),
    ]


def review_data() -> None:
    """What the demo lacks for the review set: a conversation with the team, an appeal,
    a staff note."""
    member = User.objects.get(username="demo_member")
    newcomer = User.objects.get(username="demo_newcomer")
    moderator = User.objects.get(username="demo_moderator")
    conversation = actions.start_modmail(
        member=member,
        subject="Someone keeps messaging me about my ex",
        body="A member sent me three private messages about what my ex is doing now. "
        "I asked them to stop. I don't want to report them publicly.",
    )
    actions.reply_to_modmail(
        author=moderator,
        conversation=conversation,
        body="Thank you for telling us, and well done for asking them to stop. We've "
        "looked at it and spoken to them; they won't write to you again.",
    )
    hidden = ModerationAction.objects.get(member=newcomer, action="hide_post")
    actions.appeal_decision(
        member=newcomer,
        action=hidden,
        text="I was angry that night and I'm sorry. Could the rest of my post come back?",
    )
    actions.add_staff_note(
        moderator=moderator,
        member=newcomer,
        text="New this week, posted late at night twice. Gentle first contact if it recurs.",
    )


def new_page(browser, live_server, who, size, theme):
    context = browser.new_context(
        base_url=live_server.url, viewport=SIZES[size], color_scheme=theme
    )
    if who != "visitor":
        client = Client()
        client.force_login(User.objects.get(username=who))
        session = client.cookies["sessionid"].value
        context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    return context.new_page()


def test_screenshots_of_the_main_pages(browser, live_server, transactional_db, settings):
    settings.DEBUG = True  # load_demo refuses to run otherwise; pages render as in production
    call_command("load_demo", verbosity=0)
    settings.DEBUG = False
    folder = Path(FOLDER)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, who, url, size, theme in pictures():
        page = new_page(browser, live_server, who, size, theme)
        page.goto(url)
        path = folder / f"{name}-{size}-{theme}.png"
        page.screenshot(path=str(path))
        written.append(path)
        page.context.close()
    if folder.resolve() != Path("docs/screenshots").resolve():
        written += review_set(browser, live_server, folder)
    assert all(path.stat().st_size > 0 for path in written)


def review_set(browser, live_server, folder) -> list[Path]:
    review_data()
    shots = review_pages()
    thread = Thread.objects.filter(author__username="demo_member").order_by("pk").first()
    written = []
    for size in SIZES:
        for theme in ("light", "dark"):
            for name, who, url in shots:
                page = new_page(browser, live_server, who, size, theme)
                page.goto(url)
                written.append(folder / f"{name}-{size}-{theme}.png")
                page.screenshot(path=str(written[-1]), full_page=True)
                page.context.close()
            # Read-only: the banner on the thread, then the 503 after a reply.
            with primary_away(live_server):
                page = new_page(browser, live_server, "demo_member", size, theme)
                page.goto(thread.get_absolute_url())
                written.append(folder / f"read-only-thread-{size}-{theme}.png")
                page.screenshot(path=str(written[-1]), full_page=True)
                page.get_by_label("Your reply").fill(
                    "Tonight I wanted to text him.\n\nI didn't. I came here instead."
                )
                page.get_by_role("button", name="Post reply").click()
                page.get_by_role("heading", name="We couldn't save that just now").wait_for()
                written.append(folder / f"read-only-503-{size}-{theme}.png")
                page.screenshot(path=str(written[-1]), full_page=True)
                page.context.close()
    return written
