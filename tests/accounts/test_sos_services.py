"""accounts.services for the SOS page: the member's reasons for no contact and the messages
they write and never send."""

import datetime

import pytest

from accounts import services
from accounts.models import UnsentMessage, UrgeReason
from accounts.streaks import selectors as streak_selectors

NOW = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=datetime.UTC)


def test_add_urge_reason_trims_and_keeps_the_time(member):
    reason = services.add_urge_reason(member=member, text="  I matter too.  ", now=NOW)
    assert (reason.text, reason.position, reason.created_at) == ("I matter too.", 0, NOW)


def test_add_urge_reason_positions_are_per_member(member, other_member):
    services.add_urge_reason(member=member, text="one")
    services.add_urge_reason(member=member, text="two")
    theirs = services.add_urge_reason(member=other_member, text="theirs")
    assert theirs.position == 0
    assert [r.position for r in streak_selectors.urge_reasons_of(member)] == [0, 1]


def test_update_urge_reason_changes_only_the_text(member):
    reason = services.add_urge_reason(member=member, text="old", now=NOW)
    services.update_urge_reason(reason=reason, text=" new ")
    reason.refresh_from_db()
    assert (reason.text, reason.position, reason.created_at) == ("new", 0, NOW)


def test_delete_urge_reason_removes_only_that_one(member):
    keep = services.add_urge_reason(member=member, text="keep")
    services.delete_urge_reason(reason=services.add_urge_reason(member=member, text="go"))
    assert list(UrgeReason.objects.all()) == [keep]


def test_save_unsent_message_is_kept_for_the_member_only(member, other_member):
    message = services.save_unsent_message(member=member, body=" words \n", now=NOW)
    assert (message.body, message.created_at) == ("words", NOW)
    mine = streak_selectors.unsent_messages_of(member)
    assert (mine.rows, mine.has_older) == ([message], False)
    assert streak_selectors.unsent_messages_of(other_member).rows == []


def test_unsent_messages_newest_first_a_page_at_a_time(member):
    for n in range(streak_selectors.UNSENT_LIMIT + 1):
        services.save_unsent_message(
            member=member, body=f"m{n}", now=NOW + datetime.timedelta(minutes=n)
        )
    first = streak_selectors.unsent_messages_of(member)
    assert len(first) == streak_selectors.UNSENT_LIMIT and first.has_older
    assert first.rows[0].body == f"m{streak_selectors.UNSENT_LIMIT}"
    second = streak_selectors.unsent_messages_of(member, page=2)
    assert [m.body for m in second] == ["m0"]
    assert second.has_newer and not second.has_older


@pytest.mark.parametrize(
    ("value", "number"),
    [(None, 1), ("", 1), ("x", 1), ("0", 1), ("-3", 1), ("2", 2), ("9" * 30, 10_000)],
)
def test_page_number_is_1_for_anything_odd(value, number):
    assert streak_selectors.page_number(value) == number


def test_delete_unsent_message(member):
    message = services.save_unsent_message(member=member, body="gone")
    services.delete_unsent_message(message=message)
    assert not UnsentMessage.objects.exists()
