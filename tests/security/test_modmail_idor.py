"""The line to the moderators, attacked by id: a member reaches no one else's conversation,
decision, appeal or notes — not to read, reply, appeal or decide — and gets the same 404 a
missing id gets; the database is unchanged. Staff notes never reach a non-moderator's page
source. (Issue #15: "IDOR over conversations, appeals and notes".)"""

from http import HTTPStatus

import pytest
from django.urls import reverse

from moderation import actions
from moderation.models import Appeal, ModerationAction, ModmailMessage, StaffNote
from tests import factories
from tests.security.test_idor import assert_same_as_missing, signed_in, text_of

SECRET = "sasha told us about the restraining order"
NOTE = "Possible ban evasion: same phrasing as @old_account"


@pytest.fixture
def theirs(member, other_member, moderator):
    """Sasha's conversation (answered), a decision about sasha and sasha's appeal of it, and
    a staff note on sasha; rowan is signed in and tries to reach all of it."""
    conversation = actions.start_modmail(member=other_member, subject="Private", body=SECRET)
    actions.reply_to_modmail(author=moderator, conversation=conversation, body="We're here.")
    thread = factories.make_thread(author=member, title="Open thread")
    reply = factories.make_reply(author=other_member, thread=thread, body="Words.")
    actions.hide_post(moderator=moderator, post=reply, reason="Unkind")
    decision = ModerationAction.objects.get(action="hide_post")
    appeal = actions.appeal_decision(member=other_member, action=decision, text="Look again")
    actions.add_staff_note(moderator=moderator, member=other_member, text=NOTE)
    return {"conversation": conversation, "decision": decision, "appeal": appeal, "thread": thread}


def test_modmail_conversation_of_another_member_is_a_404_like_a_missing_one(member, theirs):
    client = signed_in(member)
    pk = theirs["conversation"].pk
    assert_same_as_missing(client, "get", "moderation:modmail_detail", pk)
    assert_same_as_missing(
        client, "post", "moderation:modmail_detail", pk, data={"body": "Let me in"}
    )
    assert ModmailMessage.objects.count() == 2
    assert SECRET not in text_of(client.get(reverse("moderation:modmail_list")))


def test_modmail_conversation_is_a_404_for_visitors_sent_to_log_in(client, theirs):
    url = reverse("moderation:modmail_detail", args=[theirs["conversation"].pk])
    response = client.get(url)
    assert response.status_code == HTTPStatus.FOUND and "login" in response.url


def test_appeal_of_another_members_decision_is_a_404_like_a_missing_one(member, theirs):
    client = signed_in(member)
    pk = theirs["decision"].pk
    assert_same_as_missing(client, "get", "moderation:appeal_new", pk)
    assert_same_as_missing(client, "post", "moderation:appeal_new", pk, data={"text": "Mine"})
    assert Appeal.objects.count() == 1
    assert "Unkind" not in text_of(client.get(reverse("moderation:appeal_list")))


def test_appeal_decide_page_is_a_404_for_members_like_a_missing_one(member, other_member, theirs):
    pk = theirs["appeal"].pk
    for who in (member, other_member):  # a stranger, and the appellant deciding their own
        client = signed_in(who)
        assert_same_as_missing(client, "get", "moderation:appeal_decide", pk)
        assert_same_as_missing(
            client, "post", "moderation:appeal_decide", pk,
            data={"decision": "overturn", "outcome": "Granted"},
        )  # fmt: skip
    theirs["appeal"].refresh_from_db()
    assert theirs["appeal"].is_pending


def test_appeal_deciding_moderator_cannot_overturn_their_own_decision(moderator, theirs):
    url = reverse("moderation:appeal_decide", args=[theirs["appeal"].pk])
    signed_in(moderator).post(url, {"decision": "overturn", "outcome": "I agree with me"})
    theirs["appeal"].refresh_from_db()
    assert theirs["appeal"].is_pending
    assert not ModerationAction.objects.filter(action="overturn_appeal").exists()


def test_staff_notes_page_is_a_404_for_members_like_a_missing_member(member, other_member, theirs):
    client = signed_in(member)
    real = client.get(reverse("moderation:staff_notes", args=[other_member.username]))
    missing = client.get(reverse("moderation:staff_notes", args=["nobody_here"]))
    assert real.status_code == missing.status_code == HTTPStatus.NOT_FOUND
    posted = client.post(
        reverse("moderation:staff_notes", args=[other_member.username]), {"text": "Planted"}
    )
    assert posted.status_code == HTTPStatus.NOT_FOUND
    assert list(StaffNote.objects.values_list("text", flat=True)) == [NOTE]


def test_staff_note_never_in_the_page_source_for_members_visitors_or_the_member(
    client, member, other_member, moderator, theirs
):
    url = theirs["thread"].get_absolute_url()
    assert NOTE in text_of(signed_in(moderator).get(url))  # drawn for moderators...
    for page in (
        client.get(url),
        signed_in(member).get(url),
        signed_in(other_member).get(url),  # ...never for the member it is about
        signed_in(other_member).get(reverse("forum:member_posts", args=[other_member.username])),
    ):
        assert NOTE not in text_of(page) and "Staff notes" not in text_of(page)


def test_modmail_never_names_the_answering_moderator_to_the_member(other_member, theirs):
    url = reverse("moderation:modmail_detail", args=[theirs["conversation"].pk])
    page = text_of(signed_in(other_member).get(url))
    assert "We're here." in page and "mod_morgan" not in page
