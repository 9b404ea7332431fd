"""Script-injection payloads in a real browser (Chromium at 375 px): none of them runs, loads
or styles anything. A payload that ran would open an alert (recorded here) or, blocked by
the Content-Security-Policy, log a violation — and the `page` fixture fails any test whose
browser logged an error. The Django-client side of the same payloads, on every page that
shows each field, is tests/security/test_xss_fields.py."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from tests import factories
from tests.e2e.test_forum_flow import sign_in
from tests.xss_corpus import XSS_PAYLOADS

CHOSEN = dict(XSS_PAYLOADS)
PAYLOAD_NAMES = [
    "script_tag",
    "img_onerror",
    "svg_onload",
    "details_ontoggle",
    "anchor_onmouseover",
    "inline_javascript",
    "inline_data_html",
    "style_attribute_url",
    "iframe_srcdoc",
    "math_mglyph_style",
    "noscript_title_breakout",
    "link_url_quote_breakout",
    "mention_quote_breakout",
    "html_meta_refresh",
    "image_data_svg",
]


def established(user):
    User.objects.filter(pk=user.pk).update(
        date_joined=timezone.now() - timedelta(days=60), post_count=20
    )
    user.refresh_from_db()
    return user


def test_payloads_stay_inert_in_the_browser(page, live_server, assert_accessible):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    category = factories.make_category(name="Daily check-ins", slug="daily-check-ins")
    rowan = established(factories.make_member(username="rowan"))
    thread = factories.make_thread(
        author=rowan,
        category=category,
        title='Day one "><img src=x onerror=alert(1)>',
        body=CHOSEN["script_tag"],
    )
    for name in PAYLOAD_NAMES[1:]:
        factories.make_reply(author=rowan, thread=thread, body=CHOSEN[name])

    # One more through the real reply form, typed into the page.
    sign_in(page, rowan, live_server.url)
    page.goto(thread.get_absolute_url())
    page.get_by_label("Your reply").fill("<svg/onload=alert(2)> and [x](javascript:alert(3))")
    page.get_by_role("button", name="Post reply").click()
    expect(page.locator("article.post").last).to_contain_text("and")

    for path in ("/", f"/u/{rowan.username}/posts/", thread.get_absolute_url()):
        page.goto(path)
    # Hover and focus what a handler could hang on.
    for link in page.locator("article.post .post-body a").all():
        link.hover()
        link.focus()
    page.wait_for_timeout(200)
    assert_accessible(page)

    # And a visitor, who may be served the page from the visitors' cache.
    page.context.clear_cookies()
    page.goto(thread.get_absolute_url())
    page.goto(thread.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text("Day one")
    assert dialogs == []
