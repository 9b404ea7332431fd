"""The daily pledge: the day's thread in "Daily check-ins", made by the daily
`manage.py open_daily_pledge`, and a member's one-tap pledge in it (forum.models.pledges).

A pledge is counted once per member per day; the member chooses whether their name is
listed. The line they may add is a reply in the thread, written by create_reply, so it is
screened (watched words, crisis terms) and moderated like any post."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import User
from forum import permissions
from forum.models import Category, DailyPledge, Pledge, Thread
from forum.services.outcomes import ActionRefused, Outcome
from forum.services.posts import create_reply
from forum.services.threads import create_thread

TITLE = "Today I won't reach out — {day}"
BODY = (
    "One day at a time, together. Tap **I pledge** below to say that today you won't reach "
    "out. You can be counted quietly, or have your name listed beside the others — and add a "
    "line if you'd like to say more.\n\nIf the urge comes later today, the SOS page is there "
    "for you, and so is everyone here."
)
PAST_DAY = "This pledge was for another day. Today's pledge thread is open in Daily check-ins."


@dataclass(frozen=True)
class PledgeTaken:
    pledge: Pledge
    is_new: bool
    line: Outcome | None = None  # the reply the member's line became, if they wrote one


def open_daily_pledge(*, author: User, category: Category, now=None) -> DailyPledge:
    """Today's pledge thread (the site's calendar), made if it is not there yet. Idempotent:
    a second run, or two at once, make one thread (DailyPledge.day is unique; the loser's
    thread rolls back with its row)."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    found = DailyPledge.objects.filter(day=day).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            title = TITLE.format(day=date_format(day, "l j F"))
            outcome = create_thread(
                author=author, category=category, title=title, body=BODY, now=now
            )
            return DailyPledge.objects.create(day=day, thread=outcome.post.thread, created_at=now)
    except IntegrityError:
        return DailyPledge.objects.get(day=day)


def take_pledge(
    *, member: User, daily: DailyPledge, seen: bool = False, line: str = "", now=None
) -> PledgeTaken:
    """`member` pledges for `daily`'s day (only today's). A second tap counts once; it may
    still add a line, and may change whether the name is listed. Atomic: a line screening
    refuses (ScreeningRefused) saves no pledge either. ActionRefused when the member may
    not reply in the thread, or the day is past."""
    now = now or timezone.now()
    thread: Thread = daily.thread
    reason = permissions.why_cannot_pledge(member, thread)
    if reason is None and daily.day != timezone.localdate(now):
        reason = PAST_DAY
    if reason:
        raise ActionRefused(reason)
    with transaction.atomic():
        pledge, is_new = Pledge.objects.get_or_create(
            daily=daily, member=member, defaults={"seen": seen, "created_at": now}
        )
        if not is_new and pledge.seen != seen:
            pledge.seen = seen
            pledge.save(update_fields=["seen"])
        posted = None
        if line.strip():
            posted = create_reply(author=member, thread=thread, body=line.strip(), now=now)
    return PledgeTaken(pledge=pledge, is_new=is_new, line=posted)
