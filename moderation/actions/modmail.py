"""A member's private conversation with the moderator team (docs/modmail.md): start one,
reply in one. Not messages between members: the other side is always "the moderators".

A moderator's reply tells the member on the site and by email (their "moderators'
decisions" switch, moderation.emails), never naming the moderator; the moderators see the
waiting conversations in their modmail queue. Writing to the moderators is not a
moderator's decision, so no audit row.
"""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import is_moderator
from moderation import emails, permissions, selectors
from moderation.actions.base import ActionRefused, notify
from moderation.models import ModmailConversation, ModmailMessage

EMPTY = "Please write your message — a few words are enough."


def start_modmail(*, member: User, subject: str, body: str, now=None) -> ModmailConversation:
    """Open a conversation with the moderators, with the member's first message. Atomic."""
    if not permissions.can_write_to_moderators(member):
        raise ActionRefused("You can't write to the moderators from this account.")
    subject, body = " ".join(subject.split())[:120], body.strip()
    if not subject or not body:
        raise ActionRefused(EMPTY)
    now = now or timezone.now()
    with transaction.atomic():
        conversation = ModmailConversation.objects.create(
            member=member, subject=subject, created_at=now, last_message_at=now
        )
        ModmailMessage.objects.create(
            conversation=conversation, member=member, author=member, body=body, created_at=now
        )
        # The moderators' menu counts what waits for them.
        transaction.on_commit(selectors.forget_open_queue_count)
    return conversation


def reply_to_modmail(
    *, author: User, conversation: ModmailConversation, body: str, now=None
) -> ModmailMessage:
    """Add a message to the conversation. A moderator's reply is the team's: the member is
    told (site notice, and email per their settings) and the conversation leaves the
    queue's top until the member writes again. Atomic."""
    if not permissions.can_reply_modmail(author, conversation):
        raise ActionRefused("You can't reply in this conversation.")
    body = body.strip()
    if not body:
        raise ActionRefused(EMPTY)
    now = now or timezone.now()
    # The member's own words stay theirs even if they are also a moderator.
    from_moderators = author.pk != conversation.member_id and is_moderator(author)
    with transaction.atomic():
        message = ModmailMessage.objects.create(
            conversation=conversation,
            member_id=conversation.member_id,
            author=author,
            from_moderators=from_moderators,
            body=body,
            created_at=now,
        )
        conversation.last_message_at = now
        conversation.waiting_on_moderators = not from_moderators
        conversation.save(update_fields=["last_message_at", "waiting_on_moderators"])
        transaction.on_commit(selectors.forget_open_queue_count)
        if from_moderators:
            notify(
                conversation.member,
                message=f"The moderators answered your message “{conversation.subject}”. "
                "You can read it under “Write to the moderators”.",
                now=now,
                moderator=author,
                topic=emails.MODMAIL,
            )
    return message
