"""Specification of moderation.actions (ex_names.py): a member's private list of names."""

import pytest

from moderation import actions
from moderation.models import (
    ExName,
)

pytestmark = pytest.mark.django_db


# --- A member's own names -----------------------------------------------------------------------


def test_ex_names_add_remove_and_limits(member, other_member):
    name = actions.add_ex_name(member=member, name="  Jordan   Avery ")
    assert name.name == "Jordan Avery"
    with pytest.raises(actions.ActionRefused, match="already on your list"):
        actions.add_ex_name(member=member, name="jordan avery")
    actions.add_ex_name(member=other_member, name="Jordan Avery")  # lists are per member
    with pytest.raises(actions.ActionRefused):
        actions.remove_ex_name(member=other_member, ex_name=name)
    actions.remove_ex_name(member=member, ex_name=name)
    assert ExName.objects.filter(owner=member).count() == 0


def test_ex_names_list_is_bounded(member):
    for number in range(actions.EX_NAMES_MAX):
        actions.add_ex_name(member=member, name=f"Name {number}")
    with pytest.raises(actions.ActionRefused, match="up to"):
        actions.add_ex_name(member=member, name="One more")
