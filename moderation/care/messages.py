"""Messages of care to a member: check-ins and caring messages (CareMessage rows, the
member's care history), each also a notification on the site and an email.

Neither is a warning: nothing to acknowledge, nothing counted against the member, and a
check-in never names who was worried. Called by moderation.actions (reports, a moderator's
caring message); writes no audit row of its own (the caller does, when a moderator acts).
"""

from datetime import timedelta

from django.db import transaction

import pagecache as page_cache
from accounts.models import User
from forum.models import Notification
from moderation.care import emails
from moderation.models import CareMessage

CHECK_IN_EVERY = timedelta(days=1)
CHECK_IN_MESSAGE = (
    "Someone here noticed you might be having a hard time, and wanted you to know that "
    "people care about you. You don't need to reply or do anything. If things feel too "
    "heavy, the crisis lines for where you are are free and confidential, any time — "
    "you'll find them under “Get help now” at the top of every page. We're glad you're here."
)
CARING_MESSAGE_DEFAULT = (
    "We wanted to check in with you. It sounds like things are really hard right now, and "
    "we're glad you shared it here. You're not alone. If you feel unsafe, please reach out "
    "to one of the crisis lines for where you are — they're free and confidential, any time."
)


def send_check_in(*, member: User | None, now) -> CareMessage | None:
    """Send the member a private check-in, unless they had one in the last day (then
    nothing: one a day however many people worry at once). The member row is locked while
    deciding, so two reports at the same moment send one. Returns the message, or None."""
    if member is None or not member.is_active:
        return None
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=member.pk).values_list("pk").first()
        recent = CareMessage.objects.filter(
            member=member,
            kind=CareMessage.Kind.CHECK_IN,
            created_at__gt=now - CHECK_IN_EVERY,
        )
        if recent.exists():
            return None
        return _deliver(
            member=member, kind=CareMessage.Kind.CHECK_IN, text=CHECK_IN_MESSAGE, now=now
        )


def deliver_caring_message(*, member: User, sender: User, text: str, now) -> CareMessage:
    """A moderator's caring message (moderation.actions.care.send_caring_message audits it)."""
    return _deliver(
        member=member,
        kind=CareMessage.Kind.CARING,
        text=text.strip() or CARING_MESSAGE_DEFAULT,
        now=now,
        sender=sender,
    )


def _deliver(*, member, kind, text, now, sender=None) -> CareMessage:
    message = CareMessage.objects.create(
        member=member, kind=kind, sender=sender, message=text, created_at=now
    )
    Notification.objects.create(
        recipient=member, kind=Notification.Kind.CARE_MESSAGE, message=text, created_at=now
    )
    page_cache.bump_member(member.pk)
    emails.message_on_commit(message)
    return message
