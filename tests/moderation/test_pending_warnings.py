"""Whether a warning waits is read with the member behind a session (accounts.hooks,
moderation.selectors): for a member with none, which is nearly everyone, the layout's
notices need no cache round trip."""

import pytest
from django.urls import reverse

from accounts import hooks
from accounts.selectors import member_with_pk
from moderation import actions, selectors

pytestmark = pytest.mark.django_db


class _NoCache:
    def get(self, key, default=None):
        raise AssertionError(f"the notices were read from the cache ({key})")


def test_moderation_adds_its_figure_to_the_members_row():
    assert hooks.member_row_figures[selectors.PENDING_WARNINGS] is (
        selectors.pending_warnings_of_member
    )


def test_a_member_with_no_warning_waiting_needs_no_cache(member, moderator, monkeypatch):
    read = [member_with_pk(member.pk), member_with_pk(moderator.pk)]
    monkeypatch.setattr(selectors, "cache", _NoCache())
    assert [selectors.member_notices(user) for user in read] == [
        selectors.MemberNotices(moderator=False),
        selectors.MemberNotices(moderator=True),
    ]


def test_a_waiting_warning_is_read_until_acknowledged(member, moderator):
    warning = actions.warn_member(moderator=moderator, member=member, message="Be kind")
    found = member_with_pk(member.pk)
    assert getattr(found, selectors.PENDING_WARNINGS) is True
    assert [w.message for w in selectors.member_notices(found).warnings] == ["Be kind"]
    actions.acknowledge_warning(member=member, warning=warning)
    found = member_with_pk(member.pk)
    assert getattr(found, selectors.PENDING_WARNINGS) is False
    assert selectors.member_notices(found).warnings == ()


def test_the_page_shows_a_warning_waits_and_then_not(client_for, member, moderator):
    client = client_for(member)
    page = reverse("forum:guidelines")
    assert "Message from the moderators" not in client.get(page).content.decode()
    warning = actions.warn_member(moderator=moderator, member=member, message="Please be kinder")
    assert "Message from the moderators" in client.get(page).content.decode()
    actions.acknowledge_warning(member=member, warning=warning)
    assert "Message from the moderators" not in client.get(page).content.decode()
