"""Reads for the member's private insights page (/streak/insights/, issue 16): urges ridden
out and check-in moods by hour and weekday (on the member's own clock), their top triggers
and their streaks as a timeline. Only the member's own rows; four queries whatever their
history holds (each list is bounded: the last year, and at most LIMIT rows)."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from accounts import selectors
from accounts.models import CheckIn, Streak, TriggerTag, UrgeHeld
from accounts.streaks import charts, counting

LIMIT = 2000  # rows of each kind read for the hour and weekday charts (newest first)
TOP_TRIGGERS = 8
TIMELINE_STREAKS = 12
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
HOURS = [f"{hour:02d}" for hour in range(24)]


@dataclass(frozen=True)
class Insights:
    urges_by_hour: charts.Chart
    urges_by_weekday: charts.Chart
    mood_by_hour: charts.Chart
    mood_by_weekday: charts.Chart
    top_triggers: charts.Chart
    timeline: charts.Chart

    @property
    def all(self) -> list[charts.Chart]:
        return [
            self.urges_by_hour,
            self.urges_by_weekday,
            self.mood_by_hour,
            self.mood_by_weekday,
            self.top_triggers,
            self.timeline,
        ]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _urges(moments, *, slots, key, slug, title, labels, every) -> charts.Chart:
    counts = Counter(key(moment) for moment in moments)
    values = [counts.get(slot, 0) for slot in range(slots)]
    busiest = labels[values.index(max(values))] if any(values) else None
    return charts.columns(
        slug=slug,
        title=title,
        summary=f"Most urges ridden out: {busiest}." if busiest else "No urges counted yet.",
        empty="No urges counted yet. When you press “I held on” on the SOS page, it shows here.",
        values=values,
        labels=labels,
        words=[_plural(value, "urge") for value in values],
        every=every,
    )


def _moods(checks, *, slots, key, slug, title, labels, every) -> charts.Chart:
    moods = defaultdict(list)
    for moment, mood in checks:
        moods[key(moment)].append(mood)
    averages = [round(sum(m) / len(m), 1) if (m := moods.get(slot)) else 0 for slot in range(slots)]
    return charts.columns(
        slug=slug,
        title=title,
        summary="Average check-in mood, 1 (really hard) to 5 (strong).",
        empty="No check-ins with a mood yet.",
        values=averages,
        labels=labels,
        words=[f"{value} of 5" if value else "no check-ins" for value in averages],
        every=every,
        top=5,
    )


def insights_for(member, *, now=None) -> Insights:
    now = now or timezone.now()
    zone = selectors.zone_named(member.time_zone)
    since = now - datetime.timedelta(days=365)
    held = [
        moment.astimezone(zone)
        for moment in UrgeHeld.objects.filter(member=member, held_at__gte=since)
        .order_by("-held_at")
        .values_list("held_at", flat=True)[:LIMIT]
    ]
    checks = [
        (created.astimezone(zone), mood)
        for created, mood in CheckIn.objects.filter(
            member=member, created_at__gte=since, mood__isnull=False
        )
        .order_by("-day")
        .values_list("created_at", "mood")[:LIMIT]
    ]
    top = list(
        TriggerTag.objects.filter(member=member)
        .values("name")
        .annotate(n=Count("pk"))
        .order_by("-n", "name")[:TOP_TRIGGERS]
    )
    streaks = list(Streak.objects.filter(member=member).order_by("-started_on")[:TIMELINE_STREAKS])
    by_hour = {"slots": 24, "key": lambda m: m.hour, "labels": HOURS, "every": 3}
    by_day = {"slots": 7, "key": lambda m: m.weekday(), "labels": WEEKDAYS, "every": 1}
    return Insights(
        urges_by_hour=_urges(held, slug="urges-hour", title="Urges ridden out, by hour", **by_hour),
        urges_by_weekday=_urges(
            held, slug="urges-weekday", title="Urges ridden out, by weekday", **by_day
        ),
        mood_by_hour=_moods(checks, slug="mood-hour", title="Check-in mood, by hour", **by_hour),
        mood_by_weekday=_moods(
            checks, slug="mood-weekday", title="Check-in mood, by weekday", **by_day
        ),
        top_triggers=_triggers(top),
        timeline=_timeline(list(reversed(streaks)), counting.local_date(zone, now)),
    )


def _triggers(top) -> charts.Chart:
    names = [TriggerTag.WORDS.get(row["name"], row["name"]) for row in top]
    return charts.rows(
        slug="triggers",
        title="Your top triggers",
        summary=f"Named most often: {names[0]}." if names else "No triggers named yet.",
        empty="No triggers yet. You can name them when you check in or log what happened.",
        spans=[
            (name, 0, row["n"], _plural(row["n"], "time"))
            for name, row in zip(names, top, strict=True)
        ],
    )


def _timeline(streaks, today: datetime.date) -> charts.Chart:
    first = streaks[0].started_on if streaks else today
    spans = []
    for streak in streaks:
        days = streak.days_on(today)
        end = "now" if streak.is_open else f"{streak.ended_on:%-d %b %Y}"
        label = f"{streak.started_on:%-d %b %Y}"
        words = f"{counting.plural_days(days)}, {label} to {end}"
        spans.append((label, (streak.started_on - first).days, days, words))
    return charts.rows(
        slug="timeline",
        title="Your streaks over time",
        summary=f"{_plural(len(streaks), 'streak')}, oldest at the top.",
        empty="No streaks yet.",
        spans=spans,
    )
