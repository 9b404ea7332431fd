"""accounts.templatetags.streak_tags: a post's streak badge, drawn once per badge."""

import pytest
from django.template import Context, Template
from django.template.loader import get_template

from accounts.selectors import StreakBadge

BADGES = [
    StreakBadge(
        member_id=1, current_days=12, longest_days=40, total_days=90, top_milestone=7, exact=True
    ),
    StreakBadge(
        member_id=1, current_days=13, longest_days=40, total_days=91, top_milestone=7, exact=True
    ),  # the next day: new figures, a new drawing
    StreakBadge(
        member_id=2,
        current_days=None,
        longest_days=45,
        total_days=45,
        top_milestone=30,
        exact=False,
    ),
    StreakBadge(
        member_id=3,
        current_days=3,
        longest_days=3,
        total_days=3,
        top_milestone=None,
        exact=True,
        self_reported=True,
    ),
]


def draw(badge) -> str:
    source = "{% load streak_tags %}{% streak_badge badges|badge_for:member %}"
    return Template(source).render(Context({"badges": {5: badge}, "member": 5}))


@pytest.mark.parametrize("badge", BADGES)
def test_the_badge_is_what_its_template_draws(badge):
    expected = get_template("components/_streak_badge.html").render({"badge": badge})
    assert draw(badge) == expected
    assert draw(badge) == expected  # drawn again from memory: the same


def test_each_badge_draws_its_own_figures():
    first, next_day = draw(BADGES[0]), draw(BADGES[1])
    assert "12 days" in first and "13 days" not in first
    assert "13 days" in next_day
    assert "between streaks" in draw(BADGES[2]) and "self-reported" in draw(BADGES[3])


def test_no_badge_draws_nothing():
    assert draw(None) == ""
    source = "{% load streak_tags %}[{% streak_badge badges|badge_for:member %}]"
    assert Template(source).render(Context({"badges": {}, "member": None})) == "[]"
