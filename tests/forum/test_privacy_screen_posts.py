"""Issue 15, item 7, through the forum's own services (moderation's screen installed by its
ready()): a reply or a title that shares a handle, a profile address or a plate is held for a
moderator, never published; a listed ex's first name alone is refused."""

import pytest

from forum import services
from forum.models import Status
from forum.services import ScreeningRefused
from moderation import actions
from moderation.screening import BLOCK_EX_NAME, HOLD_PERSONAL_INFO


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("he is @jd_1990 on tiktok now", "social"),
        ("her IG: jane.doe_88", "social"),
        ("his car, LK65 ZXC, was outside again", "plate"),
        ("it's five five five, one two three, four five six seven", "phone"),
    ],
)
def test_privacy_screen_reply_is_held(thread, other_member, body, kind):
    outcome = services.create_reply(author=other_member, thread=thread, body=body)
    assert outcome.held and outcome.post.status == Status.PENDING
    assert outcome.verdict.hold_reasons == [HOLD_PERSONAL_INFO[kind]]


def test_privacy_screen_thread_title_is_held(member, category):
    outcome = services.create_thread(
        author=member, category=category, title="Saw plate AB12 CDE today", body="Ugh."
    )
    assert outcome.held


def test_privacy_screen_ex_first_name_alone_is_refused(thread, other_member):
    actions.add_ex_name(member=other_member, name="Jordan Smith")
    with pytest.raises(ScreeningRefused) as refused:
        services.create_reply(author=other_member, thread=thread, body="Jordan called today.")
    assert refused.value.reasons == [BLOCK_EX_NAME]
