"""The net and the crisis clock: who is called, when, and only once.

Each round is claimed by writing its CareAlert row (unique per thread or report and round)
before anyone is notified, so running care_tick twice — or two at once — calls each round
once. Every call is an in-site notification (kind CARE_ALERT) and, per the member's "care"
email switch, an email (moderation.care.emails). Alerts name the thread and link to it; the
words of a post never travel in them.

* The net: a thread whose opening post has had no reply from another member for
  HOLDFAST_FIRST_REPLY_MINUTES calls the guides and moderators on shift (their own hours, on
  their own clock); after HOLDFAST_FIRST_REPLY_WIDER_MINUTES, every guide and moderator not
  called yet. Only threads from the last NET_LOOKBACK are called for, so a newly deployed
  net does not ring for last year's threads.
* The crisis clock: a new care item (crisis language, a crisis report, "I'm worried about
  them") calls the moderators on call at once (every moderator when nobody is on call);
  unacknowledged after HOLDFAST_CRISIS_ESCALATE_MINUTES, every moderator not called yet.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

import pagecache as page_cache
from accounts import roles
from accounts.models import User
from forum.models import Notification, Thread
from moderation.care import emails
from moderation.models import CareAlert, Queue, Report

Round = CareAlert.Round
NET_LOOKBACK = timedelta(days=7)
# The safety net for care items whose on-call round was never sent (a crash between the
# report and its alert): care_tick sends it late rather than never, within this.
ON_CALL_LOOKBACK = timedelta(days=1)


@dataclass(frozen=True)
class TickResult:
    first_reply_on_shift: int = 0
    first_reply_wider: int = 0
    crisis_on_call: int = 0
    crisis_escalated: int = 0


def _minutes(name: str) -> timedelta:
    return timedelta(minutes=getattr(settings, name))


def _carers():
    """Guides and moderators, active. One query when evaluated."""
    return User.objects.filter(roles.carers_q()).distinct().order_by("pk")


def _moderators():
    return User.objects.filter(roles.moderators_q()).distinct().order_by("pk")


def _claim(*, round: str, thread=None, report=None, recipients: list[int], now) -> bool:
    try:
        with transaction.atomic():
            CareAlert.objects.create(
                round=round, thread=thread, report=report, recipients=recipients, sent_at=now
            )
    except IntegrityError:
        return False
    return True


def _notify(recipient_ids: list[int], *, message: str, thread=None, post=None, now) -> None:
    created = Notification.objects.bulk_create(
        Notification(
            recipient_id=recipient_id,
            kind=Notification.Kind.CARE_ALERT,
            thread=thread,
            post=post,
            message=message,
            created_at=now,
        )
        for recipient_id in recipient_ids
    )
    page_cache.bump_member(*recipient_ids)  # bulk_create: no post_save for page_cache
    emails.alerts_on_commit(created)


def _already_called(alerts) -> set[int]:
    called: set[int] = set()
    for recipients in alerts.values_list("recipients", flat=True):
        called.update(recipients)
    return called


# --- The net ---------------------------------------------------------------------------------


def first_reply_message(thread: Thread, *, minutes: int) -> str:
    return (
        f"A thread has waited {minutes} minutes for a first reply: “{thread.title}”. "
        "A few kind words from you could be the reason they come back."
    )


def run_net(*, now=None) -> tuple[int, int]:
    """Both rounds of the net, for every thread due. Returns (threads called on shift,
    threads called widely). Queries: two for the threads due, one for the carers, then per
    thread called one to claim the round and one to notify."""
    now = now or timezone.now()
    waiting = Thread.objects.awaiting_first_reply().filter(created_at__gte=now - NET_LOOKBACK)
    called_in = CareAlert.objects.filter(thread=OuterRef("pk"))
    due_first = list(
        waiting.filter(created_at__lte=now - _minutes("HOLDFAST_FIRST_REPLY_MINUTES"))
        .exclude(Exists(called_in.filter(round=Round.FIRST_REPLY_ON_SHIFT)))
        .select_related("author")
    )
    due_wider = list(
        waiting.filter(created_at__lte=now - _minutes("HOLDFAST_FIRST_REPLY_WIDER_MINUTES"))
        .exclude(Exists(called_in.filter(round=Round.FIRST_REPLY_WIDER)))
        .select_related("author")
    )
    if not due_first and not due_wider:
        return 0, 0
    carers = list(_carers())
    first = wider = 0
    for thread in due_first:
        on_shift = [c.pk for c in carers if c.pk != thread.author_id and roles.is_on_shift(c, now)]
        if _claim(round=Round.FIRST_REPLY_ON_SHIFT, thread=thread, recipients=on_shift, now=now):
            minutes = int((now - thread.created_at).total_seconds() // 60)
            _notify(
                on_shift,
                message=first_reply_message(thread, minutes=minutes),
                thread=thread,
                now=now,
            )
            first += 1
    for thread in due_wider:
        called = _already_called(CareAlert.objects.filter(thread=thread))
        everyone = [c.pk for c in carers if c.pk != thread.author_id and c.pk not in called]
        if _claim(round=Round.FIRST_REPLY_WIDER, thread=thread, recipients=everyone, now=now):
            minutes = int((now - thread.created_at).total_seconds() // 60)
            _notify(
                everyone,
                message=first_reply_message(thread, minutes=minutes),
                thread=thread,
                now=now,
            )
            wider += 1
    return first, wider


# --- The crisis clock ------------------------------------------------------------------------


def crisis_message(report: Report, *, escalated: bool = False) -> str:
    where = f"in “{report.post.thread.title}”" if report.post_id else "on Holdfast"
    what = "A member may be in crisis" if report.reason == "crisis" else "A member may need care"
    if escalated:
        return (
            f"{what} {where}, and nobody has said “I'm on it” yet. Please look now, "
            "in the care queue."
        )
    return f"{what} {where}. You're on call: please look and say “I'm on it” in the care queue."


def _report_thread(report: Report):
    if report.post_id:
        return report.post.thread
    return report.thread


def call_on_call(*, report_id: int, now=None) -> bool:
    """The first round for a new care item: the moderators on call, or every moderator
    when nobody is. The report's subject is never called about themselves. Idempotent;
    returns whether this call sent the round."""
    now = now or timezone.now()
    report = (
        Report.objects.select_related("post__thread", "thread")
        .filter(pk=report_id, queue=Queue.CARE)
        .first()
    )
    if report is None or report.status != Report.Status.OPEN or report.acknowledged_at:
        return False
    moderators = [m for m in _moderators() if m.pk != report.subject_id]
    on_call = [m.pk for m in moderators if roles.is_on_shift(m, now)] or [m.pk for m in moderators]
    with transaction.atomic():
        if not _claim(round=Round.CRISIS_ON_CALL, report=report, recipients=on_call, now=now):
            return False
        _notify(
            on_call,
            message=crisis_message(report),
            thread=_report_thread(report),
            post=report.post,
            now=now,
        )
    return True


def call_on_call_on_commit(report: Report) -> None:
    transaction.on_commit(lambda: call_on_call(report_id=report.pk))


def escalate(*, now=None) -> int:
    """Care items nobody acknowledged within HOLDFAST_CRISIS_ESCALATE_MINUTES go to every
    moderator not called yet — once per target (two reports on one post escalate once).
    Returns how many targets escalated."""
    now = now or timezone.now()
    due = list(
        Report.objects.open()
        .filter(
            queue=Queue.CARE,
            acknowledged_at__isnull=True,
            created_at__lte=now - _minutes("HOLDFAST_CRISIS_ESCALATE_MINUTES"),
        )
        .exclude(
            Exists(CareAlert.objects.filter(report=OuterRef("pk"), round=Round.CRISIS_ESCALATED))
        )
        .select_related("post__thread", "thread")
        .order_by("created_at", "pk")
    )
    if not due:
        return 0
    moderators = list(_moderators())
    escalated, seen = 0, set()
    for report in due:
        if report.target_key in seen:
            # The target escalated already in this run: record the round, call nobody.
            _claim(round=Round.CRISIS_ESCALATED, report=report, recipients=[], now=now)
            continue
        seen.add(report.target_key)
        called = _already_called(CareAlert.objects.filter(report__target_key=report.target_key))
        everyone = [m.pk for m in moderators if m.pk != report.subject_id and m.pk not in called]
        with transaction.atomic():
            if not _claim(
                round=Round.CRISIS_ESCALATED, report=report, recipients=everyone, now=now
            ):
                continue
            _notify(
                everyone,
                message=crisis_message(report, escalated=True),
                thread=_report_thread(report),
                post=report.post,
                now=now,
            )
        escalated += 1
    return escalated


def call_missed_on_call(*, now=None) -> int:
    """Send the on-call round of any recent open care item that never had one."""
    now = now or timezone.now()
    missed = (
        Report.objects.open()
        .filter(
            queue=Queue.CARE, acknowledged_at__isnull=True, created_at__gte=now - ON_CALL_LOOKBACK
        )
        .exclude(
            Exists(CareAlert.objects.filter(report=OuterRef("pk"), round=Round.CRISIS_ON_CALL))
        )
        .values_list("pk", flat=True)
    )
    return sum(call_on_call(report_id=pk, now=now) for pk in list(missed))


def tick(*, now=None) -> TickResult:
    """Everything care_tick does, in order of urgency. Idempotent."""
    now = now or timezone.now()
    on_call = call_missed_on_call(now=now)
    escalated = escalate(now=now)
    first, wider = run_net(now=now)
    return TickResult(
        first_reply_on_shift=first,
        first_reply_wider=wider,
        crisis_on_call=on_call,
        crisis_escalated=escalated,
    )
