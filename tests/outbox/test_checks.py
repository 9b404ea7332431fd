"""`manage.py check --database default` (or `--tag mail`) warns an operator when mail is
failing: emails stuck for more than an hour, and emails that failed for good this week."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.utils import timezone

from outbox.checks import check_outgoing_email
from outbox.models import OutgoingEmail
from outbox.services import queue_email

Status = OutgoingEmail.Status


def email(key, **fields):
    row = queue_email(to="a@example.org", subject="Hi", text="Hi.", idempotency_key=key)
    OutgoingEmail.objects.filter(pk=row.pk).update(**fields)
    return row


def ids(messages):
    return [message.id for message in messages]


def test_smtp_check_is_quiet_when_mail_flows(db):
    email("sent")  # sent by the locmem mailer
    assert check_outgoing_email(None, databases=["default"]) == []


def test_mail_outage_check_warns_of_emails_stuck_for_an_hour(db):
    two_hours_ago = timezone.now() - datetime.timedelta(hours=2)
    email(
        "stuck",
        status=Status.QUEUED,
        queued_at=two_hours_ago,
        last_error="ConnectionRefusedError: [Errno 111] Connection refused",
    )
    email("fresh", status=Status.QUEUED)  # queued a moment ago: not stuck yet
    [warning] = check_outgoing_email(None, databases=["default"])
    assert warning.id == "outbox.W001"
    assert warning.msg.startswith("1 email(s) waiting for more than an hour")
    assert "Connection refused" in warning.msg


def test_retry_check_warns_of_emails_that_failed_for_good_this_week(db):
    now = timezone.now()
    email("rejected", status=Status.REJECTED, last_attempt_at=now)
    email("expired", status=Status.EXPIRED, last_attempt_at=now - datetime.timedelta(days=2))
    email("old", status=Status.EXPIRED, last_attempt_at=now - datetime.timedelta(days=8))
    [warning] = check_outgoing_email(None, databases=["default"])
    assert warning.id == "outbox.W002"
    assert warning.msg.startswith("2 email(s) failed for good")


def test_smtp_check_command_fails_at_warning_level_for_a_health_check(db):
    email("rejected", status=Status.REJECTED, last_attempt_at=timezone.now())
    with pytest.raises(SystemCheckError, match="outbox.W002"):
        call_command("check", "--tag", "mail", "--fail-level", "WARNING", stdout=io.StringIO())


def test_smtp_check_not_run_by_plain_check(db):
    """Plain `check` (and runserver, migrate) queries nothing: the check is database-tagged."""
    email("rejected", status=Status.REJECTED, last_attempt_at=timezone.now())
    out = io.StringIO()
    call_command("check", "--fail-level", "WARNING", stdout=out)
    assert "no issues" in out.getvalue()
