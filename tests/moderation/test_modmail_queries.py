"""The line to the moderators runs a fixed number of queries whatever the amount of mail,
appeals and notes: each page measured at two data sizes under the same ceiling.

A member's page pays a base of 3 (session, user with the moderator check, the menu's
unread-notification count); a moderator's 8 (session, user with the moderator check,
unread count, and the menu's waiting count on a cold cache: care size, rules size, held
posts, members' messages waiting, appeals waiting)."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from moderation import actions, selectors
from moderation.models import ModerationAction
from tests import factories

pytestmark = pytest.mark.django_db

SIZES = [2, 12]


@pytest.fixture(params=SIZES, ids=[f"{size}-each" for size in SIZES])
def world(request, member, moderator):
    """`size` conversations of the member (each with a reply from the moderators), as many
    of other members, `size` hidden posts of the member each appealed, `size` staff notes on
    the member, and a thread of `size` replies by the member."""
    size = request.param
    second = factories.make_moderator(username="mod_jules")
    thread = factories.make_thread(author=member, title="A long week")
    for n in range(size):
        mine = actions.start_modmail(member=member, subject=f"Mine {n}", body="Hello.")
        actions.reply_to_modmail(author=moderator, conversation=mine, body="We hear you.")
        other = factories.make_member()
        actions.start_modmail(member=other, subject=f"Theirs {n}", body="Hi.")
        reply = factories.make_reply(author=member, thread=thread, body=f"Reply {n}")
        actions.hide_post(moderator=moderator, post=reply, reason="Unkind")
        decision = ModerationAction.objects.filter(action="hide_post").latest("pk")
        actions.appeal_decision(member=member, action=decision, text="Please look again.")
        actions.add_staff_note(moderator=moderator, member=member, text=f"Note {n}")
        factories.make_reply(author=member, thread=thread, body=f"More {n}")
    return {"size": size, "thread": thread, "second": second, "conversation": mine}


def count(client, url) -> int:
    selectors.forget_open_queue_count()  # the moderators' menu count on a cold cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK, url
    return len(queries)


# (url name or callable, who, ceiling, what the count is made of)
PAGES = {
    # base 3 + the member's conversations (1)
    "modmail_list": 4,
    # base 3
    "modmail_new": 3,
    # base 3 + the conversation with its member, its messages with authors (2); the `staff`
    # question (is this reader a moderator) is answered with the user
    "modmail_detail_member": 5,
    # base 8 + the conversation, its messages (2)
    "modmail_detail_moderator": 10,
    # base 8 + count, page (2)
    "modmail_queue": 10,
    # base 3 + the member's decisions with their appeals (1, joined: `can appeal` reads it)
    "appeal_list": 4,
    # base 8 + count, page (2)
    "appeal_queue": 10,
    # base 8 + the appeal with its decision, its moderator, member, decider (1)
    "appeal_decide": 9,
    # base 8 + the member, their notes (2)
    "staff_notes": 10,
}


def _url(name, world, member):
    if name.startswith("modmail_detail"):
        return reverse("moderation:modmail_detail", args=[world["conversation"].pk])
    if name == "appeal_decide":
        from moderation.models import Appeal

        return reverse("moderation:appeal_decide", args=[Appeal.objects.first().pk])
    if name == "staff_notes":
        return reverse("moderation:staff_notes", args=[member.username])
    return reverse(f"moderation:{name}")


@pytest.mark.parametrize("name", sorted(PAGES))
def test_modmail_and_appeal_pages_queries(name, world, member, client_for):
    moderator_page = name.endswith("_moderator") or name in {
        "modmail_queue", "appeal_queue", "appeal_decide", "staff_notes",
    }  # fmt: skip
    viewer = world["second"] if moderator_page else member
    measured = count(client_for(viewer), _url(name, world, member))
    assert measured <= PAGES[name], (name, measured)


def test_staff_note_thread_page_queries_for_moderators(world, client_for, member):
    """Notes beside posts cost the moderator one query for the page, whatever the number of
    authors or notes; members none (tests/forum/test_queries.py pins theirs)."""
    client = client_for(world["second"])
    url = world["thread"].get_absolute_url()
    measured = count(client, url)
    assert measured <= THREAD_FOR_MODERATOR
    assert "Staff notes on" in client.get(url).content.decode()


# The forum's thread page for a moderator (18: base, thread, posts, reactions, blocks,
# reports, moderators among authors, read marker, watching, the menu's counts…) + the
# notes on the page's authors (1) + the reader's warning choices and mutes
# (forum.selectors.muting, 1) + the menu's count of members' messages and appeals waiting (2).
THREAD_FOR_MODERATOR = 22
