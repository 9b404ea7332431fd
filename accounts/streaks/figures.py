"""The streak figures stored on the member (User.streak_*): the open streak's start and
whether it is self-reported, the longest and total of the ended streaks, the highest
milestone awarded. The badge beside every post reads them from the author row the page
already joins (accounts.selectors), instead of five correlated subqueries per post.

They are computed by the database from the Streak and MilestoneAward rows, in one UPDATE,
inside the transaction of every service that writes those rows (accounts.services; the
bench seed): so the stored figures are always what the history says. No signal: the call is
in plain sight in each service (docs/architecture.md). Erasing a member deletes their row,
figures and history together.
"""

from collections.abc import Iterable

from django.db.models import BooleanField, Max, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from accounts.models import MilestoneAward, Streak, User

# The User fields this module owns, in the order of history_subqueries().
FIELDS = (
    "streak_started_on",
    "streak_self_reported",
    "streak_longest_ended",
    "streak_total_ended",
    "streak_top_award",
)


def history_subqueries(member_ref: OuterRef) -> dict:
    """{field: correlated subquery} computing each figure of the member at `member_ref` from
    the history. Each runs on an index (the open-streak constraint, the history index, the
    award constraint). Also the recomputation the consistency tests compare against."""
    open_streak = Streak.objects.filter(member=member_ref, ended_on__isnull=True)
    ended = (
        Streak.objects.filter(member=member_ref, ended_on__isnull=False).order_by().values("member")
    )
    top_award = MilestoneAward.objects.filter(member=member_ref).order_by("-days")
    return {
        "streak_started_on": Subquery(open_streak.values("started_on")[:1]),
        # The column is NOT NULL: between streaks nothing is self-reported.
        "streak_self_reported": Coalesce(
            Subquery(open_streak.values("self_reported")[:1]),
            Value(False),
            output_field=BooleanField(),
        ),
        "streak_longest_ended": Subquery(ended.annotate(m=Max("length_days")).values("m")),
        # A Sum over no rows is NULL: "never ended a streak", which the badge tells apart.
        "streak_total_ended": Subquery(ended.annotate(s=Sum("length_days")).values("s")),
        "streak_top_award": Subquery(top_award.values("days")[:1]),
    }


def refresh_figures(*, member) -> None:
    """Recompute `member`'s stored figures from their history: one UPDATE. Call it inside the
    transaction that wrote their Streak or MilestoneAward rows, after the writes.

    The figures on the `member` instance in memory are then stale, so they are dropped from
    it (deferred: read again from the row if anything reads them), which also keeps a later
    member.save() from writing the stale values back."""
    refresh_figures_of(member_ids=[member.pk])
    for field in FIELDS:
        member.__dict__.pop(field, None)


def refresh_figures_of(*, member_ids: Iterable[int]) -> int:
    """refresh_figures for many members at once (a seed that bulk-creates streaks): one
    UPDATE. Returns the number of members updated."""
    return User.objects.filter(pk__in=list(member_ids)).update(**history_subqueries(OuterRef("pk")))
