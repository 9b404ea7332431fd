"""Issue 16, item 2: the private insights page (/streak/insights/) — urges and moods by hour
and weekday on the member's own clock, top triggers, the streak timeline; SVG charts with a
table behind each."""

import datetime
import html
from http import HTTPStatus

import pytest
import time_machine
from django.urls import reverse

from accounts import services
from accounts.streaks import charts, insight_selectors
from accounts.streaks.services import triggers, urges

# Monday 15 June 2026, 23:30 UTC: Tuesday 01:30 in Berlin (CEST, UTC+2).
NOW = datetime.datetime(2026, 6, 15, 23, 30, tzinfo=datetime.UTC)
INSIGHTS = reverse("accounts:streak_insights")


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def text(response):
    return html.unescape(response.content.decode())


def days_ago(n):
    return NOW.date() - datetime.timedelta(days=n)


# --- Charts (pure) ------------------------------------------------------------------------


def test_insights_columns_scale_to_the_largest_and_keep_every_row():
    chart = charts.columns(
        slug="s",
        title="T",
        summary="S",
        empty="E",
        values=[0, 2, 4],
        labels=["a", "b", "c"],
        words=["0", "2", "4"],
        every=2,
    )
    assert [m.height for m in chart.marks] == [0, 60, 120]
    assert [m.y for m in chart.marks] == [120, 60, 0]
    assert [m.show_label for m in chart.marks] == [True, False, True]
    assert not chart.is_empty
    assert chart.marks[2].x + chart.marks[2].width <= charts.WIDTH


def test_insights_rows_place_each_span_after_the_labels():
    chart = charts.rows(
        slug="t",
        title="T",
        summary="S",
        empty="E",
        spans=[("first", 0, 10, "10 days"), ("second", 10, 0, "0 days")],
    )
    first, second = chart.marks
    assert first.x == charts.LABEL_WIDTH and first.width == charts.WIDTH - charts.LABEL_WIDTH
    assert second.width == 2  # a streak of no whole day yet still shows
    assert chart.height == 2 * charts.ROW_HEIGHT


# --- The selector ---------------------------------------------------------------------------


def test_insights_count_urges_and_moods_on_the_members_clock(member):
    member.time_zone = "Europe/Berlin"
    member.save()
    services.start_streak(member=member, started_on=days_ago(5))
    urges.hold_urge(member=member)  # 01:30 on Tuesday in Berlin
    urges.hold_urge(member=member)
    triggers.check_in_with_triggers(member=member, mood=2, triggers=["late-night"])
    insights = insight_selectors.insights_for(member)
    assert insights.urges_by_hour.marks[1].value == 2
    assert insights.urges_by_weekday.marks[1].label == "Tue"
    assert insights.urges_by_weekday.marks[1].words == "2 urges"
    assert insights.mood_by_hour.marks[1].words == "2.0 of 5"
    assert insights.urges_by_hour.summary == "Most urges ridden out: 01."


def test_insights_top_triggers_and_timeline(member, other_member):
    services.start_streak(member=member, started_on=days_ago(30), now=NOW)
    services.end_streak(member=member, now=NOW - datetime.timedelta(days=20))
    services.start_streak(member=member, started_on=days_ago(20), now=NOW)
    triggers.check_in_with_triggers(member=member, triggers=["alcohol", "our song"])
    triggers.log_contact_with_triggers(
        member=member, kind="looked_at_profile", triggers=["alcohol"]
    )
    triggers.check_in_with_triggers(member=other_member, triggers=["loneliness"])
    insights = insight_selectors.insights_for(member)
    assert [(m.label, m.words) for m in insights.top_triggers.marks] == [
        ("Alcohol", "2 times"),
        ("our song", "1 time"),
    ]
    assert [m.words for m in insights.timeline.marks] == [
        "10 days, 16 May 2026 to 26 May 2026",
        "20 days, 26 May 2026 to now",
    ]


@pytest.mark.parametrize("size", [1, 40])
def test_insights_query_count_is_constant(client_for, member, size, django_assert_max_num_queries):
    for n in range(size):
        services.start_streak(member=member, started_on=days_ago(3 * size - 3 * n), now=NOW)
        services.end_streak(member=member, now=NOW - datetime.timedelta(days=3 * size - 3 * n - 2))
        urges.hold_urge(member=member, now=NOW - datetime.timedelta(hours=n))
        triggers.check_in_with_triggers(
            member=member, mood=3, triggers=[f"tag {n}"], now=NOW - datetime.timedelta(days=n)
        )
    client = client_for(member)
    # 2 (session, user) + 4 (insights_for: urges held, check-ins, top triggers, streaks)
    # + 1 (the nav's unread notification count) = 7, whatever the history holds.
    with django_assert_max_num_queries(7):
        response = client.get(INSIGHTS)
    assert response.status_code == HTTPStatus.OK


# --- The view -------------------------------------------------------------------------------


def test_insights_page_draws_each_chart_with_its_table(client_for, member):
    services.start_streak(member=member, started_on=days_ago(5))
    urges.hold_urge(member=member)
    triggers.check_in_with_triggers(member=member, mood=4, triggers=["loneliness"])
    response = client_for(member).get(INSIGHTS)
    page = text(response)
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    )
    assert page.count('<svg class="chart"') == 6
    assert 'role="img" aria-labelledby="triggers-title triggers-desc"' in page
    assert '<th scope="row">Loneliness</th><td>1 time</td>' in page
    assert page.count("The numbers as a table") == 6


def test_insights_page_for_a_newcomer_says_what_will_show(client_for, member):
    page = text(client_for(member).get(INSIGHTS))
    assert "<svg" not in page.split("<main")[1].split("</main>")[0]
    assert "When you press “I held on” on the SOS page, it shows here." in page


def test_insights_page_is_private(client, client_for, member, other_member):
    triggers.check_in_with_triggers(member=member, triggers=["their-birthday"])
    response = client.get(INSIGHTS)
    assert response.status_code == HTTPStatus.FOUND and "/login/" in response["Location"]
    assert "Their birthday" not in text(client_for(other_member).get(INSIGHTS))


def test_insights_are_linked_from_the_streak_page(client_for, member):
    page = text(client_for(member).get(reverse("accounts:streak_dashboard")))
    assert f'href="{INSIGHTS}"' in page
