"""Care emails: alerts to guides and moderators (a first post waiting, a crisis item) and
messages to a member (a check-in, a caring message). Sent in the background after the
commit, through accounts.email.sending (the member's "care" switch, a verified address, the
unsubscribe headers), like every other email.

None of them carries the words of a post: an alert names the thread and links to it (the
body of a crisis-flagged post never leaves the site), and a message to a member never names
who was worried about them.
"""

from django.tasks import task
from django.urls import reverse

from accounts.email import sending as emails
from accounts.models import User
from accounts.streaks import helplines
from forum.models import Notification
from moderation.models import CareMessage

FIRST_REPLY_SUBJECT = "A first post is waiting for a reply"
CRISIS_SUBJECT = "A member may be in crisis: please look now"


def alerts_on_commit(notifications) -> None:
    """Queue the email of each care alert once the transaction commits."""
    for notification in notifications:
        if notification.pk:
            emails.enqueue_on_commit(send_care_alert, notification_id=notification.pk)


def message_on_commit(message: CareMessage) -> None:
    emails.enqueue_on_commit(send_care_message, message_id=message.pk)


@task
def send_care_alert(*, notification_id: int) -> bool:
    """Email a guide or moderator the alert they were sent on the site, with the link."""
    notification = (
        Notification.objects.select_related("recipient", "thread")
        .filter(pk=notification_id, kind=Notification.Kind.CARE_ALERT)
        .first()
    )
    if notification is None or not emails.may_email(notification.recipient, emails.CARE):
        return False
    if notification.thread is not None:
        link = emails.absolute_url(notification.thread.get_absolute_url())
    else:
        link = emails.absolute_url(reverse("moderation:care_queue"))
    return emails.send_to_member(
        member=notification.recipient,
        email_type=emails.CARE,
        template="care_alert",
        # The net's alerts name a thread only; the crisis clock's a post (or a member).
        subject=FIRST_REPLY_SUBJECT
        if notification.thread_id and notification.post_id is None
        else CRISIS_SUBJECT,
        context={
            "message": notification.message,
            "link": link,
            "queue_url": emails.absolute_url(reverse("moderation:first_reply_queue")),
        },
    )


@task
def send_care_message(*, message_id: int) -> bool:
    """Email a member their check-in or caring message, with the crisis lines for their
    country. It says who it is from only as "Holdfast" (or "the moderators")."""
    message = CareMessage.objects.select_related("member").filter(pk=message_id).first()
    if message is None or not emails.may_email(message.member, emails.CARE):
        return False
    member: User = message.member
    return emails.send_to_member(
        member=member,
        email_type=emails.CARE,
        template="care_message",
        subject="Checking in on you"
        if message.kind == CareMessage.Kind.CHECK_IN
        else "A message from the Holdfast moderators",
        context={
            "message": message.message,
            "helplines": helplines.for_member(member),
            "crisis_url": emails.absolute_url(reverse("moderation:crisis_resources")),
            "notifications_url": emails.absolute_url(reverse("forum:notification_list")),
        },
    )
