"""What moderators see once a member or a moderator has deleted their account: a former
member's report is still a member's report (never "automatic"), a former moderator's actions
are still a person's, and nothing names them."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from accounts.data_rights import services as data_rights
from moderation import actions
from moderation.models import ModerationAction, Report
from tests import factories
from tests.moderation.conftest import establish

pytestmark = pytest.mark.django_db


def test_former_members_report_reads_as_a_former_member_in_the_queue(
    client_for, member, post, moderator
):
    establish(member)
    actions.report_post(reporter=member, post=post, reason="manipulation", note="Bad advice")
    data_rights.delete_member(member=member, keep_posts=True)
    report = Report.objects.get()
    assert report.reporter is None and not report.is_automatic
    page = client_for(moderator).get(reverse("moderation:target_detail", args=[f"post:{post.pk}"]))
    assert page.status_code == HTTPStatus.OK
    content = page.content.decode()
    assert "a former member" in content and "Bad advice" in content
    assert "rowan" not in content


def test_automatic_report_still_reads_as_its_source(client_for, post, moderator):
    actions.open_crisis_report(post=post, phrases=["end it"])
    page = client_for(moderator).get(reverse("moderation:target_detail", args=[f"post:{post.pk}"]))
    assert "Crisis detection" in page.content.decode()


def test_report_constraint_refuses_an_automatic_report_with_a_reporter(member, post):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(
            reporter=member,
            source=Report.Source.CRISIS,
            reason="crisis",
            queue="care",
            priority=0,
            target_kind="post",
            target_key=f"post:{post.pk}",
            post=post,
            created_at=post.created_at,
        )


def test_former_moderators_actions_are_not_shown_as_automatic(client_for, post, staff):
    departing = factories.make_moderator(username="mod_leaving")
    actions.hide_post(moderator=departing, post=post, reason="Unkind")
    data_rights.delete_member(member=departing, keep_posts=True)
    action = ModerationAction.objects.get(action="hide_post")
    assert action.moderator is None and not action.is_automatic
    content = client_for(staff).get(reverse("moderation:audit_log")).content.decode()
    assert "A former moderator" in content and "Automatic" not in content
    assert "mod_leaving" not in content


def test_held_post_of_a_former_member_waits_under_no_name(client_for, member, thread, moderator):
    actions.add_watched_word(moderator=moderator, phrase="text him", action="hold")
    held = factories.make_reply(author=member, thread=thread, body="Maybe I should text him")
    assert held.is_pending
    data_rights.delete_member(member=member, keep_posts=True)
    content = client_for(moderator).get(reverse("moderation:approvals")).content.decode()
    assert "Maybe I should text him" in content
    assert 'Approve<span class="visually-hidden"> the post by a former member' in content
    assert "rowan" not in content
