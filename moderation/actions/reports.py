"""Reports: members report posts, threads and members; the site reports what screening
flagged (crisis language, harassment, watched words); enough reports hide a post until a
moderator looks; a moderator dismisses a target's reports (over the one skeleton in
moderation/actions/base.py)."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from accounts import roles
from accounts.models import User
from forum import services as forum_services
from forum.models import Post, Status, Thread
from moderation import permissions, queues, screening, selectors
from moderation.actions.base import (
    ActionRefused,
    AlreadyReported,
    Kind,
    audit,
    forget_open_count,
    moderator_action,
    notify,
)
from moderation.care import messages as care_messages
from moderation.care import rounds as care_rounds
from moderation.models import PRIORITY, HeldPost, Queue, Reason, Report, TargetKind, queue_for

AUTO_HIDDEN = "Hidden automatically after several members reported it, until a moderator looks."


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
        target_key=queues.target_key(kind, obj.pk),
        subject=subject,
        counts_towards_hiding=reporter is not None and not roles.is_new_member(reporter),
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
    forget_open_count()
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
        .filter(target_key=queues.target_key(TargetKind.POST, post.pk))
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
    audit(
        moderator=None,
        action=Kind.AUTO_HIDE_POST,
        target=post,
        reason=f"Reported by {reporters} established members.",
        now=now,
    )
    notify(
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
    key = queues.target_key(TargetKind.POST, post.pk)
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
    forget_open_count()
    return hold


def respond_to_screening(*, post: Post, verdict, now=None) -> None:
    """What moderation does after the forum saved a screened post (forum.signals): a crisis
    report for crisis language, an automatic report for each flagged watched word. No verdict:
    a held post the forum let through by itself, which leaves the approval queue."""
    if verdict is None:
        selectors.forget_open_queue_count()
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


def dismiss_reports(*, moderator: User, key: str, reason: str = "", now=None) -> int:
    """Close a target's open reports without acting on it. A post hidden automatically by
    those reports is shown again. Returns how many reports were dismissed. Atomic."""
    with moderator_action(
        moderator=moderator, action=Kind.DISMISS, reason=reason, now=now,
        allowed=permissions.can_dismiss_reports(moderator),
        refusal="Only moderators can dismiss reports.",
    ) as act:  # fmt: skip
        parsed = queues.parse_target_key(key)
        if parsed is None:
            raise act.refused("That report no longer exists.")
        group = queues.target_group(*parsed)
        act.target = group.post or group.thread or group.member
        if act.target is None:
            raise act.refused("That report no longer exists.")
        if (
            group.post is not None
            and group.post.is_hidden
            and group.post.hidden_reason == AUTO_HIDDEN
        ):
            forum_services.unhide_post(post=group.post, now=act.now)
        return act.resolve(
            (key,),
            "decided it can stay. If something still worries you, you can report it again "
            "and say more",
            status=Report.Status.DISMISSED,
        )
