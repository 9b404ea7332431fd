"""Anonymous posts and the shield in a real browser at 375 px (issue #15 items 2 and 3): a
member posts anonymously and another member sees no trace of them, while a moderator looks
(and the look is logged); a shielded member's posts are hidden from a one-day-old account
and from visitors, and shown to an older account. With an axe scan of each new page."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.shield import services as shield_services
from forum.models import Post
from moderation.models import ModerationAction
from tests import factories
from tests.e2e.test_forum_flow import sign_in


def test_anonymous_post_hidden_from_members_and_shown_to_a_moderator(
    page, live_server, assert_accessible
):
    category = factories.make_category(name="Hard to say", allows_anonymous=True)
    writer = factories.make_member(username="wren_quill", display_name="Wren Quillfeather")
    reader = factories.make_member(username="sasha")
    morgan = factories.make_moderator(username="mod_morgan")
    thread = factories.make_thread(author=reader, category=category, title="Saying it here")

    # Wren replies as "Anonymous member", ticking the box in the thread's composer.
    sign_in(page, writer, live_server.url)
    page.goto(thread.get_absolute_url())
    page.get_by_label("Your reply").fill("I still check his page every night.")
    page.get_by_label(re.compile("Post as .Anonymous member.")).check()
    page.get_by_role("button", name="Post reply").click()
    post = Post.objects.get(thread=thread, number=2)
    assert (post.author, post.anonymous_alias) == (writer, 1)  # the first alias here
    expect(page.locator(f"#post-{post.pk}")).to_contain_text("(you")

    # Sasha sees the words and the alias, and nothing of Wren anywhere in the page source.
    sign_in(page, reader, live_server.url)
    page.goto(thread.get_absolute_url())
    card = page.locator(f"#post-{post.pk}")
    expect(card).to_contain_text("Anonymous member 1")
    expect(card).to_contain_text("I still check his page")
    expect(card.get_by_role("link", name=re.compile("Wren"))).to_have_count(0)
    source = page.content().casefold()
    assert "wren" not in source and "quill" not in source
    assert_accessible(page)

    # Morgan asks who wrote it: the answer names Wren, and the look is in the audit log.
    sign_in(page, morgan, live_server.url)
    page.goto(thread.get_absolute_url())
    assert "wren" not in page.content().casefold()  # not before the look
    page.locator(f"#post-{post.pk}").get_by_role(
        "button", name=re.compile("Who wrote this")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who wrote this anonymous post")
    expect(page.locator(".revealed-author")).to_have_text("Wren Quillfeather")
    assert_accessible(page)
    look = ModerationAction.objects.get(action=ModerationAction.Kind.REVEAL_ANONYMOUS_AUTHOR)
    assert (look.moderator, look.member) == (morgan, writer)
    page.goto("/moderation/log/")
    entry = page.locator(".audit-entry").first
    expect(entry).to_contain_text("Looked who wrote an anonymous post")
    expect(entry).to_contain_text("Wren Quillfeather")  # the member the look was about


def test_shield_hides_posts_from_a_one_day_old_account_and_visitors(
    page, live_server, assert_accessible
):
    long_ago = timezone.now() - datetime.timedelta(days=200)
    hollis = factories.make_member(username="hollis", display_name="Hollis B", date_joined=long_ago)
    rowan = factories.make_member(username="rowan", date_joined=long_ago)
    newcomer = factories.make_member(
        username="newcomer", date_joined=timezone.now() - datetime.timedelta(days=1)
    )
    thread = factories.make_thread(author=rowan, title="Week two, still here")
    reply = factories.make_reply(author=hollis, thread=thread, body="The harbour walk helps me.")

    # Hollis turns the shield on for accounts younger than 30 days, on the settings page.
    sign_in(page, hollis, live_server.url)
    page.goto(reverse("accounts:settings_shield"))
    assert_accessible(page)
    page.get_by_label(re.compile("at least 30 days old")).check()
    page.get_by_role("button", name="Save my shield").click()
    expect(page.get_by_text("Your shield is saved.")).to_be_visible()
    hollis.refresh_from_db()
    assert hollis.shield_days == 30

    hidden = "A post hidden by its author's privacy choice."
    for viewer in (newcomer, None):  # a one-day-old account, then a visitor
        page.context.clear_cookies()
        if viewer is not None:
            sign_in(page, viewer, live_server.url)
        page.goto(thread.get_absolute_url())
        card = page.locator(f"#post-{reply.pk}")
        expect(card).to_contain_text(hidden)
        source = page.content()
        assert "harbour walk" not in source and "Hollis" not in source
        # Their profile: the same 404 as for nobody (asked outside the page: a 404 page
        # load is a browser error to the fixture).
        profile = reverse("accounts:profile", args=[hollis.username])
        assert page.request.get(live_server.url + profile).status == 404
    assert_accessible(page)

    # Rowan's account is older than 30 days: the post reads as usual.
    sign_in(page, rowan, live_server.url)
    page.goto(thread.get_absolute_url())
    expect(page.locator(f"#post-{reply.pk}")).to_contain_text("The harbour walk helps me.")
    expect(page.locator(f"#post-{reply.pk}")).to_contain_text("Hollis B")
    shield_services.set_shield(member=hollis, days=None)
