"""The worker's side of the outbox: one try at sending one queued email, and the sweep that
sends every email that is due.

A try claims its row with one conditional UPDATE (queued and due -> sending), so two tasks
for the same email — a task that ran twice, the sweep beside the worker, an operator's
"send again" — send it once: whoever loses the claim does nothing. Then the mail server
decides what happens to the row:

* accepted: sent;
* refused for good (an SMTP 5xx about this message or its address): rejected, with the
  server's words, and never tried again by itself;
* anything else (connection refused or timed out, an SMTP 4xx, the server hanging up, a
  log-in the server refused): tried again after 1, 2, 4 … minutes, at most an hour apart,
  until HOLDFAST_MAIL_RETRY_HOURS after it was queued; then it is given up ("expired").

Nothing here raises because of the mail server: the caller (a task, a command, a page in
DEBUG) only learns the outcome.
"""

import logging
import smtplib
from datetime import datetime, timedelta
from typing import NamedTuple

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db.models import F
from django.utils import timezone

from outbox.models import OutgoingEmail

logger = logging.getLogger(__name__)

Status = OutgoingEmail.Status

# Exponential backoff: the first retry a minute after a failure, then 2, 4, 8 … minutes,
# never more than an hour apart, so mail flows again within the hour after an outage ends.
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=1)
# A try still "sending" after this long was cut short (its worker stopped mid-send): the
# sweep queues it again. The SMTP timeout (EMAIL_URL, 10 s by default) is far shorter.
SENDING_TIMEOUT = timedelta(minutes=15)

# Outcomes of one try.
SENT = "sent"
RETRY = "retry"
REJECTED = "rejected"
EXPIRED = "expired"
SKIPPED = "skipped"  # not ours to send: already sent, being sent, or not due yet


class Outcome(NamedTuple):
    outcome: str
    next_attempt_at: datetime | None = None


def retry_window() -> timedelta:
    return timedelta(hours=settings.HOLDFAST_MAIL_RETRY_HOURS)


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed try (1, 2, 3 …)."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def is_permanent(error: BaseException) -> bool:
    """Whether a failure is the mail server's final word on this message (an SMTP 5xx about
    the message or its address). Everything else may pass: network errors, 4xx replies."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(
        error, smtplib.SMTPAuthenticationError | smtplib.SMTPConnectError | smtplib.SMTPHeloError
    ):
        # A 5xx here is about our connection (a wrong password, a server that will not greet
        # us), not about this message: once an operator fixes EMAIL_URL, it can go out.
        return False
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    return False


def describe(error: BaseException) -> str:
    """The failure in words for the admin list: the server's code and reply when it gave one."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        replies = [f"{code} {_text(message)}" for code, message in error.recipients.values()]
        return "Address refused: " + "; ".join(replies)
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {_text(error.smtp_error)}"
    return f"{type(error).__name__}: {error}"[:1000]


def _text(message) -> str:
    return message.decode(errors="replace") if isinstance(message, bytes) else str(message)


def build_message(email: OutgoingEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.text_body,
        from_email=email.from_email,
        to=[email.to],
        headers=dict(email.headers),
    )
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    return message


def deliver_email(*, email_id: int, now=None) -> Outcome:
    """Try once to send the queued email `email_id`, if it is due and nobody else is sending
    it, and record what the mail server said. Never raises because of the mail server."""
    now = now or timezone.now()
    claimed = OutgoingEmail.objects.filter(
        pk=email_id, status=Status.QUEUED, next_attempt_at__lte=now
    ).update(status=Status.SENDING, attempts=F("attempts") + 1, last_attempt_at=now)
    if not claimed:
        return Outcome(SKIPPED)
    email = OutgoingEmail.objects.get(pk=email_id)
    try:
        sent = mailers.default.send_messages([build_message(email)])
    except Exception as error:  # noqa: BLE001 — every failure is recorded, none reaches a page
        return _record_failure(email, error, now=now)
    if not sent:  # a backend that declined without an error (no valid recipient)
        return _record_failure(email, ValueError("The mail backend sent nothing."), now=now)
    _mine(email).update(status=Status.SENT, sent_at=now, last_error="")
    return Outcome(SENT)


def _mine(email: OutgoingEmail):
    # Only the try that claimed the row writes its outcome.
    return OutgoingEmail.objects.filter(pk=email.pk, status=Status.SENDING)


def _record_failure(email: OutgoingEmail, error: BaseException, *, now) -> Outcome:
    reason = describe(error)
    if is_permanent(error):
        _mine(email).update(status=Status.REJECTED, last_error=reason)
        logger.warning("Email %s to %s was refused for good: %s", email.pk, email.to, reason)
        return Outcome(REJECTED)
    next_attempt_at = now + retry_delay(email.attempts)
    if next_attempt_at > email.queued_at + retry_window():
        _mine(email).update(status=Status.EXPIRED, last_error=reason)
        logger.error(
            "Email %s to %s given up after %s tries: %s", email.pk, email.to, email.attempts, reason
        )
        return Outcome(EXPIRED)
    _mine(email).update(status=Status.QUEUED, next_attempt_at=next_attempt_at, last_error=reason)
    if not isinstance(error, OSError | smtplib.SMTPException):
        # Not the mail server: a fault of ours, worth its traceback in the log.
        logger.error("Email %s failed unexpectedly", email.pk, exc_info=error)
    else:
        logger.warning(
            "Email %s to %s will be tried again at %s: %s",
            email.pk,
            email.to,
            next_attempt_at.isoformat(),
            reason,
        )
    return Outcome(RETRY, next_attempt_at)


def send_due_emails(*, now=None, limit: int = 1000) -> dict[str, int]:
    """Try every queued email that is due (oldest first, at most `limit`), after queueing
    again the tries that were cut short. Safe beside the worker and beside itself: each email
    is claimed before it is sent. Returns how many of each outcome."""
    now = now or timezone.now()
    OutgoingEmail.objects.filter(
        status=Status.SENDING, last_attempt_at__lte=now - SENDING_TIMEOUT
    ).update(
        status=Status.QUEUED,
        next_attempt_at=now,
        last_error="The last try stopped before the mail server answered.",
    )
    due = list(
        OutgoingEmail.objects.filter(status=Status.QUEUED, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    counts = {SENT: 0, RETRY: 0, REJECTED: 0, EXPIRED: 0, SKIPPED: 0}
    for email_id in due:
        # The clock moves on during a long sweep: each try is stamped with its own time, so
        # that another sweep does not take a try in progress for one cut short.
        moment = max(now, timezone.now())
        counts[deliver_email(email_id=email_id, now=moment).outcome] += 1
    return counts
