"""Every change of state in moderation, as named functions.

Each moderator action checks moderation.permissions, writes inside one transaction the
change itself, its audit row (ModerationAction) and the resolution of the target's open
reports (with a notification to each reporter), and sends email (moderation/emails.py) through
transaction.on_commit. Changes to forum objects go through forum.services where the forum
offers one (hiding, publishing, editing, pinning, locking) and through the forum's models
otherwise (moving a thread); moderation sits above the forum, so these imports run downward.

All take keyword arguments only and `now=None`, so tests can fix the time.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.db.models.functions import Greatest
from django.utils import timezone

import pagecache as page_cache
from accounts.confusables import fold_for_matching
from accounts.models import User
from accounts.services import profile_scope
from forum import services as forum_services
from forum.models import Category, Notification, Post, Status, Thread
from moderation import emails, permissions, screening, selectors
from moderation.care import messages as care_messages
from moderation.care import rounds as care_rounds
from moderation.models import (
    PRIORITY,
    CareMessage,
    ExName,
    HeldPost,
    MemberWarning,
    ModerationAction,
    Queue,
    Reason,
    Report,
    TargetKind,
    WatchedWord,
    queue_for,
)

Kind = ModerationAction.Kind

AUTO_HIDDEN = "Hidden automatically after several members reported it, until a moderator looks."
EX_NAMES_MAX = 30
SNAPSHOT_LENGTH = 300


class ActionRefused(Exception):
    """The person may not do this now; `message` says why, kindly."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class AlreadyReported(ActionRefused):
    pass


# --- Reports ---------------------------------------------------------------------------


def report_post(*, reporter: User, post: Post, reason: str, note: str = "", now=None) -> Report:
    """A member reports a post. One open report per member per post (AlreadyReported
    otherwise). Reports by established members count towards hiding the post
    automatically (HOLDFAST_AUTO_HIDE_REPORTS). Atomic."""
    if not permissions.can_report_post(reporter, post):
        raise ActionRefused("You can't report this post.")
    now = now or timezone.now()
    with transaction.atomic():
        report = _file(
            reporter=reporter,
            reason=reason,
            note=note,
            kind=TargetKind.POST,
            target={"post": post},
            subject=post.author,
            now=now,
        )
        _hide_if_reported_enough(post, now=now)
    return report


def report_thread(
    *, reporter: User, thread: Thread, reason: str, note: str = "", now=None
) -> Report:
    """A member reports a thread (its title, or the thread as a whole). Atomic."""
    if not permissions.can_report_thread(reporter, thread):
        raise ActionRefused("You can't report this thread.")
    with transaction.atomic():
        return _file(
            reporter=reporter,
            reason=reason,
            note=note,
            kind=TargetKind.THREAD,
            target={"thread": thread},
            subject=thread.author,
            now=now or timezone.now(),
        )


def report_member(*, reporter: User, member: User, reason: str, note: str = "", now=None) -> Report:
    """A member reports another member (their conduct, their profile). Atomic."""
    if not permissions.can_report_member(reporter, member):
        raise ActionRefused("You can't report this member.")
    with transaction.atomic():
        return _file(
            reporter=reporter,
            reason=reason,
            note=note,
            kind=TargetKind.MEMBER,
            target={"member": member},
            subject=member,
            now=now or timezone.now(),
        )


def _file(*, reporter, reason, note, kind, target, subject, now, source=Report.Source.MEMBER):
    if reason not in Reason.values:
        raise ActionRefused("Please choose one of the reasons in the list.")
    obj = next(iter(target.values()))
    report = Report(
        reporter=reporter,
        source=source,
        reason=reason,
        note=note.strip()[:1000],
        queue=queue_for(reason),
        priority=PRIORITY[reason],
        target_kind=kind,
        target_key=selectors.target_key(kind, obj.pk),
        subject=subject,
        counts_towards_hiding=reporter is not None and not screening.is_new_member(reporter),
        created_at=now,
        **target,
    )
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:  # the constraint: one open report per member per target
        raise AlreadyReported(
            "You've already reported this, and a moderator will look at it soon. "
            "We'll let you know when they have."
        ) from None
    _forget_open_count()
    if report.queue == Queue.CARE:
        _start_care(report, now=now)
    return report


def _start_care(report: Report, *, now) -> None:
    """A new care item: its post is answered gently from now on, the moderators on call are
    called once the report is saved (the crisis clock starts), and for "I'm worried about
    them" the member gets a private check-in (at most one a day, never naming who asked)."""
    if report.post is not None:
        forum_services.flag_post_for_care(post=report.post)
    care_rounds.call_on_call_on_commit(report)
    if report.reason == Reason.WORRIED:
        care_messages.send_check_in(member=report.subject, now=now)


def _hide_if_reported_enough(post: Post, *, now) -> None:
    """Hide a published post once HOLDFAST_AUTO_HIDE_REPORTS distinct established members
    have open reports on it. Reports by new accounts do not count, so a crowd of fresh
    accounts cannot silence anyone. The hide is audited (no moderator) and the author told.
    One query for the count."""
    if post.status != Status.PUBLISHED or post.deleted_at is not None:
        return
    counted = (
        Report.objects.open()
        .filter(target_key=selectors.target_key(TargetKind.POST, post.pk))
        .filter(counts_towards_hiding=True)
        .aggregate(
            # COUNT(DISTINCT reporter_id) leaves out the reports whose reporter has since
            # deleted their account (reporter NULL, still a member's report: Report.source)...
            members=Count("reporter", distinct=True),
            # ...which count one each: each was a different member's, as one member has at
            # most one open report per target (moderation_report_one_open_per_member).
            departed=Count("pk", filter=Q(reporter__isnull=True, source=Report.Source.MEMBER)),
        )
    )
    reporters = counted["members"] + counted["departed"]
    if reporters < settings.HOLDFAST_AUTO_HIDE_REPORTS:
        return
    forum_services.hide_post(post=post, reason=AUTO_HIDDEN, now=now)
    _audit(
        moderator=None,
        action=Kind.AUTO_HIDE_POST,
        target=post,
        reason=f"Reported by {reporters} established members.",
        now=now,
    )
    _notify(
        post.author,
        post=post,
        message="Your post is hidden while a moderator reviews reports about it. "
        "You'll hear from us when they have.",
        now=now,
    )


def file_automatic_report(
    *, post: Post, reason: str, source: str, note: str, now=None
) -> Report | None:
    """A report made by the site itself (crisis detection, a flagged watched word). At most
    one open automatic report per source per post: returns None when there is one already."""
    now = now or timezone.now()
    key = selectors.target_key(TargetKind.POST, post.pk)
    with transaction.atomic():
        if Report.objects.open().filter(target_key=key, reporter=None, source=source).exists():
            return None
        return _file(
            reporter=None,
            reason=reason,
            note=note,
            kind=TargetKind.POST,
            target={"post": post},
            subject=post.author,
            now=now,
            source=source,
        )


def open_crisis_report(*, post: Post, phrases: list[str], now=None) -> Report | None:
    """A post mentions self-harm or suicide: a priority report at the top of the care queue,
    and the crisis clock starts: the moderators on call are called once the report is saved
    (moderation.care.rounds; the alert names the thread, the words stay on the site).
    Idempotent per post."""
    note = "Crisis language detected: " + ", ".join(f"“{phrase}”" for phrase in phrases)
    with transaction.atomic():
        return file_automatic_report(
            post=post, reason=Reason.CRISIS, source=Report.Source.CRISIS, note=note, now=now
        )


def record_hold(*, post: Post, reasons: list[str], now=None) -> HeldPost:
    """Remember why screening held a post, for the approval queue."""
    now = now or timezone.now()
    hold, _ = HeldPost.objects.update_or_create(
        post=post, defaults={"reasons": list(reasons), "held_at": now}
    )
    _forget_open_count()
    return hold


def respond_to_screening(*, post: Post, verdict, now=None) -> None:
    """What moderation does after the forum saved a screened post (forum.signals): a crisis
    report for crisis language, an automatic report for each flagged watched word."""
    if verdict is None:
        return
    if verdict.crisis_phrases:
        open_crisis_report(post=post, phrases=verdict.crisis_phrases, now=now)
    if getattr(verdict, "harassment_phrases", None):
        file_automatic_report(
            post=post,
            reason=Reason.HARASSMENT,
            source=Report.Source.HARASSMENT,
            note=" ".join(
                screening.FLAG_HARASSMENT.format(phrase=phrase)
                for phrase in verdict.harassment_phrases
            ),
            now=now,
        )
    if verdict.flag_reasons:
        file_automatic_report(
            post=post,
            reason=Reason.OTHER,
            source=Report.Source.WATCHED_WORD,
            note=" ".join(verdict.flag_reasons),
            now=now,
        )


# --- Moderators' actions ---------------------------------------------------------------


@dataclass(frozen=True)
class Resolution:
    """Which reports an action settles, and what the reporters are told."""

    keys: tuple[str, ...]
    outcome: str
    status: str = Report.Status.RESOLVED


def dismiss_reports(*, moderator: User, key: str, reason: str = "", now=None) -> int:
    """Close a target's open reports without acting on it. A post hidden automatically by
    those reports is shown again. Returns how many reports were dismissed. Atomic."""
    if not permissions.can_dismiss_reports(moderator):
        raise ActionRefused("Only moderators can dismiss reports.")
    parsed = selectors.parse_target_key(key)
    if parsed is None:
        raise ActionRefused("That report no longer exists.")
    now = now or timezone.now()
    group = selectors.target_group(*parsed)
    target = group.post or group.thread or group.member
    if target is None:
        raise ActionRefused("That report no longer exists.")
    with transaction.atomic():
        if (
            group.post is not None
            and group.post.is_hidden
            and group.post.hidden_reason == (AUTO_HIDDEN)
        ):
            forum_services.unhide_post(post=group.post, now=now)
        _audit(moderator=moderator, action=Kind.DISMISS, target=target, reason=reason, now=now)
        return _resolve(
            Resolution(
                keys=(key,),
                outcome="decided it can stay. If something still worries you, you can "
                "report it again and say more",
                status=Report.Status.DISMISSED,
            ),
            moderator=moderator,
            now=now,
        )


def hide_post(*, moderator: User, post: Post, reason: str = "", now=None) -> Post:
    """Hide a post: it keeps its place as "hidden by a moderator"; its author sees why, on
    the post and in a notification. Resolves the post's reports (and its thread's, for an
    opening post). Atomic."""
    if not permissions.can_hide_post(moderator, post):
        raise ActionRefused("This post can't be hidden.")
    now = now or timezone.now()
    with transaction.atomic():
        forum_services.hide_post(post=post, reason=reason.strip(), now=now)
        _audit(moderator=moderator, action=Kind.HIDE_POST, target=post, reason=reason, now=now)
        _notify(
            post.author,
            post=post,
            message="A moderator hid your post"
            + _because(reason)
            + " Please read the community guidelines before posting again.",
            now=now,
            moderator=moderator,
        )
        _resolve(Resolution(keys=_post_keys(post), outcome="hid it"), moderator, now=now)
    return post


def unhide_post(*, moderator: User, post: Post, reason: str = "", now=None) -> Post:
    """Show a hidden post again. Atomic."""
    if not permissions.can_unhide_post(moderator, post):
        raise ActionRefused("This post isn't hidden.")
    now = now or timezone.now()
    with transaction.atomic():
        forum_services.unhide_post(post=post, now=now)
        _audit(moderator=moderator, action=Kind.UNHIDE_POST, target=post, reason=reason, now=now)
    return post


def redact_post(*, moderator: User, post: Post, body: str, reason: str = "", now=None) -> Post:
    """Edit a member's post as a moderator (remove a name, a number). The original stays in
    the post's edit history (forum.PostRevision), which only its author and moderators may
    read, and in the audit row's `before`. Resolves the post's reports. Atomic."""
    if not permissions.can_redact_post(moderator, post):
        raise ActionRefused("This post can't be edited.")
    if body == post.body:
        raise ActionRefused("The text is unchanged — edit it, or hide the post instead.")
    now = now or timezone.now()
    before = post.body
    with transaction.atomic():
        forum_services.edit_post(editor=moderator, post=post, body=body, now=now)
        _audit(
            moderator=moderator,
            action=Kind.EDIT_POST,
            target=post,
            reason=reason,
            before=before,
            after=body,
            now=now,
        )
        _notify(
            post.author,
            post=post,
            message="A moderator edited your post" + _because(reason),
            now=now,
            moderator=moderator,
        )
        _resolve(Resolution(keys=_post_keys(post), outcome="edited it"), moderator, now=now)
    return post


def approve_post(*, moderator: User, post: Post, reason: str = "", now=None) -> Post:
    """Publish a post that screening held (a held opening post publishes its thread)."""
    if not permissions.can_approve_post(moderator, post):
        raise ActionRefused("This post isn't waiting for approval.")
    now = now or timezone.now()
    with transaction.atomic():
        forum_services.publish_held_post(post=post, now=now)
        HeldPost.objects.filter(post=post).delete()
        _forget_open_count()
        _audit(moderator=moderator, action=Kind.APPROVE_POST, target=post, reason=reason, now=now)
    return post


def reject_post(*, moderator: User, post: Post, reason: str = "", now=None) -> Post:
    """Refuse a held post: it stays out of view, and its author is told why."""
    if not permissions.can_approve_post(moderator, post):
        raise ActionRefused("This post isn't waiting for approval.")
    now = now or timezone.now()
    with transaction.atomic():
        forum_services.hide_post(post=post, reason=reason.strip(), now=now)
        HeldPost.objects.filter(post=post).delete()
        _forget_open_count()
        _audit(moderator=moderator, action=Kind.REJECT_POST, target=post, reason=reason, now=now)
        _notify(
            post.author,
            post=post,
            message="A moderator didn't approve your post"
            + _because(reason)
            + " Your words are still yours — you're welcome to write it again within the "
            "community guidelines.",
            now=now,
            moderator=moderator,
        )
    return post


_THREAD_FLAGS = {
    Kind.LOCK_THREAD: ({"locked": True}, "locked it"),
    Kind.UNLOCK_THREAD: ({"locked": False}, None),
    Kind.PIN_THREAD: ({"pinned": True}, None),
    Kind.UNPIN_THREAD: ({"pinned": False}, None),
}


def lock_thread(*, moderator: User, thread: Thread, reason: str = "", now=None) -> Thread:
    """Lock a thread: it takes no new replies. Resolves the thread's reports."""
    return _flag_thread(
        Kind.LOCK_THREAD, moderator=moderator, thread=thread, reason=reason, now=now
    )


def unlock_thread(*, moderator: User, thread: Thread, reason: str = "", now=None) -> Thread:
    return _flag_thread(
        Kind.UNLOCK_THREAD, moderator=moderator, thread=thread, reason=reason, now=now
    )


def pin_thread(*, moderator: User, thread: Thread, reason: str = "", now=None) -> Thread:
    return _flag_thread(Kind.PIN_THREAD, moderator=moderator, thread=thread, reason=reason, now=now)


def unpin_thread(*, moderator: User, thread: Thread, reason: str = "", now=None) -> Thread:
    return _flag_thread(
        Kind.UNPIN_THREAD, moderator=moderator, thread=thread, reason=reason, now=now
    )


def _flag_thread(action, *, moderator, thread, reason, now) -> Thread:
    check = permissions.can_pin_thread if "pin" in action else permissions.can_lock_thread
    if not check(moderator, thread):
        raise ActionRefused("Only moderators can do that.")
    now = now or timezone.now()
    flags, outcome = _THREAD_FLAGS[action]
    with transaction.atomic():
        forum_services.set_thread_flags(thread=thread, **flags)
        _audit(moderator=moderator, action=action, target=thread, reason=reason, now=now)
        if outcome:
            _resolve(Resolution(keys=_thread_keys(thread), outcome=outcome), moderator, now=now)
    return thread


def move_thread(
    *, moderator: User, thread: Thread, category: Category, reason: str = "", now=None
) -> Thread:
    """Move a thread to another category, carrying its counts with it. Resolves the thread's
    reports. Atomic."""
    if not permissions.can_move_thread(moderator, thread):
        raise ActionRefused("Only moderators can move threads.")
    if category.pk == thread.category_id:
        raise ActionRefused("The thread is already in that category.")
    now = now or timezone.now()
    with transaction.atomic():
        thread = Thread.objects.select_for_update().select_related("category").get(pk=thread.pk)
        old = thread.category
        if thread.status == Status.PUBLISHED:
            # Category counters count visible posts (forum.services); the thread takes its
            # visible posts with it.
            posts = Post.objects.filter(
                thread=thread, status=Status.PUBLISHED, deleted_at__isnull=True
            ).exclude(number=None)
            visible = posts.count()
            Category.objects.filter(pk=old.pk).update(
                thread_count=Greatest(F("thread_count") - 1, 0),
                post_count=Greatest(F("post_count") - visible, 0),
            )
            Category.objects.filter(pk=category.pk).update(
                thread_count=F("thread_count") + 1,
                post_count=F("post_count") + visible,
                last_activity_at=Greatest(F("last_activity_at"), thread.last_activity_at),
            )
        thread.category = category
        thread.save(update_fields=["category"])
        # Visitors' cached pages: both categories' lists (the "lists" scope holds every
        # thread list and search) and the thread's own pages (its breadcrumb).
        page_cache.bump_on_commit("lists", f"thread:{thread.pk}")
        _audit(
            moderator=moderator,
            action=Kind.MOVE_THREAD,
            target=thread,
            reason=reason,
            before=old.name,
            after=category.name,
            now=now,
        )
        _resolve(Resolution(keys=_thread_keys(thread), outcome="moved it"), moderator, now=now)
    return thread


def warn_member(
    *, moderator: User, member: User, message: str, also_resolve: str = "", now=None
) -> MemberWarning:
    """Give a member a warning they must acknowledge: it shows on every page until they do.
    Resolves reports on the member (and on `also_resolve`, a target key of theirs from the
    queue). Atomic."""
    if not permissions.can_warn_member(moderator, member):
        raise ActionRefused("You can't warn this member.")
    message = message.strip()
    if not message:
        raise ActionRefused("Please write the warning the member will read.")
    now = now or timezone.now()
    with transaction.atomic():
        warning = MemberWarning.objects.create(
            member=member, moderator=moderator, message=message, created_at=now
        )
        _audit(moderator=moderator, action=Kind.WARN_MEMBER, target=member, reason=message, now=now)
        _resolve_member(member, also_resolve, moderator=moderator, now=now)
        transaction.on_commit(lambda: selectors.forget_member_notices(member.pk))
        emails.email_warning_on_commit(warning)
    selectors.forget_member_notices(member.pk)
    return warning


def acknowledge_warning(*, member: User, warning: MemberWarning, now=None) -> MemberWarning:
    """The member has read the warning; it stops showing. Idempotent."""
    if warning.member_id != member.pk:
        raise ActionRefused("This warning isn't yours.")
    if warning.acknowledged_at is None:
        warning.acknowledged_at = now or timezone.now()
        warning.save(update_fields=["acknowledged_at"])
    selectors.forget_member_notices(member.pk)
    return warning


def silence_member(
    *,
    moderator: User,
    member: User,
    until: datetime,
    reason: str = "",
    also_resolve: str = "",
    now=None,
) -> User:
    """Silence a member until a time: they can read, but not post, reply or react
    (moderation.permissions.why_cannot_write). They are told why and until when. Atomic."""
    if not permissions.can_silence_member(moderator, member):
        raise ActionRefused("You can't silence this member.")
    now = now or timezone.now()
    if until <= now:
        raise ActionRefused("Choose a time in the future.")
    with transaction.atomic():
        User.objects.filter(pk=member.pk).update(silenced_until=until)
        member.silenced_until = until
        page_cache.bump_member(member.pk)  # an UPDATE: no post_save for page_cache to hear
        _audit(
            moderator=moderator,
            action=Kind.SILENCE_MEMBER,
            target=member,
            reason=reason,
            after=f"until {until:%Y-%m-%d %H:%M} UTC",
            now=now,
        )
        _notify(
            member,
            message=f"A moderator has paused your posting until {until:%d %B %Y, %H:%M} UTC"
            + _because(reason)
            + " You can still read everything.",
            now=now,
            moderator=moderator,
            topic=emails.ACCOUNT,
        )
        _resolve_member(member, also_resolve, moderator=moderator, now=now)
    return member


def suspend_member(
    *,
    moderator: User,
    member: User,
    until: datetime | None = None,
    forever: bool = False,
    reason: str = "",
    also_resolve: str = "",
    now=None,
) -> User:
    """Suspend a member until a time, or for good: they cannot log in (accounts' adapter)
    and their open sessions end on their next request (moderation.middleware). Atomic."""
    if not permissions.can_suspend_member(moderator, member):
        raise ActionRefused("You can't suspend this member.")
    now = now or timezone.now()
    if not forever and (until is None or until <= now):
        raise ActionRefused("Choose a date in the future, or suspend for good.")
    with transaction.atomic():
        User.objects.filter(pk=member.pk).update(
            suspended_until=None if forever else until, suspended_forever=forever
        )
        member.suspended_until, member.suspended_forever = (None if forever else until), forever
        page_cache.bump_member(member.pk)  # an UPDATE: no post_save for page_cache to hear
        # Their profile answers 404 from now on: forget the copy cached for visitors.
        page_cache.bump_on_commit(profile_scope(member.username))
        _audit(
            moderator=moderator,
            action=Kind.SUSPEND_MEMBER,
            target=member,
            reason=reason,
            after="for good" if forever else f"until {until:%Y-%m-%d %H:%M} UTC",
            now=now,
        )
        _resolve_member(member, also_resolve, moderator=moderator, now=now)
        emails.email_suspension_on_commit(member, moderator=moderator, reason=reason)
    return member


def _resolve_member(member: User, also_resolve: str, *, moderator, now) -> None:
    keys = [selectors.target_key(TargetKind.MEMBER, member.pk)]
    # Only a target of this member's: the queue offers member actions on their posts.
    if (
        also_resolve
        and selectors.parse_target_key(also_resolve)
        and Report.objects.open().filter(target_key=also_resolve, subject=member).exists()
    ):
        keys.append(also_resolve)
    _resolve(Resolution(keys=tuple(keys), outcome="took action"), moderator, now=now)


def lift_silence(*, moderator: User, member: User, reason: str = "", now=None) -> User:
    """End a silence early: the member may post again at once, and is told so. Audited.
    Atomic."""
    if not permissions.can_lift_silence(moderator, member):
        raise ActionRefused("This member isn't silenced.")
    now = now or timezone.now()
    with transaction.atomic():
        before = member.silenced_until
        User.objects.filter(pk=member.pk).update(silenced_until=None)
        member.silenced_until = None
        page_cache.bump_member(member.pk)  # an UPDATE: no post_save for page_cache to hear
        _audit(
            moderator=moderator,
            action=Kind.LIFT_SILENCE,
            target=member,
            reason=reason,
            before=f"until {before:%Y-%m-%d %H:%M} UTC",
            now=now,
        )
        _notify(
            member,
            message="A moderator has lifted the pause on your posting. You can post, reply "
            "and react again — welcome back.",
            now=now,
            moderator=moderator,
            topic=emails.ACCOUNT,
        )
    return member


def lift_suspension(*, moderator: User, member: User, reason: str = "", now=None) -> User:
    """End a suspension early (one for good included): the member may log in and post
    again at once, and is told so. Audited. Atomic."""
    if not permissions.can_lift_suspension(moderator, member):
        raise ActionRefused("This member isn't suspended.")
    now = now or timezone.now()
    with transaction.atomic():
        before = (
            "for good"
            if member.suspended_forever
            else f"until {member.suspended_until:%Y-%m-%d %H:%M} UTC"
        )
        User.objects.filter(pk=member.pk).update(suspended_until=None, suspended_forever=False)
        member.suspended_until, member.suspended_forever = None, False
        page_cache.bump_member(member.pk)
        # Their profile answers again: forget the 404 cached for visitors.
        page_cache.bump_on_commit(profile_scope(member.username))
        _audit(
            moderator=moderator,
            action=Kind.LIFT_SUSPENSION,
            target=member,
            reason=reason,
            before=before,
            now=now,
        )
        _notify(
            member,
            message="A moderator has lifted your suspension. You can log in and post again "
            "— welcome back.",
            now=now,
            moderator=moderator,
            topic=emails.ACCOUNT,
        )
    return member


# --- Care: the crisis clock, caring messages, guides --------------------------------------------


def acknowledge_care(*, moderator: User, key: str, now=None) -> int:
    """ "I'm on it": the moderator takes on a care item. Every open care report on the target
    not yet taken on records who and when (shown to the other moderators, and measured on the
    dashboard); the crisis clock stops for them. Audited. Returns how many reports it took
    on; refuses when another moderator already has, saying who."""
    if not permissions.can_acknowledge_care(moderator):
        raise ActionRefused("Only moderators can take on care items.")
    now = now or timezone.now()
    parsed = selectors.parse_target_key(key)
    if parsed is None:
        raise ActionRefused(GONE)
    care = Report.objects.open().filter(target_key=key, queue=Queue.CARE)
    with transaction.atomic():
        taken = care.filter(acknowledged_at__isnull=True).update(
            acknowledged_at=now, acknowledged_by=moderator
        )
        if not taken:
            first = care.select_related("acknowledged_by").order_by("acknowledged_at").first()
            if first is None:
                raise ActionRefused("There is no open care item here to take on.")
            who = first.acknowledged_by.public_name if first.acknowledged_by else "A moderator"
            raise ActionRefused(f"{who} is already on it.")
        post, thread, subject = _target_of(*parsed)
        _audit(
            moderator=moderator,
            action=Kind.ACKNOWLEDGE_CARE,
            target=post or thread or subject,
            now=now,
        )
        _forget_open_count()
    return taken


def send_caring_message(
    *, moderator: User, member: User, message: str = "", also_resolve: str = "", now=None
) -> CareMessage:
    """A private note with resources to a member who may be struggling: on the site and by
    email, kept in their care history — not a warning (nothing to acknowledge, nothing
    counted against them). It takes the care item on if nobody had, and resolves the care
    reports on the member (and on `also_resolve`, a target of theirs) — not rules reports.
    Audited. Atomic."""
    if not permissions.can_send_caring_message(moderator, member):
        raise ActionRefused("You can't send this member a caring message.")
    now = now or timezone.now()
    with transaction.atomic():
        sent = care_messages.deliver_caring_message(
            member=member, sender=moderator, text=message, now=now
        )
        keys = [selectors.target_key(TargetKind.MEMBER, member.pk)]
        if also_resolve and selectors.parse_target_key(also_resolve):
            keys.append(also_resolve)
        Report.objects.open().filter(
            target_key__in=keys, queue=Queue.CARE, acknowledged_at__isnull=True
        ).update(acknowledged_at=now, acknowledged_by=moderator)
        _audit(
            moderator=moderator,
            action=Kind.CARING_MESSAGE,
            target=member,
            reason=sent.message,
            now=now,
        )
        _resolve(
            Resolution(keys=tuple(keys), outcome="reached out to them privately"),
            moderator,
            now=now,
            queue=Queue.CARE,
        )
    return sent


def grant_guide_role(*, moderator: User, member: User, reason: str = "", now=None) -> User:
    """Make a member a guide (accounts.roles): a badge beside their posts and the "Waiting
    for a first reply" queue; no sanctions. Audited. Idempotent."""
    return _set_guide(moderator=moderator, member=member, guide=True, reason=reason, now=now)


def revoke_guide_role(*, moderator: User, member: User, reason: str = "", now=None) -> User:
    """End a member's guide role. Audited. Idempotent."""
    return _set_guide(moderator=moderator, member=member, guide=False, reason=reason, now=now)


def _set_guide(*, moderator, member, guide: bool, reason: str, now) -> User:
    if not permissions.can_grant_guide_role(moderator, member):
        raise ActionRefused("You can't change this member's guide role.")
    now = now or timezone.now()
    with transaction.atomic():
        if not User.objects.filter(pk=member.pk).exclude(is_guide=guide).update(is_guide=guide):
            return member  # already so
        member.is_guide = guide
        # The badge beside their posts on every cached page (page_cache hears no UPDATE).
        page_cache.bump_member(member.pk)
        page_cache.bump_on_commit(page_cache.SITE)
        _audit(
            moderator=moderator,
            action=Kind.GRANT_GUIDE if guide else Kind.REVOKE_GUIDE,
            target=member,
            reason=reason,
            now=now,
        )
        _notify(
            member,
            message=(
                "The moderators have made you a guide. Thank you — your experience can help "
                "someone feel less alone. You'll find the threads waiting for a first reply "
                "under “Waiting for a first reply”."
            )
            if guide
            else "Your guide role has ended. Thank you for all the welcomes you gave.",
            now=now,
            moderator=moderator,
            topic=emails.ACCOUNT,
        )
    return member


# --- Acting from the queue ---------------------------------------------------------------

POST_ACTIONS = {"hide", "unhide", "approve", "reject"}
THREAD_ACTIONS = {"lock", "unlock", "pin", "unpin", "move"}
MEMBER_ACTIONS = {
    "warn",
    "silence",
    "suspend",
    "care",
    "lift_silence",
    "lift_suspension",
    "make_guide",
    "end_guide",
}
# Sanctions that ask the moderator to confirm before they happen (moderation.views).
CONFIRMED_ACTIONS = {"silence", "suspend"}
FOREVER = "forever"
GONE = "That post, thread or member no longer exists."


def act(
    *,
    moderator: User,
    key: str,
    action: str,
    reason: str = "",
    category: Category | None = None,
    silence_days: int = 3,
    suspend_for: str = "7",
    now=None,
) -> str:
    """One click in the queue: carry out `action` on the target named by `key` ("post:12").
    Thread actions on a post apply to its thread; member actions (warn, silence, suspend)
    apply to whoever the target is about and also resolve the target's reports. Each
    service below checks moderation.permissions and writes its audit row. Returns what was
    done, in words for the moderator; raises ActionRefused."""
    parsed = selectors.parse_target_key(key)
    if parsed is None:
        raise ActionRefused(GONE)
    kind, pk = parsed
    now = now or timezone.now()
    if action == "dismiss":
        dismiss_reports(moderator=moderator, key=key, reason=reason, now=now)
        return "The reports were dismissed."
    if action == "acknowledge":
        acknowledge_care(moderator=moderator, key=key, now=now)
        return "You're on it — the other moderators can see that you've taken this on."
    post, thread, subject = _target_of(kind, pk)
    if action in POST_ACTIONS:
        if post is None:
            raise ActionRefused("That action is for posts.")
        handler = {
            "hide": hide_post,
            "unhide": unhide_post,
            "approve": approve_post,
            "reject": reject_post,
        }[action]
        handler(moderator=moderator, post=post, reason=reason, now=now)
        return {
            "hide": "The post is hidden; its author has been told why.",
            "unhide": "The post is visible again.",
            "approve": "The post is published.",
            "reject": "The post was not approved; its author has been told.",
        }[action]
    if action in THREAD_ACTIONS:
        if thread is None:
            raise ActionRefused("That action is for threads.")
        if action == "move":
            if category is None:
                raise ActionRefused("Please choose the category to move the thread to.")
            move_thread(
                moderator=moderator, thread=thread, category=category, reason=reason, now=now
            )
            return f"The thread is now in {category.name}."
        handler = {
            "lock": lock_thread,
            "unlock": unlock_thread,
            "pin": pin_thread,
            "unpin": unpin_thread,
        }[action]
        handler(moderator=moderator, thread=thread, reason=reason, now=now)
        done = {"lock": "locked", "unlock": "unlocked", "pin": "pinned", "unpin": "unpinned"}
        return f"The thread is {done[action]}."
    if action in MEMBER_ACTIONS:
        if subject is None:
            raise ActionRefused("There is no member to act on here.")
        name = subject.public_name
        if action == "care":
            send_caring_message(
                moderator=moderator, member=subject, message=reason, also_resolve=key, now=now
            )
            return f"Your caring message is on its way to {name}. It isn't a warning."
        if action in ("make_guide", "end_guide"):
            guide = action == "make_guide"
            (grant_guide_role if guide else revoke_guide_role)(
                moderator=moderator, member=subject, reason=reason, now=now
            )
            return f"{name} is now a guide." if guide else f"{name} is no longer a guide."
        if action == "lift_silence":
            lift_silence(moderator=moderator, member=subject, reason=reason, now=now)
            return f"{name} can post again."
        if action == "lift_suspension":
            lift_suspension(moderator=moderator, member=subject, reason=reason, now=now)
            return f"{name}'s suspension is lifted; they can log in and post again."
        if action == "warn":
            warn_member(
                moderator=moderator, member=subject, message=reason, also_resolve=key, now=now
            )
            return f"{name} has been warned."
        if action == "silence":
            until = now + timedelta(days=silence_days)
            silence_member(
                moderator=moderator,
                member=subject,
                until=until,
                reason=reason,
                also_resolve=key,
                now=now,
            )
            return f"{name} is silenced for {silence_days} day{'s' if silence_days != 1 else ''}."
        forever = suspend_for == FOREVER
        until = None if forever else now + timedelta(days=int(suspend_for))
        suspend_member(
            moderator=moderator,
            member=subject,
            until=until,
            forever=forever,
            reason=reason,
            also_resolve=key,
            now=now,
        )
        return f"{name} is suspended" + (" for good." if forever else f" for {suspend_for} days.")
    raise ActionRefused("Please choose one of the actions offered.")


def _target_of(kind: str, pk: int) -> tuple[Post | None, Thread | None, User | None]:
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


# --- Watched words -------------------------------------------------------------------------


def add_watched_word(*, moderator: User, phrase: str, action: str, now=None) -> WatchedWord:
    """Watch for a word or phrase. Atomic; audited; screening's cache is cleared."""
    if not permissions.can_manage_watched_words(moderator):
        raise ActionRefused("Only moderators can manage watched words.")
    now = now or timezone.now()
    phrase = " ".join(phrase.split())
    folded = _folded_or_refuse(phrase)
    with transaction.atomic():
        if WatchedWord.objects.filter(folded=folded).exists():
            raise ActionRefused(_ALREADY_WATCHED)
        word = WatchedWord.objects.create(
            phrase=phrase,
            folded=folded,
            action=action,
            created_by=moderator,
            created_at=now,
        )
        _audit(
            moderator=moderator,
            action=Kind.ADD_WATCHED_WORD,
            target=word,
            after=f"{phrase} → {action}",
            now=now,
        )
        _forget_watch_rules()
    return word


def change_watched_word(
    *, moderator: User, word: WatchedWord, phrase: str, action: str, now=None
) -> WatchedWord:
    if not permissions.can_manage_watched_words(moderator):
        raise ActionRefused("Only moderators can manage watched words.")
    now = now or timezone.now()
    before = f"{word.phrase} → {word.action}"
    phrase = " ".join(phrase.split())
    folded = _folded_or_refuse(phrase)
    if WatchedWord.objects.filter(folded=folded).exclude(pk=word.pk).exists():
        raise ActionRefused(_ALREADY_WATCHED)
    word.phrase, word.folded, word.action = phrase, folded, action
    with transaction.atomic():
        word.save()
        _audit(
            moderator=moderator,
            action=Kind.CHANGE_WATCHED_WORD,
            target=word,
            before=before,
            after=f"{word.phrase} → {action}",
            now=now,
        )
        _forget_watch_rules()
    return word


def remove_watched_word(*, moderator: User, word: WatchedWord, reason: str = "", now=None):
    if not permissions.can_manage_watched_words(moderator):
        raise ActionRefused("Only moderators can manage watched words.")
    now = now or timezone.now()
    with transaction.atomic():
        _audit(
            moderator=moderator,
            action=Kind.REMOVE_WATCHED_WORD,
            target=word,
            reason=reason,
            before=f"{word.phrase} → {word.action}",
            now=now,
        )
        word.delete()
        _forget_watch_rules()


_ALREADY_WATCHED = "That word (or one that reads the same) is already watched — change it instead."


def _folded_or_refuse(phrase: str) -> str:
    folded = fold_for_matching(phrase).strip()
    if not folded:
        raise ActionRefused("Please include at least one letter or number.")
    return folded


def _forget_watch_rules() -> None:
    # Now, for this process's next post, and again after commit, in case another request
    # cached the old list in between.
    cache.delete(selectors.WATCH_RULES_KEY)
    transaction.on_commit(lambda: cache.delete(selectors.WATCH_RULES_KEY))


# --- A member's own list of names ----------------------------------------------------------


def add_ex_name(*, member: User, name: str, now=None) -> ExName:
    """Add a name or handle to the member's private list. Refuses duplicates (whatever the
    case) and lists longer than EX_NAMES_MAX."""
    if not permissions.can_keep_ex_names(member):
        raise ActionRefused("Please log in to keep a list of names.")
    name = " ".join(name.split())
    if ExName.objects.filter(owner=member).count() >= EX_NAMES_MAX:
        raise ActionRefused(
            f"Your list holds up to {EX_NAMES_MAX} names. Remove one to add another."
        )
    try:
        with transaction.atomic():
            return ExName.objects.create(owner=member, name=name, created_at=now or timezone.now())
    except IntegrityError:
        raise ActionRefused("That name is already on your list.") from None


def remove_ex_name(*, member: User, ex_name: ExName) -> None:
    if ex_name.owner_id != member.pk:
        raise ActionRefused("That name isn't on your list.")
    ex_name.delete()
    page_cache.bump_member(member.pk)  # a DELETE: page_cache hears only saves


# --- Helpers ---------------------------------------------------------------------------


def _post_keys(post: Post) -> tuple[str, ...]:
    keys = [selectors.target_key(TargetKind.POST, post.pk)]
    if post.is_first:
        keys.append(selectors.target_key(TargetKind.THREAD, post.thread_id))
    return tuple(keys)


def _thread_keys(thread: Thread) -> tuple[str, ...]:
    return (selectors.target_key(TargetKind.THREAD, thread.pk),)


def _snapshot(target) -> tuple[str, int, str, User | None]:
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


def _because(reason: str) -> str:
    """The end of a sentence to a member: ": <the moderator's reason>" or a full stop."""
    reason = reason.strip()
    return f": {reason}" if reason else "."


def _audit(*, moderator, action, target, reason="", before="", after="", now):
    target_type, target_id, words, member = _snapshot(target)
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


def _forget_open_count() -> None:
    # The moderators' menu count (selectors.open_queue_count): now, and after commit.
    selectors.forget_open_queue_count()
    transaction.on_commit(selectors.forget_open_queue_count)


def _notify(
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


def _resolve(resolution: Resolution, moderator, *, now, queue: str | None = None) -> int:
    """Close the open reports on these targets (only those of `queue`, if given) and tell
    each reporter (once per target)."""
    reports = Report.objects.open().filter(target_key__in=resolution.keys)
    if queue is not None:
        reports = reports.filter(queue=queue)
    reports = list(reports.select_related("post__thread", "thread"))
    if not reports:
        return 0
    _forget_open_count()
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


def silence_until(days: int, *, now=None) -> datetime:
    return (now or timezone.now()) + timedelta(days=days)
