"""Email about the forum: replies and mentions as they happen, and the daily digest.

forum.services creates the in-site notifications (a reply to your post, a reply in a thread
you follow, a mention) and hands their ids to email_on_commit(); the task below runs after
the commit, in the background (Django's tasks framework), and decides afresh for each one,
from the rows as they are by then:

* the recipient wants this kind of email now (accounts.email.sending.may_email: the switch for the
  kind, delivery "immediately", an active member, a verified address);
* they have not read it on the site already, it is not about their own post, and they have
  not blocked its author since (forum.Block) — an email never carries the words of someone
  the recipient blocked;
* the post is still there for them to read (not hidden, removed or held since);
* a content-warned post's words stay folded unless the reader chose to see that theme
  (forum.content_warnings); muted threads and hidden themes make no notification at all.

The daily digest (send_digests, run hourly by cron or the task) gathers the same
notifications, and milestones, for members who chose one email a day; see send_digest.

Two rules of care (docs/care.md):

* the words of a crisis-flagged post (forum.Post.crisis_flagged) never leave the site: an
  email or digest about one says only that there is a new post in the thread, with the link;
* quick replies make one email, not eleven: at most one email per thread per member per
  HOLDFAST_NOTIFY_COALESCE_MINUTES (ThreadEmailWindow). What the window held back goes out
  as one "new posts in …" email on the next run of send_waiting_thread_emails (care_tick)
  after the window, unless the member has read it on the site by then.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from accounts.email import sending as emails
from accounts.models import EmailDelivery, MilestoneAward, User
from forum import content_warnings, permissions
from forum.models import Block, Notification, Status, Thread, ThreadEmailWindow, ThreadMute

# Which member's switch governs each kind of notification.
EMAIL_TYPE = {
    Notification.Kind.REPLY: emails.REPLIES,
    Notification.Kind.REPLY_TO_POST: emails.REPLIES,
    Notification.Kind.MENTION: emails.MENTIONS,
}
SUBJECTS = {
    Notification.Kind.REPLY: "{actor} replied in “{title}”",
    Notification.Kind.REPLY_TO_POST: "{actor} replied to your post in “{title}”",
    Notification.Kind.MENTION: "{actor} mentioned you in “{title}”",
}
GENTLE_SUBJECT = "A new post in “{title}”"
EXCERPT_CHARS = 300
# The digest goes out on the first run after this hour on the member's own clock.
DIGEST_HOUR = 7
DIGEST_MAX_ITEMS = 20


def email_on_commit(notifications) -> None:
    """Queue the emails for freshly created reply and mention notifications, after the
    transaction that created them commits."""
    ids = [n.pk for n in notifications if n.pk and n.kind in EMAIL_TYPE]
    if ids:
        emails.enqueue_on_commit(send_notification_emails, notification_ids=ids)


def _deliverable(notifications) -> list[Notification]:
    """The notifications that may still be emailed about: unread, not the recipient's own
    post, the author not blocked by the recipient, the post still visible to them."""
    notifications = [
        n
        for n in notifications
        if n.read_at is None
        and n.post is not None
        and n.actor_id != n.recipient_id
        and n.post.status == Status.PUBLISHED
        and n.post.deleted_at is None
    ]
    # Blocks between these recipients and these authors, in one query (a superset of the
    # pairs; the test below is per pair).
    blocked = set(
        Block.objects.active()
        .filter(
            blocker_id__in={n.recipient_id for n in notifications},
            blocked_id__in={n.actor_id for n in notifications},
        )
        .values_list("blocker_id", "blocked_id")
    )
    # Threads muted since the notification was made (one query): the email waits no more.
    muted = set(
        ThreadMute.objects.filter(
            member_id__in={n.recipient_id for n in notifications},
            thread_id__in={n.post.thread_id for n in notifications},
        ).values_list("member_id", "thread_id")
    )
    return [
        n
        for n in notifications
        if (n.recipient_id, n.actor_id) not in blocked
        and (n.recipient_id, n.post.thread_id) not in muted
        and permissions.can_view_post(n.recipient, n.post)
    ]


def _item(notification) -> dict:
    """What an email says about one notification: who, where, a short excerpt, the link."""
    post = notification.post
    # An anonymous post's notifications have no actor (forum.services.notifications).
    actor = (
        notification.actor.public_name
        if notification.actor
        else post.anonymous_name or "A former member"
    )
    if post.crisis_flagged:
        # Someone may be in crisis: their words stay on the site, and so does their name.
        return {
            "kind": notification.kind,
            "gentle": True,
            "actor": "",
            "title": post.thread.title,
            "excerpt": "",
            "url": emails.absolute_url(post.get_absolute_url()),
            "subject": GENTLE_SUBJECT.format(title=post.thread.title),
        }
    # A content-warned post stays folded in the email too, unless the reader chose to see
    # its theme unfolded: the warning, never the words (forum.content_warnings).
    folded = (
        post.content_warning
        and content_warnings.treatment(
            post.content_warning, content_warnings.choices_for(notification.recipient)
        )
        != content_warnings.SHOW
    )
    return {
        "kind": notification.kind,
        "gentle": False,
        "actor": actor,
        "title": post.thread.title,
        "warning": content_warnings.label(post.content_warning, post.content_warning_note)
        if folded
        else "",
        "excerpt": "" if folded else Truncator(post.body_text).chars(EXCERPT_CHARS),
        "url": emails.absolute_url(post.get_absolute_url()),
        "subject": SUBJECTS[notification.kind].format(actor=actor, title=post.thread.title),
    }


def _with_rows(queryset):
    return queryset.select_related("recipient", "actor", "post__thread__category")


@task
def send_notification_emails(*, notification_ids: list[int]) -> int:
    """Email each recipient about their reply or mention notification, if they still want it
    (see the module's rules). Returns how many emails went out."""
    now = timezone.now()
    notifications = _with_rows(
        Notification.objects.filter(pk__in=notification_ids, kind__in=list(EMAIL_TYPE))
    )
    sent = 0
    for notification in _deliverable(list(notifications)):
        email_type = EMAIL_TYPE[notification.kind]
        if not emails.may_email(notification.recipient, email_type, now=now):
            continue
        if not _claim_window(notification, now=now):
            continue  # emailed about this thread a moment ago: the next run gathers it
        item = _item(notification)
        sent += emails.send_to_member(
            member=notification.recipient,
            email_type=email_type,
            template="reply" if email_type == emails.REPLIES else "mention",
            subject=item["subject"],
            context={"item": item},
            idempotency_key=f"notification:{notification.pk}",
        )
    return sent


# --- One email per thread per window (coalescing) -------------------------------------------


def _window() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.HOLDFAST_NOTIFY_COALESCE_MINUTES)


def _claim_window(notification: Notification, *, now) -> bool:
    """Whether an email about this notification's thread may go to its recipient now,
    claiming the window if so (one conditional UPDATE, or an INSERT the first time: two
    tasks at once claim it once). When it may not, the window remembers that something is
    waiting."""
    windows = ThreadEmailWindow.objects.filter(
        member_id=notification.recipient_id, thread_id=notification.post.thread_id
    )
    if windows.filter(last_sent_at__lte=now - _window()).update(
        last_sent_at=now, last_notification_id=notification.pk, waiting_since=None
    ):
        return True
    try:
        with transaction.atomic():
            ThreadEmailWindow.objects.create(
                member_id=notification.recipient_id,
                thread_id=notification.post.thread_id,
                last_sent_at=now,
                last_notification_id=notification.pk,
            )
        return True
    except IntegrityError:
        windows.filter(waiting_since__isnull=True).update(waiting_since=now)
        return False


def send_waiting_thread_emails(*, now=None) -> int:
    """Send what the windows held back: for each member and thread whose window has passed
    with notifications waiting, one email listing the posts they have not read yet (none if
    they read them on the site meanwhile). Idempotent: each window is claimed before its
    email goes. Returns how many emails went out. Queries: one for the windows, then a few
    per window with something waiting (its notifications, blocks, the claim, the address)."""
    now = now or timezone.now()
    sent = 0
    due = ThreadEmailWindow.objects.filter(
        waiting_since__isnull=False, last_sent_at__lte=now - _window()
    ).select_related("member", "thread")
    for window in list(due):
        member = window.member
        kinds = [k for k, t in EMAIL_TYPE.items() if emails.may_email(member, t, now=now)]
        waiting = _deliverable(
            _with_rows(
                Notification.objects.filter(
                    recipient=member,
                    thread=window.thread,
                    kind__in=kinds,
                    pk__gt=window.last_notification_id,
                ).order_by("pk")
            )
        )
        newest = max((n.pk for n in waiting), default=window.last_notification_id)
        claimed = ThreadEmailWindow.objects.filter(
            pk=window.pk, waiting_since__isnull=False, last_sent_at=window.last_sent_at
        ).update(last_sent_at=now, last_notification_id=newest, waiting_since=None)
        if not claimed:
            continue  # another run took it
        if waiting:
            sent += _send_thread_update(member, window.thread, [_item(n) for n in waiting])
    return sent


def _send_thread_update(member: User, thread: Thread, items: list[dict]) -> bool:
    email_type = EMAIL_TYPE[items[0]["kind"]]
    return emails.send_to_member(
        member=member,
        email_type=email_type,
        template="thread_update",
        subject=f"New posts in “{thread.title}”",
        context={
            "title": thread.title,
            "items": items[:DIGEST_MAX_ITEMS],
            "url": items[0]["url"],
        },
    )


# --- The daily digest -----------------------------------------------------------------------


def send_digest(*, member: User, now=None) -> bool:
    """Send `member` their daily digest, if they chose one and it is due: at most one a day
    on the member's own calendar, not before DIGEST_HOUR on their clock, and only when there
    is something new — replies and mentions they have not read (and did not block), and
    milestones, since the last digest. Idempotent: the day is claimed with one conditional
    UPDATE before sending, so two runs (even at once) send one digest. Returns whether sent."""
    now = now or timezone.now()
    local = now.astimezone(member.zone)
    if local.hour < DIGEST_HOUR or member.digest_sent_on == local.date():
        return False
    kinds = [k for k, t in EMAIL_TYPE.items() if emails.may_email(member, t, digest=True, now=now)]
    want_milestones = emails.may_email(member, emails.MILESTONES, digest=True, now=now)
    if not kinds and not want_milestones:
        return False
    since = member.digest_covered_until or now - datetime.timedelta(days=1)
    items = [
        _item(n)
        for n in _deliverable(
            _with_rows(
                Notification.objects.filter(
                    recipient=member, kind__in=kinds, created_at__gt=since, created_at__lte=now
                ).order_by("created_at")
            )
        )
    ]
    milestone = (
        MilestoneAward.objects.filter(member=member, awarded_at__gt=since, awarded_at__lte=now)
        .order_by("-days")
        .values_list("days", flat=True)
        .first()
        if want_milestones
        else None
    )
    if not items and milestone is None:
        return False  # nothing new: try again next run, still at most once today
    if emails.verified_address(member) is None:
        return False
    claimed = (
        User.objects.filter(pk=member.pk)
        .exclude(digest_sent_on=local.date())
        .update(digest_sent_on=local.date(), digest_covered_until=now)
    )
    if not claimed:
        return False  # another run sent today's digest a moment ago
    sent = emails.send_to_member(
        member=member,
        email_type=emails.DIGEST,
        template="digest",
        idempotency_key=f"digest:{member.pk}:{local.date().isoformat()}",
        subject=f"Your day on Holdfast: {_summary(len(items), milestone)}",
        context={
            "items": items[:DIGEST_MAX_ITEMS],
            "more": max(len(items) - DIGEST_MAX_ITEMS, 0),
            "milestone": milestone,
            "notifications_url": emails.absolute_url(reverse("forum:notification_list")),
        },
    )
    if not sent:  # no address to queue it for after all: give the day back
        User.objects.filter(pk=member.pk, digest_sent_on=local.date()).update(
            digest_sent_on=member.digest_sent_on, digest_covered_until=member.digest_covered_until
        )
    return sent


def _summary(count: int, milestone: int | None) -> str:
    parts = []
    if count:
        parts.append(f"{count} new notification{'s' if count != 1 else ''}")
    if milestone:
        parts.append(f"a {milestone}-day milestone")
    return " and ".join(parts)


def send_digests(*, now=None) -> int:
    """Send every due digest (send_digest for each member who chose one). Safe to run as
    often as you like: hourly lets each member's digest arrive in their morning."""
    now = now or timezone.now()
    members = User.objects.filter(
        email_delivery=EmailDelivery.DIGEST, is_active=True, suspended_forever=False
    ).order_by("pk")
    # A list, not .iterator(): each digest writes to the table being read.
    return sum(send_digest(member=member, now=now) for member in list(members))


@task
def send_digests_task() -> int:
    """send_digests() from the task queue (for a scheduler that enqueues tasks)."""
    return send_digests()
