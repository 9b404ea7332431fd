"""Specification of accounts.selectors.active_member_named's remembered names: a profile seen
once is read by id afterwards, and what it reads is checked, so a rename, a newcomer taking
an old name, a suspension or a deactivation is seen at once."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.selectors import active_member_named
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def look_up(name):
    """The member found, and the SQL it took."""
    with CaptureQueriesContext(connection) as queries:
        found = active_member_named(name)
    return found, [query["sql"] for query in queries]


def where(sql: str) -> str:
    return sql.split(" WHERE ", 1)[1]


def test_a_name_seen_once_is_read_by_id_afterwards():
    ann = make_member(username="ann")
    first, first_sql = look_up("ann")
    again, again_sql = look_up("ann")
    assert first == again == ann
    assert len(first_sql) == len(again_sql) == 1
    assert "username_skeleton" in where(first_sql[0])
    assert "username_skeleton" not in where(again_sql[0])


def test_a_renamed_member_is_not_found_by_the_old_name():
    ann = make_member(username="ann")
    assert look_up("ann")[0] == ann
    ann.username = "bea"
    ann.save()
    assert look_up("ann")[0] is None
    assert look_up("bea")[0] == ann


def test_a_newcomer_who_takes_an_old_name_is_the_one_found():
    ann = make_member(username="ann")
    assert look_up("ann")[0] == ann
    ann.username = "bea"
    ann.save()
    newcomer = make_member(username="ann", email="newcomer@example.com")
    assert look_up("ann")[0] == newcomer


@pytest.mark.parametrize(
    "fields",
    [
        {"is_active": False},
        {"suspended_forever": True},
        {"suspended_until": timezone.now() + datetime.timedelta(days=3)},
    ],
    ids=["deactivated", "suspended-forever", "suspended-until"],
)
def test_a_member_suspended_after_being_seen_is_not_found(fields):
    ann = make_member(username="ann")
    assert look_up("ann")[0] == ann
    for name, value in fields.items():
        setattr(ann, name, value)
    ann.save()
    found, sql = look_up("ann")
    assert found is None
    assert len(sql) == 1


def test_a_suspension_that_has_ended_shows_the_member_again():
    ann = make_member(username="ann")
    ann.suspended_until = timezone.now() - datetime.timedelta(minutes=1)
    ann.save()
    assert look_up("ann")[0] == ann
    assert look_up("ann")[0] == ann


def test_a_deleted_member_is_not_found():
    ann = make_member(username="ann")
    assert look_up("ann")[0] == ann
    ann.delete()
    assert look_up("ann")[0] is None


def test_another_case_of_the_name_finds_the_member():
    ann = make_member(username="ann")
    assert look_up("ann")[0] == ann
    assert look_up("ANN")[0] == ann
