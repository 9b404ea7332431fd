"""Email about moderators' decisions: a report handled (to the member who reported), a post
hidden, edited or not approved (to its author), a warning, a pause on posting (silence) and
a suspension (to the member).

moderation.actions queues these through the *_on_commit helpers below, inside the
transaction that records the decision, so an email goes out only for a decision that was
saved; the tasks run in the background (Django's tasks framework) and read fresh rows.

Every email keeps accounts.email.sending's rules (the member's "moderators' decisions" switch, an
active member with a verified address, never a member suspended for good) and three of its
own: it never names the moderator; a moderator is never emailed about their own decision
(reporting something and then handling it, or hiding their own post); and the words are
the same kind ones the member reads on the site, in their notifications.
"""

from django.tasks import task
from django.urls import reverse
from django.utils import dateformat, timezone

from accounts.email import sending as emails
from accounts.models import User
from forum.models import Notification
from moderation.models import MemberWarning

# What a moderation note is about; it decides the subject and the link.
REPORT = "report"
POST = "post"
ACCOUNT = "account"
MODMAIL = "modmail"
APPEAL = "appeal"
SUBJECTS = {
    REPORT: "Thank you for your report",
    POST: "About your post",
    ACCOUNT: "A pause on your posting",
    MODMAIL: "A reply from the moderators",
    APPEAL: "About your appeal",
}
# Where the email's link goes for a note that is not about a post.
LINKS = {MODMAIL: "moderation:modmail_list", APPEAL: "moderation:appeal_list"}


def email_on_commit(notifications, *, topic: str, moderator=None) -> None:
    """Queue an email for each moderation note once the transaction commits."""
    moderator_id = moderator.pk if moderator is not None else None
    for notification in notifications:
        if notification.pk and notification.recipient_id != moderator_id:
            emails.enqueue_on_commit(
                send_moderation_note,
                notification_id=notification.pk,
                topic=topic,
                moderator_id=moderator_id,
            )


def email_warning_on_commit(warning: MemberWarning) -> None:
    if warning.member_id != warning.moderator_id:
        emails.enqueue_on_commit(send_warning_email, warning_id=warning.pk)


def email_suspension_on_commit(member: User, *, moderator, reason: str) -> None:
    if moderator is None or member.pk != moderator.pk:
        emails.enqueue_on_commit(
            send_suspension_email, member_id=member.pk, reason=reason.strip()[:1000]
        )


@task
def send_moderation_note(*, notification_id: int, topic: str, moderator_id: int | None) -> bool:
    """Email the member the note the moderators left them (Notification.message), with a link
    to their post for a note about one, or to their notifications."""
    notification = (
        Notification.objects.select_related("recipient", "post__thread")
        .filter(pk=notification_id, kind=Notification.Kind.MODERATION)
        .first()
    )
    if notification is None or notification.recipient_id == moderator_id:
        return False
    member = notification.recipient
    if not emails.may_email(member, emails.MODERATION):
        return False
    post = notification.post if topic == POST else None
    subject = SUBJECTS.get(topic, SUBJECTS[POST])
    if post is not None:
        subject = f"About your post in “{post.thread.title}”"
        link = emails.absolute_url(post.get_absolute_url())
    else:
        link = emails.absolute_url(reverse(LINKS.get(topic, "forum:notification_list")))
    return emails.send_to_member(
        member=member,
        email_type=emails.MODERATION,
        template="moderation_note",
        idempotency_key=f"moderation-note:{notification_id}",
        subject=subject,
        context={"message": notification.message, "link": link, "topic": topic},
    )


@task
def send_warning_email(*, warning_id: int) -> bool:
    """Tell the member a moderator has warned them, in the moderator's words (unsigned), and
    where to read and acknowledge it."""
    warning = MemberWarning.objects.select_related("member").filter(pk=warning_id).first()
    if warning is None or warning.member_id == warning.moderator_id:
        return False
    if not emails.may_email(warning.member, emails.MODERATION):
        return False
    return emails.send_to_member(
        member=warning.member,
        email_type=emails.MODERATION,
        template="warning",
        idempotency_key=f"warning:{warning_id}",
        subject="A note from the moderators",
        context={
            "message": warning.message,
            "link": emails.absolute_url(reverse("moderation:warnings")),
        },
    )


@task
def send_suspension_email(*, member_id: int, reason: str = "") -> bool:
    """Tell a member their account is paused, until when, and why. A member suspended for
    good is not emailed (accounts.email.sending.may_email); the log-in page tells them."""
    member = User.objects.filter(pk=member_id).first()
    now = timezone.now()
    if member is None or not member.is_suspended(now):
        return False  # lifted before the email went
    if not emails.may_email(member, emails.MODERATION, now=now):
        return False
    return emails.send_to_member(
        member=member,
        email_type=emails.MODERATION,
        template="suspension",
        idempotency_key=f"suspension:{member_id}:{member.suspended_until.isoformat()}",
        subject="Your account is paused",
        context={
            # On the member's own clock, named, so "until 3 July 2026, 09:00" is theirs.
            "until": dateformat.format(
                timezone.localtime(member.suspended_until, member.zone), "j F Y, H:i"
            ),
            "time_zone": member.time_zone,
            "reason": reason,
            "guidelines_url": emails.absolute_url(reverse("forum:guidelines")),
        },
    )
