"""The one way Holdfast sends email: queue_email().

Every email — allauth's (verification, password reset, "someone tried to sign up with your
address"), notifications, digests, moderators' alerts — becomes one OutgoingEmail row here,
to one address, and a task delivers it (outbox.tasks, outbox.delivery) with retries. A page
that sends mail therefore never waits for, or fails with, the mail server.

outbox sits at the bottom: it knows no other app by name. accounts, forum and moderation
build their emails and hand them here.
"""

import hashlib
from datetime import timedelta
from email.utils import parseaddr
from functools import reduce
from operator import or_

from django.conf import settings
from django.core.mail import make_msgid
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from outbox import tasks
from outbox.models import OutgoingEmail

Status = OutgoingEmail.Status
KEY_LENGTH = OutgoingEmail._meta.get_field("idempotency_key").max_length
# Sent emails are kept this long (for the admin list, and so that a late duplicate of a
# queue_email() call still finds its key), then deleted by `manage.py send_queued_mail`.
KEEP_SENT_DAYS = 30


def queue_email(
    *,
    to: str,
    subject: str,
    text: str,
    idempotency_key: str,
    html: str | None = None,
    headers: dict[str, str] | None = None,
    from_email: str | None = None,
    now=None,
) -> OutgoingEmail:
    """Queue one email to one address and start its delivery; return its row.

    Idempotent: `idempotency_key` names the message (e.g. "notification:42"). A second call
    with the same key — a task that ran twice, a request that was retried — returns the first
    row and sends nothing more. Never raises because of the mail server (it is not contacted
    here with django-tasks-db; with the immediate backend its failure is recorded on the row).

    With django-tasks-db the delivery task joins the caller's transaction: the email goes out
    only if that transaction commits. The Message-ID is fixed here, so every try carries the
    same one and a receiving server can recognise a repeat."""
    now = now or timezone.now()
    from_email = from_email or settings.DEFAULT_FROM_EMAIL
    headers = dict(headers or {})
    if not any(name.lower() == "message-id" for name in headers):
        headers["Message-ID"] = make_msgid(domain=_domain_of(from_email))
    with transaction.atomic():
        email, created = OutgoingEmail.objects.get_or_create(
            idempotency_key=_fit(idempotency_key),
            defaults={
                "to": to,
                "from_email": from_email,
                "subject": " ".join(subject.splitlines())[:998],
                "text_body": text,
                "html_body": html or "",
                "headers": headers,
                "created_at": now,
                "queued_at": now,
                "next_attempt_at": now,
            },
        )
    if created:
        tasks.schedule_delivery(email.pk)
    return email


def content_key(*, to: str, subject: str, text: str, now=None) -> str:
    """An idempotency key for an email that has no natural one: the same words to the same
    address within the same hour are one message (a double-clicked button, a retried
    request). An email with a name of its own (a notification's id) should pass that."""
    now = now or timezone.now()
    digest = hashlib.sha256("\0".join([to.lower(), subject, text]).encode()).hexdigest()
    return f"content:{now:%Y%m%d%H}:{digest}"


def _fit(key: str) -> str:
    if len(key) <= KEY_LENGTH:
        return key
    return key[: KEY_LENGTH - 65] + ":" + hashlib.sha256(key.encode()).hexdigest()


def _domain_of(address: str) -> str:
    return parseaddr(address)[1].rpartition("@")[2] or "holdfast.local"


def resend_emails(*, email_ids, now=None) -> int:
    """Send again, now, the emails that failed (rejected or given up) or are waiting for a
    retry — an operator's "send again", once the cause is fixed. Each gets a fresh retry
    window. Sent emails are left alone: sending one again would be a duplicate. Returns how
    many were queued."""
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            OutgoingEmail.objects.filter(
                pk__in=list(email_ids), status__in=[Status.QUEUED, Status.REJECTED, Status.EXPIRED]
            ).values_list("pk", flat=True)
        )
        OutgoingEmail.objects.filter(pk__in=ids).update(
            status=Status.QUEUED, attempts=0, queued_at=now, next_attempt_at=now
        )
    for email_id in ids:
        tasks.schedule_delivery(email_id)
    return len(ids)


def resend_failed_emails(*, now=None) -> int:
    """resend_emails() for every email that failed (rejected or given up)."""
    failed = OutgoingEmail.objects.filter(status__in=[Status.REJECTED, Status.EXPIRED])
    return resend_emails(email_ids=failed.values_list("pk", flat=True), now=now)


def prune_sent_emails(*, now=None) -> int:
    """Delete sent emails older than KEEP_SENT_DAYS; returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=KEEP_SENT_DAYS)
    deleted, _ = OutgoingEmail.objects.filter(status=Status.SENT, sent_at__lt=cutoff).delete()
    return deleted


def forget_emails_to(*, addresses) -> int:
    """Delete every email, sent or waiting, to these addresses (an erased account: its
    emails carry its name and the words of its notifications). Returns how many."""
    matches = [Q(to__iexact=address) for address in addresses if address]
    if not matches:
        return 0
    deleted, _ = OutgoingEmail.objects.filter(reduce(or_, matches)).delete()
    return deleted
