"""The daily pledge panel on its thread's page: the count, whether the reader has pledged,
and the names of those who chose to be seen. Other threads cost nothing: get_thread_for
JOINs the thread's DailyPledge row, so a thread without one is known without a query."""

from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Q
from django.utils import timezone

from forum.models import DailyPledge, Pledge

# Names listed on the page; the count says how many more pledged.
NAMES_SHOWN = 100


@dataclass(frozen=True)
class PledgePanel:
    daily: DailyPledge
    count: int
    mine: bool
    seen_names: list  # members, in the order they pledged
    is_today: bool


def daily_pledge_of(thread) -> DailyPledge | None:
    """The thread's DailyPledge, or None; no query when get_thread_for loaded the thread."""
    try:
        return thread.daily_pledge
    except ObjectDoesNotExist:
        return None


def pledge_panel_for(user, thread, *, now=None) -> PledgePanel | None:
    """None for any other thread (no query). Two queries for a pledge thread: the count with
    the reader's own, and the names of those seen."""
    daily = daily_pledge_of(thread)
    if daily is None:
        return None
    member_id = user.pk if user.is_authenticated else None
    totals = Pledge.objects.filter(daily=daily).aggregate(
        count=Count("pk"), mine=Count("pk", filter=Q(member_id=member_id))
    )
    seen = (
        Pledge.objects.filter(daily=daily, seen=True, member__is_active=True)
        .select_related("member")
        .order_by("created_at", "pk")[:NAMES_SHOWN]
    )
    return PledgePanel(
        daily=daily,
        count=totals["count"],
        mine=bool(totals["mine"]),
        seen_names=[pledge.member for pledge in seen],
        is_today=daily.day == timezone.localdate(now or timezone.now()),
    )
