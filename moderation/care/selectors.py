"""Reads for the care loop, each a fixed number of queries whatever the data size (the
docstrings say how many; tests/moderation/test_care_queries.py pins the pages).

* The "Waiting for a first reply" queue: forum's Thread.objects.awaiting_first_reply(),
  crisis-flagged opening posts first, then oldest first.
* The dashboard's care figures for the last 7 and 30 days: the share of first posts answered
  by another member, the median and 90th-percentile time to that first reply, how many wait
  now; the share of care items taken on ("I'm on it") within the escalation time, and the
  median time to take one on.
* The care history (check-ins, caring messages) the care queue shows beside each member.
"""

import math
import statistics
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Exists, F, Min, OuterRef, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from forum.models import Post, Status, Thread
from moderation.models import CareMessage, Queue, Report

FIRST_REPLY_PER_PAGE = 25
FIGURE_WINDOWS = (7, 30)
CARE_HISTORY_SHOWN = 5


# --- The "Waiting for a first reply" queue -----------------------------------------------------


def first_reply_queue():
    """Threads waiting for a first reply: crisis-flagged opening posts first, then oldest
    first, with their category and author (and `crisis`, `first_post_id`)."""
    opening = Post.objects.filter(thread=OuterRef("pk"), number=1)
    return (
        Thread.objects.awaiting_first_reply()
        .annotate(
            crisis=Exists(opening.filter(crisis_flagged=True)),
            first_post_id=Subquery(opening.values("pk")[:1]),
        )
        .select_related("category", "author")
        .order_by("-crisis", "created_at", "pk")
    )


def first_reply_page(page_number):
    """A page of the queue. Two queries (count, page)."""
    return Paginator(first_reply_queue(), FIRST_REPLY_PER_PAGE).get_page(page_number)


# --- The dashboard's care figures ------------------------------------------------------------


@dataclass(frozen=True)
class FirstReplyFigures:
    days: int
    first_posts: int
    answered: int
    median: timedelta | None
    p90: timedelta | None

    @property
    def share_answered(self) -> int | None:
        """Per cent of first posts answered by another member (None with no first posts)."""
        return round(100 * self.answered / self.first_posts) if self.first_posts else None


@dataclass(frozen=True)
class CareClockFigures:
    days: int
    items: int
    acknowledged_in_time: int
    median_to_acknowledge: timedelta | None

    @property
    def share_in_time(self) -> int | None:
        return round(100 * self.acknowledged_in_time / self.items) if self.items else None


@dataclass(frozen=True)
class CareFigures:
    first_reply: list[FirstReplyFigures] = field(default_factory=list)
    care_clock: list[CareClockFigures] = field(default_factory=list)
    unanswered_now: int = 0
    escalate_minutes: int = 5


def percentile(values: list[timedelta], share: float) -> timedelta | None:
    """The nearest-rank percentile (0.9: the time within which nine in ten were answered)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def care_figures(*, now=None) -> CareFigures:
    """Three queries: first posts of the last 30 days with their first reply by another
    member, how many threads wait for one now, and care items of the last 30 days with when
    they were taken on. The 7-day figures are drawn from the same rows."""
    now = now or timezone.now()
    longest = now - timedelta(days=max(FIGURE_WINDOWS))
    first_reply = Subquery(
        Post.objects.filter(
            thread=OuterRef("pk"),
            number__gt=1,
            status=Status.PUBLISHED,
            deleted_at__isnull=True,
            author__isnull=False,
        )
        .exclude(author=OuterRef("author"))
        .order_by()
        .values("thread")
        .annotate(first=Min("created_at"))
        .values("first")[:1]
    )
    threads = list(
        Thread.objects.filter(
            created_at__gte=longest,
            created_at__lte=now,
            status=Status.PUBLISHED,
            pinned=False,
            author__isnull=False,
        )
        .not_prompts()
        .annotate(answered_at=first_reply)
        .values_list("created_at", "answered_at")
    )
    unanswered_now = Thread.objects.awaiting_first_reply().filter(created_at__gte=longest).count()
    reports = list(
        Report.objects.filter(
            queue=Queue.CARE, created_at__gte=longest, created_at__lte=now
        ).values_list("created_at", "acknowledged_at")
    )
    in_time = timedelta(minutes=settings.HOLDFAST_CRISIS_ESCALATE_MINUTES)
    first_figures, clock_figures = [], []
    for days in FIGURE_WINDOWS:
        since = now - timedelta(days=days)
        window = [(created, first) for created, first in threads if created >= since]
        waits = [first - created for created, first in window if first is not None]
        first_figures.append(
            FirstReplyFigures(
                days=days,
                first_posts=len(window),
                answered=len(waits),
                median=statistics.median(waits) if waits else None,
                p90=percentile(waits, 0.9),
            )
        )
        items = [(created, ack) for created, ack in reports if created >= since]
        to_ack = [ack - created for created, ack in items if ack is not None]
        clock_figures.append(
            CareClockFigures(
                days=days,
                items=len(items),
                acknowledged_in_time=sum(1 for wait in to_ack if wait <= in_time),
                median_to_acknowledge=statistics.median(to_ack) if to_ack else None,
            )
        )
    return CareFigures(
        first_reply=first_figures,
        care_clock=clock_figures,
        unanswered_now=unanswered_now,
        escalate_minutes=settings.HOLDFAST_CRISIS_ESCALATE_MINUTES,
    )


# --- The care queue's extras --------------------------------------------------------------------


def add_care_history(groups) -> None:
    """Each group's subject's latest check-ins and caring messages (`care_history`, at most
    CARE_HISTORY_SHOWN each). One query whatever the number of groups or messages (none
    without subjects)."""
    subject_ids = {group.subject.pk for group in groups if group.subject is not None}
    for group in groups:
        group.care_history = []
    if not subject_ids:
        return
    history: dict[int, list[CareMessage]] = {}
    latest = (
        CareMessage.objects.filter(member_id__in=subject_ids)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("member_id")],
                order_by=[F("created_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=CARE_HISTORY_SHOWN)
        .select_related("sender")
        .order_by("member_id", "rank")
    )
    for message in latest:
        history.setdefault(message.member_id, []).append(message)
    for group in groups:
        if group.subject is not None:
            group.care_history = history.get(group.subject.pk, [])
