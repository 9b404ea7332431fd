"""Automatic hiding counts distinct reporters (moderation.actions.reports._hide_if_reported_enough):
a report whose reporter has since deleted their account (reporter NULL, source "member")
is still one member's report, and each counts once — never all of them as one person."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from accounts.data_rights import services as data_rights
from forum.models import Status
from moderation import actions
from moderation.models import Reason, Report
from tests.moderation.conftest import make_established

pytestmark = pytest.mark.django_db


def report_through_the_page(client_for, reporter, post):
    response = client_for(reporter).post(
        reverse("moderation:report_post", args=[post.pk]),
        {"reason": "harassment", "note": "Pushing contact."},
    )
    assert response.status_code == HTTPStatus.FOUND


def status_of(post) -> str:
    post.refresh_from_db()
    return post.status


def test_auto_hide_counts_each_departed_reporter_once(client_for, post, settings):
    settings.HOLDFAST_AUTO_HIDE_REPORTS = 3
    first, second, third = (make_established() for _ in range(3))
    report_through_the_page(client_for, first, post)
    report_through_the_page(client_for, second, post)
    for departed in (first, second):
        data_rights.delete_member(member=departed, keep_posts=True)
    departed_reports = Report.objects.filter(reporter=None, source=Report.Source.MEMBER)
    assert departed_reports.open().count() == 2
    assert status_of(post) == Status.PUBLISHED
    report_through_the_page(client_for, third, post)
    assert status_of(post) == Status.HIDDEN
    assert post.hidden_reason == actions.AUTO_HIDDEN


def test_auto_hide_still_counts_a_living_member_once(client_for, post, settings):
    settings.HOLDFAST_AUTO_HIDE_REPORTS = 3
    first, second = make_established(), make_established()
    report_through_the_page(client_for, first, post)
    data_rights.delete_member(member=first, keep_posts=True)
    report_through_the_page(client_for, second, post)
    # Reporting again while the report is open is refused, so it still counts once.
    report_through_the_page(client_for, second, post)
    assert Report.objects.open().count() == 2
    assert status_of(post) == Status.PUBLISHED


def test_auto_hide_does_not_count_the_sites_own_reports(client_for, post, settings):
    settings.HOLDFAST_AUTO_HIDE_REPORTS = 2
    actions.file_automatic_report(
        post=post, reason=Reason.CRISIS, source=Report.Source.CRISIS, note="Crisis language"
    )
    actions.file_automatic_report(
        post=post, reason=Reason.OTHER, source=Report.Source.WATCHED_WORD, note="A watched word"
    )
    report_through_the_page(client_for, make_established(), post)
    assert status_of(post) == Status.PUBLISHED
