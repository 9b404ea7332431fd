"""Read-only mode in a real browser (config.read_only, issue 17 item 3): while the primary
database is away every page carries the calm banner, and a write gets the kind 503 page
with the member's text shown back — judged by axe at 375 and 1280 px in the light and the
dark theme, and by the Nu HTML checker. The outage itself (a real primary stopped under a
real server) is tests/scale/test_primary_down.py; here the live server is told the primary
has just gone."""

import contextlib

import pytest
from django.conf import settings
from django.test import override_settings
from playwright.sync_api import expect

from config import read_only
from tests import factories
from tests.e2e.conftest import axe_violations, nu_errors
from tests.e2e.test_forum_flow import sign_in

BANNER = "Holdfast is read-only for a few minutes"
WIDTHS = [375, 1280]
THEMES = ["light", "dark"]


@contextlib.contextmanager
def primary_away(live_server):
    """The live server as a process that has just found the primary away: its handlers gain
    config.read_only's middleware (settings.py adds it only with a replica configured), the
    "replica" it reads is the test database, and the primary never answers its probe."""
    # The test server's handlers nest (static files, media files, the site); each one that
    # answers requests itself loaded the middleware when the server started.
    handlers = [live_server.thread.httpd.get_app()]
    while hasattr(handlers[-1], "application"):
        handlers.append(handlers[-1].application)
    handlers = [handler for handler in handlers if hasattr(handler, "load_middleware")]
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(
        middleware.index("pagecache.visitors.VisitorPageCacheMiddleware"),
        "config.read_only.ReadOnlyMiddleware",
    )
    try:
        with override_settings(MIDDLEWARE=middleware), pytest.MonkeyPatch.context() as patch:
            patch.setattr(read_only, "REPLICA", read_only.PRIMARY)
            patch.setattr(read_only, "primary_answers", lambda: False)
            patch.setattr(read_only, "_drop_primary_pool", lambda: None)
            patch.setattr(read_only, "_state", {"down": True, "recheck_at": 0.0})
            for handler in handlers:
                handler.load_middleware()
            yield
    finally:
        for handler in handlers:
            handler.load_middleware()  # the settings are back: the server writes again


@pytest.fixture
def read_only_site(live_server):
    with primary_away(live_server):
        yield


def judge(page) -> list:
    """axe's violations on the page as it is now, at both widths in both themes."""
    found = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        for theme in THEMES:
            page.emulate_media(color_scheme=theme)
            if violations := axe_violations(page):
                found.append((page.url, width, theme, violations))
    page.set_viewport_size({"width": 375, "height": 800})
    return found


def test_read_only_banner_and_the_kind_503_keep_the_members_words(
    page, live_server, read_only_site, browser_errors
):
    member = factories.make_member(username="rowan")
    thread = factories.make_thread(author=factories.make_member(), title="Night three")
    sign_in(page, member, live_server.url)
    words = "Tonight I wanted to text him.\n\nI didn't. I came here instead."

    # Reading works as usual, under one calm line.
    response = page.goto(thread.get_absolute_url())
    assert response.status == 200
    banner = page.get_by_role("status").filter(has_text=BANNER)
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("nothing already posted is lost")
    html = {"thread, read-only": response.text()}
    violations = judge(page)

    # A reply is refused kindly: nothing saved, the words shown back to copy, a way back.
    page.get_by_label("Your reply").fill(words)
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Post reply").click()
    refused = posted.value
    assert refused.status == 503
    assert refused.headers["retry-after"] == "60"
    expect(page.get_by_role("heading", level=1)).to_have_text("We couldn't save that just now")
    expect(page.get_by_label("What you wrote")).to_have_value(words)
    expect(page.get_by_role("link", name="Go back")).to_have_attribute(
        "href", live_server.url + thread.get_absolute_url()
    )
    # Someone to reach tonight, under "If you need someone right now".
    expect(page.get_by_role("heading", name="Emergency services")).to_be_visible()
    assert thread.posts.count() == 1
    html["503 after a reply"] = refused.text()
    violations += judge(page)

    assert violations == [], f"axe found {len(violations)} problems: {violations}"
    problems = nu_errors(html)
    assert problems == [], "The Nu HTML checker:\n" + "\n".join(problems)

    # "Go back" leads to the thread, still readable.
    page.get_by_role("link", name="Go back").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Night three")
    # The 503's status, logged by the browser on purpose; last, as its console message may
    # come after the page has been read.
    browser_errors[:] = [e for e in browser_errors if "503" not in e]
