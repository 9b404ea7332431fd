"""Reads about the outbox that `check` and the admin share."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from outbox.models import OutgoingEmail

Status = OutgoingEmail.Status
# A failure is reported this long after its last try; an email queued longer than STUCK_AFTER
# means the mail server or the worker has been down at least that long.
FAILED_WITHIN = timedelta(days=7)
STUCK_AFTER = timedelta(hours=1)


@dataclass(frozen=True)
class MailTrouble:
    failed: int  # rejected or given up, in the last FAILED_WITHIN
    stuck: int  # queued (or sending) for longer than STUCK_AFTER
    oldest_stuck: OutgoingEmail | None


def mail_trouble(*, now=None) -> MailTrouble:
    """Emails that failed lately, and emails that have waited too long. Three queries."""
    now = now or timezone.now()
    failed = OutgoingEmail.objects.filter(
        status__in=[Status.REJECTED, Status.EXPIRED], last_attempt_at__gte=now - FAILED_WITHIN
    ).count()
    stuck = OutgoingEmail.objects.filter(
        status__in=[Status.QUEUED, Status.SENDING], queued_at__lte=now - STUCK_AFTER
    )
    return MailTrouble(
        failed=failed,
        stuck=stuck.count(),
        oldest_stuck=stuck.order_by("queued_at").only("queued_at", "last_error").first(),
    )
