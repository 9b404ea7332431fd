"""`make screenshots`: phone (375 px) and desktop (1280 px), light and dark pictures of the
main pages, with the demo content, into docs/screenshots/ (docs/design.md): ten pictures.

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


def test_screenshots_of_the_main_pages(browser, live_server, transactional_db, settings):
    settings.DEBUG = True  # load_demo refuses to run otherwise; pages render as in production
    call_command("load_demo", verbosity=0)
    settings.DEBUG = False
    folder = Path(FOLDER)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, who, url, size, theme in pictures():
        context = browser.new_context(
            base_url=live_server.url, viewport=SIZES[size], color_scheme=theme
        )
        if who != "visitor":
            client = Client()
            client.force_login(User.objects.get(username=who))
            session = client.cookies["sessionid"].value
            context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        page = context.new_page()
        page.goto(url)
        path = folder / f"{name}-{size}-{theme}.png"
        page.screenshot(path=str(path))
        written.append(path)
        context.close()
    assert all(path.stat().st_size > 0 for path in written)
