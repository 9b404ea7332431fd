"""The skeleton every moderator action shares (Zulip's zerver/actions/, one module per object).

    with moderator_action(
        moderator=moderator, action=Kind.HIDE_POST, target=post, reason=reason, now=now,
        allowed=permissions.can_hide_post(moderator, post), refusal="This post can't be hidden.",
    ) as act:
        forum_services.hide_post(post=post, reason=reason.strip(), now=act.now)
        act.notify(post.author, "A moderator hid your post" + because(reason), post=post)
        act.resolve(post_keys(post), "hid it")

In this order: the permission (ActionRefused, kindly worded, before anything is written);
then one transaction holding the change, the notifications to the member (on the site, and
by email after the commit), the resolution of the target's open reports (each reporter told
once), and, last, the audit row (ModerationAction) read from the target as it is after the
change. `act.update_member()` writes a member's fields and bumps their cached pages (an
UPDATE sends no post_save for the page cache to hear). An exception inside the block
rolls everything back and writes no audit row.
"""

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

import pagecache as page_cache
from accounts.models import User
from forum.models import Notification, Post, Thread
from moderation import emails, queues, selectors
from moderation.models import ModerationAction, Report, TargetKind

Kind = ModerationAction.Kind

SNAPSHOT_LENGTH = 300
GONE = "That post, thread or member no longer exists."


class ActionRefused(Exception):
    """The person may not do this now; `message` says why, kindly."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class AlreadyReported(ActionRefused):
    pass


@dataclass(frozen=True)
class Resolution:
    """Which reports an action settles, and what the reporters are told."""

    keys: tuple[str, ...]
    outcome: str
    status: str = Report.Status.RESOLVED


class Act:
    """One moderator action in progress (see the module's docstring)."""

    def __init__(self, *, moderator, action, target, reason: str, now: datetime):
        self.moderator, self.action, self.target = moderator, action, target
        self.reason, self.now = reason, now
        self.before = self.after = ""
        self._snapshot = None

    def notify(self, recipient, message: str, *, post: Post | None = None, topic=emails.POST):
        notify(
            recipient, message=message, now=self.now, post=post, moderator=self.moderator,
            topic=topic,
        )  # fmt: skip

    def resolve(self, keys, outcome: str, *, status=Report.Status.RESOLVED, queue=None) -> int:
        resolution = Resolution(keys=tuple(keys), outcome=outcome, status=status)
        return resolve(resolution, self.moderator, now=self.now, queue=queue)

    def update_member(self, member: User, **fields) -> None:
        User.objects.filter(pk=member.pk).update(**fields)
        for name, value in fields.items():
            setattr(member, name, value)
        page_cache.bump_member(member.pk)  # an UPDATE: no post_save for page_cache to hear

    def snapshot_target(self) -> None:
        """Read the target for the audit row now (before the block deletes it)."""
        self._snapshot = snapshot(self.target)

    def refused(self, message: str) -> "ActionRefused":
        """A refusal found inside the block (raise it: nothing is written)."""
        return ActionRefused(message)

    def nothing_changed(self) -> None:
        """The target already was as asked: no audit row."""
        self.action = None

    def write_audit(self) -> None:
        if self.action is not None:
            audit(
                moderator=self.moderator, action=self.action, target=self.target,
                reason=self.reason, before=self.before, after=self.after, now=self.now,
                snapshotted=self._snapshot,
            )  # fmt: skip


@contextmanager
def moderator_action(
    *, moderator, action, allowed: bool, refusal: str, target=None, reason: str = "", now=None
):
    if not allowed:
        raise ActionRefused(refusal)
    act = Act(
        moderator=moderator, action=action, target=target, reason=reason,
        now=now or timezone.now(),
    )  # fmt: skip
    with transaction.atomic():
        yield act
        act.write_audit()


# --- The parts, for the actions that are not a moderator's (reports, automatic hides) --------


def post_keys(post: Post) -> tuple[str, ...]:
    keys = [queues.target_key(TargetKind.POST, post.pk)]
    if post.is_first:
        keys.append(queues.target_key(TargetKind.THREAD, post.thread_id))
    return tuple(keys)


def thread_keys(thread: Thread) -> tuple[str, ...]:
    return (queues.target_key(TargetKind.THREAD, thread.pk),)


def snapshot(target) -> tuple[str, int, str, User | None]:
    """(target type, id, words, member concerned) for the audit row."""
    if isinstance(target, Post):
        author = target.author.public_name if target.author else "a former member"
        excerpt = " ".join(target.body.split())[:120]
        words = f"Post #{target.number or '–'} by {author} in “{target.thread.title}”: {excerpt}"
        return ModerationAction.TargetType.POST, target.pk, words, target.author
    if isinstance(target, Thread):
        author = target.author.public_name if target.author else "a former member"
        words = f"Thread “{target.title}” by {author}"
        return ModerationAction.TargetType.THREAD, target.pk, words, target.author
    if isinstance(target, User):
        words = f"{target.public_name} (@{target.username})"
        return ModerationAction.TargetType.MEMBER, target.pk, words, target
    return ModerationAction.TargetType.WATCHED_WORD, target.pk, f"“{target.phrase}”", None


def because(reason: str) -> str:
    """The end of a sentence to a member: ": <the moderator's reason>" or a full stop."""
    reason = reason.strip()
    return f": {reason}" if reason else "."


def audit(*, moderator, action, target, reason="", before="", after="", now, snapshotted=None):
    target_type, target_id, words, member = snapshotted or snapshot(target)
    return ModerationAction.objects.create(
        moderator=moderator,
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_text=words[:SNAPSHOT_LENGTH],
        member=member,
        reason=reason.strip(),
        before=before,
        after=after,
        created_at=now,
    )


def forget_open_count() -> None:
    # The moderators' menu count (selectors.open_queue_count): now, and after commit.
    selectors.forget_open_queue_count()
    transaction.on_commit(selectors.forget_open_queue_count)


def notify(
    recipient, *, message: str, now, post: Post | None = None, moderator=None, topic=emails.POST
) -> None:
    """A note to a member from the moderators, on the site and by email (moderation.emails,
    after the commit; never naming the moderator, never to the moderator about themselves)."""
    if recipient is None:
        return
    notification = Notification.objects.create(
        recipient=recipient,
        kind=Notification.Kind.MODERATION,
        post=post,
        thread=post.thread if post else None,
        message=message,
        created_at=now,
    )
    emails.email_on_commit([notification], topic=topic, moderator=moderator)


def resolve(resolution: Resolution, moderator, *, now, queue: str | None = None) -> int:
    """Close the open reports on these targets (only those of `queue`, if given) and tell
    each reporter (once per target)."""
    reports = Report.objects.open().filter(target_key__in=resolution.keys)
    if queue is not None:
        reports = reports.filter(queue=queue)
    reports = list(reports.select_related("post__thread", "thread"))
    if not reports:
        return 0
    forget_open_count()
    Report.objects.filter(pk__in=[r.pk for r in reports]).update(
        status=resolution.status,
        resolved_at=now,
        resolved_by=moderator,
        outcome=resolution.outcome[:200],
    )
    told = set()
    notifications = []
    for report in reports:
        if report.reporter_id is None or (report.reporter_id, report.target_key) in told:
            continue
        told.add((report.reporter_id, report.target_key))
        what = {"post": "a post", "thread": "a thread", "member": "a member"}[report.target_kind]
        notifications.append(
            Notification(
                recipient_id=report.reporter_id,
                kind=Notification.Kind.MODERATION,
                post=report.post,
                thread=report.thread or (report.post.thread if report.post else None),
                message=f"Thank you for reporting {what}. A moderator looked at it and "
                f"{resolution.outcome}.",
                created_at=now,
            )
        )
    created = Notification.objects.bulk_create(notifications)
    page_cache.bump_member(*(n.recipient_id for n in created))  # bulk_create: no post_save
    emails.email_on_commit(created, topic=emails.REPORT, moderator=moderator)
    return len(reports)


def target_of(kind: str, pk: int) -> tuple[Post | None, Thread | None, User | None]:
    """(post, thread, the member it is about) for a target, or ActionRefused if it is gone."""
    if kind == TargetKind.POST:
        post = Post.objects.select_related("thread__category", "author").filter(pk=pk).first()
        if post is None:
            raise ActionRefused(GONE)
        return post, post.thread, post.author
    if kind == TargetKind.THREAD:
        thread = Thread.objects.select_related("category", "author").filter(pk=pk).first()
        if thread is None:
            raise ActionRefused(GONE)
        return None, thread, thread.author
    member = User.objects.filter(pk=pk).first()
    if member is None:
        raise ActionRefused(GONE)
    return None, None, member
