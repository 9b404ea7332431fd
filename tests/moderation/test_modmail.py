"""Modmail: a member's private conversation with the moderator team (moderation.actions.
modmail, moderation/modmail/views.py)."""

from http import HTTPStatus

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from forum.models import Notification
from moderation import actions, selectors
from moderation.models import ModerationAction, ModmailConversation, ModmailMessage
from tests import factories


def _start(member, subject="A question", body="Can I post about my ex's new partner?"):
    return actions.start_modmail(member=member, subject=subject, body=body)


# --- Actions ---------------------------------------------------------------------------


def test_start_modmail_opens_a_conversation_waiting_on_moderators(member):
    conversation = _start(member)
    assert conversation.member == member
    assert conversation.waiting_on_moderators
    [message] = conversation.messages.all()
    assert message.author == member and not message.from_moderators


def test_start_modmail_refuses_an_empty_message(member):
    with pytest.raises(actions.ActionRefused):
        actions.start_modmail(member=member, subject="Hi", body="   ")
    assert not ModmailConversation.objects.exists()


def _emails_to(member):
    return [m for m in mail.outbox if m.to == [member.email]]


def test_modmail_reply_by_a_moderator_is_the_teams_and_tells_the_member(
    member, moderator, django_capture_on_commit_callbacks
):
    conversation = _start(member)
    with django_capture_on_commit_callbacks(execute=True):
        reply = actions.reply_to_modmail(
            author=moderator, conversation=conversation, body="Yes, without naming them."
        )
    assert reply.from_moderators
    conversation.refresh_from_db()
    assert not conversation.waiting_on_moderators
    [note] = Notification.objects.filter(recipient=member, kind="moderation")
    assert "The moderators answered" in note.message
    assert "mod_morgan" not in note.message
    [email] = _emails_to(member)
    assert email.subject.endswith("A reply from the moderators")
    assert "mod_morgan" not in email.body
    assert reverse("moderation:modmail_list") in email.body


def test_modmail_reply_by_the_member_puts_it_back_in_the_queue(member, moderator):
    conversation = _start(member)
    actions.reply_to_modmail(author=moderator, conversation=conversation, body="Answered.")
    actions.reply_to_modmail(author=member, conversation=conversation, body="Thank you.")
    conversation.refresh_from_db()
    assert conversation.waiting_on_moderators
    assert not Notification.objects.filter(recipient=moderator).exists()


def test_modmail_reply_email_respects_the_members_settings(
    member, moderator, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=member.pk).update(email_moderation=False)
    conversation = _start(member)
    with django_capture_on_commit_callbacks(execute=True):
        actions.reply_to_modmail(author=moderator, conversation=conversation, body="Hello.")
    assert Notification.objects.filter(recipient=member).exists()  # still on the site
    assert _emails_to(member) == []


def test_modmail_other_member_cannot_reply(member, other_member):
    conversation = _start(member)
    with pytest.raises(actions.ActionRefused):
        actions.reply_to_modmail(author=other_member, conversation=conversation, body="Hi")
    assert ModmailMessage.objects.count() == 1


def test_modmail_writes_no_audit_row(member, moderator):
    conversation = _start(member)
    actions.reply_to_modmail(author=moderator, conversation=conversation, body="Hello.")
    assert not ModerationAction.objects.exists()


# --- Pages -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_modmail_new_page_sends_visitors_to_log_in(client):
    response = client.get(reverse("moderation:modmail_new"))
    assert response.status_code == HTTPStatus.FOUND
    assert "login" in response.url


def test_modmail_new_page_starts_a_conversation(member, client_for):
    client = client_for(member)
    response = client.post(
        reverse("moderation:modmail_new"), {"subject": "Worried", "body": "Someone is DMing me."}
    )
    conversation = ModmailConversation.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse("moderation:modmail_detail", args=[conversation.pk])
    page = client.get(response.url)
    assert "Someone is DMing me." in page.content.decode()


def test_modmail_new_page_keeps_the_text_on_an_error(member, client_for):
    response = client_for(member).post(
        reverse("moderation:modmail_new"), {"subject": "", "body": "Please keep me."}
    )
    assert response.status_code == HTTPStatus.OK
    assert "Please keep me." in response.content.decode()
    assert response.context["form"].errors["subject"] == [
        "Please give your message a few words of subject."
    ]
    assert not ModmailConversation.objects.exists()


def test_modmail_detail_shows_the_moderators_not_the_moderator_to_the_member(
    member, moderator, client_for
):
    conversation = _start(member)
    actions.reply_to_modmail(author=moderator, conversation=conversation, body="We hear you.")
    url = reverse("moderation:modmail_detail", args=[conversation.pk])
    mine = client_for(member).get(url).content.decode()
    assert "The moderators" in mine and "We hear you." in mine
    assert "mod_morgan" not in mine and moderator.public_name not in mine
    theirs = client_for(moderator).get(url).content.decode()
    assert moderator.public_name in theirs  # the other moderators see who answered


def test_modmail_detail_moderator_answers_from_the_page(member, moderator, client_for):
    conversation = _start(member)
    url = reverse("moderation:modmail_detail", args=[conversation.pk])
    response = client_for(moderator).post(url, {"body": "Thanks for telling us."})
    assert response.status_code == HTTPStatus.FOUND
    assert conversation.messages.filter(from_moderators=True).count() == 1


def test_modmail_queue_lists_waiting_conversations_first(
    member, other_member, moderator, client_for
):
    answered = _start(member, subject="Answered one")
    actions.reply_to_modmail(author=moderator, conversation=answered, body="Done.")
    _start(other_member, subject="Waiting one")
    page = client_for(moderator).get(reverse("moderation:modmail_queue")).content.decode()
    assert page.index("Waiting one") < page.index("Answered one")


def test_modmail_queue_is_a_404_for_members(member, client_for):
    response = client_for(member).get(reverse("moderation:modmail_queue"))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_modmail_list_shows_only_the_members_own(member, other_member, client_for):
    _start(member, subject="Mine")
    _start(other_member, subject="Not mine")
    page = client_for(member).get(reverse("moderation:modmail_list")).content.decode()
    assert "Mine" in page and "Not mine" not in page


def test_modmail_is_rate_limited(member, client_for, settings):
    client = client_for(member)
    url = reverse("moderation:modmail_new")
    statuses = []
    for n in range(5):
        response = client.post(url, {"subject": f"Hi {n}", "body": "Hello."})
        statuses.append(response.status_code)
    assert HTTPStatus.OK in statuses  # refused (burst): the form again, text kept
    assert ModmailConversation.objects.count() < 5


def test_modmail_menu_link_on_every_members_page(member, client_for):
    page = client_for(member).get(reverse("forum:home")).content.decode()
    assert reverse("moderation:modmail_list") in page


def test_modmail_factories_moderator_is_moderator(db):
    from accounts import roles

    assert roles.is_moderator(factories.make_moderator(username="mod_x"))


def test_modmail_and_appeals_in_the_members_export_unsigned(member, moderator):
    from accounts.data_rights import services as data_rights

    conversation = _start(member)
    actions.reply_to_modmail(author=moderator, conversation=conversation, body="We hear you.")
    data = data_rights.collect_member_data(member)
    text = repr(data)
    assert "We hear you." in text and "Can I post about my ex" in text
    assert "mod_morgan" not in text


def test_modmail_and_appeals_waiting_count_in_the_moderators_menu(
    member, moderator, post, django_capture_on_commit_callbacks
):
    """The menu's waiting count (every moderator page) includes a member's message until the
    moderators answer, and an appeal until it is decided; cached, and forgotten on each."""
    assert selectors.open_queue_count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        conversation = _start(member)
    assert selectors.open_queue_count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        actions.reply_to_modmail(author=moderator, conversation=conversation, body="We're here.")
    assert selectors.open_queue_count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        actions.hide_post(moderator=moderator, post=post, reason="Names someone")
        decision = ModerationAction.objects.get(action="hide_post")
        actions.appeal_decision(member=post.author, action=decision, text="Please look again.")
    assert selectors.open_queue_count() == 1
