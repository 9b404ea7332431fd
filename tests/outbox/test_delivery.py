"""outbox.delivery: which failures are temporary, the backoff, and that a try claims its email
so that nothing is sent twice."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from outbox import delivery
from outbox.models import OutgoingEmail
from outbox.services import queue_email

Status = OutgoingEmail.Status


@pytest.mark.parametrize(
    ("error", "permanent"),
    [
        (ConnectionRefusedError(111, "Connection refused"), False),
        (TimeoutError("timed out"), False),
        (smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), False),
        (smtplib.SMTPRecipientsRefused({"a@x.org": (550, b"No such user")}), True),
        (smtplib.SMTPRecipientsRefused({"a@x.org": (452, b"Mailbox full")}), False),
        (smtplib.SMTPDataError(554, b"Message refused as spam"), True),
        (smtplib.SMTPDataError(451, b"Try again later"), False),
        (smtplib.SMTPSenderRefused(553, b"Sender not allowed", "no-reply@x.org"), True),
        # About our connection, not the message: fixable by the operator, so retried.
        (smtplib.SMTPAuthenticationError(535, b"Bad credentials"), False),
        (smtplib.SMTPConnectError(554, b"Go away"), False),
        (ValueError("a fault of ours"), False),
    ],
)
def test_retry_is_permanent_only_for_5xx_about_the_message(error, permanent):
    assert delivery.is_permanent(error) is permanent


def test_retry_delay_doubles_from_a_minute_up_to_an_hour():
    minutes = [delivery.retry_delay(n) / datetime.timedelta(minutes=1) for n in range(1, 10)]
    assert minutes == [1, 2, 4, 8, 16, 32, 60, 60, 60]


def test_smtp_describe_keeps_the_servers_code_and_words():
    error = smtplib.SMTPRecipientsRefused({"a@x.org": (550, b"5.1.1 No such user")})
    assert delivery.describe(error) == "Address refused: 550 5.1.1 No such user"
    assert delivery.describe(smtplib.SMTPDataError(451, b"Later")) == "451 Later"


def test_retry_deliver_email_twice_sends_once(db):
    """A task that runs twice (or the sweep beside the worker) finds the email claimed."""
    email = queue_email(to="a@example.org", subject="Hi", text="Hi.", idempotency_key="k")
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.status == Status.SENT
    assert delivery.deliver_email(email_id=email.pk).outcome == delivery.SKIPPED
    assert delivery.send_due_emails()[delivery.SENT] == 0
    assert len(mail.outbox) == 1


def test_retry_deliver_email_not_before_it_is_due(db, monkeypatch):
    with monkeypatch.context() as patched:
        patched.setattr(EmailBackend, "send_messages", _refuse)
        email = queue_email(to="a@example.org", subject="Hi", text="Hi.", idempotency_key="k")
    email.refresh_from_db()
    assert delivery.deliver_email(email_id=email.pk).outcome == delivery.SKIPPED
    due = email.next_attempt_at
    assert delivery.deliver_email(email_id=email.pk, now=due).outcome == delivery.SENT
    assert len(mail.outbox) == 1


def test_retry_sweep_requeues_a_try_cut_short(db, monkeypatch):
    """A worker that stopped mid-send leaves its email "sending": the sweep tries it again."""
    with monkeypatch.context() as patched:
        patched.setattr(EmailBackend, "send_messages", _refuse)
        email = queue_email(to="a@example.org", subject="Hi", text="Hi.", idempotency_key="k")
    now = timezone.now()
    OutgoingEmail.objects.filter(pk=email.pk).update(status=Status.SENDING, last_attempt_at=now)
    assert delivery.send_due_emails(now=now + datetime.timedelta(minutes=5))[delivery.SENT] == 0
    later = now + delivery.SENDING_TIMEOUT
    assert delivery.send_due_emails(now=later)[delivery.SENT] == 1
    assert len(mail.outbox) == 1


def test_retry_a_fault_of_ours_is_logged_with_its_traceback(db, monkeypatch, caplog):
    def broken(self, messages):
        raise ValueError("a bug")

    with monkeypatch.context() as patched:
        patched.setattr(EmailBackend, "send_messages", broken)
        email = queue_email(to="a@example.org", subject="Hi", text="Hi.", idempotency_key="k")
    email.refresh_from_db()
    assert email.status == Status.QUEUED and email.last_error == "ValueError: a bug"
    assert any(record.exc_info for record in caplog.records if record.name == "outbox.delivery")


def _refuse(self, messages):
    raise ConnectionRefusedError(111, "Connection refused")
