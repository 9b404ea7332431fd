"""One row per email the site sends: what to send, and how its delivery is going.

The row is the message's source of truth. The delivery task (outbox.tasks) only carries its
id, so a message survives a mail-server outage, a worker restart or a lost task: whatever
is still queued and due is sent by the next task or `manage.py send_queued_mail`.
"""

from django.db import models


class OutgoingEmail(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"  # waiting for its first try, or its next one
        SENDING = "sending", "Sending"  # claimed by one worker; nobody else sends it
        SENT = "sent", "Sent"
        REJECTED = "rejected", "Rejected"  # the mail server refused it for good (5xx)
        EXPIRED = "expired", "Gave up"  # still failing when the retry window closed

    # Names the message, not the send: a second queue_email() with the same key (a task
    # that ran twice, a request that was retried) finds this row and sends nothing more.
    idempotency_key = models.CharField(max_length=200, unique=True)
    to = models.EmailField(max_length=254)
    from_email = models.CharField(max_length=320)
    subject = models.CharField(max_length=998)
    text_body = models.TextField()
    html_body = models.TextField(blank=True)
    # Extra headers (List-Unsubscribe, Auto-Submitted, and the Message-ID fixed at queueing
    # so that every try carries the same one).
    headers = models.JSONField(default=dict, blank=True)

    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()
    # When the retry window opened: created_at, or when an operator last sent it again.
    queued_at = models.DateTimeField()
    next_attempt_at = models.DateTimeField()
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = "outgoing email"
        indexes = [
            # The worker's and the check's question: what is queued (or stuck) and due?
            models.Index(fields=["status", "next_attempt_at"], name="outbox_status_due"),
            # The admin's list, newest first.
            models.Index(fields=["-created_at"], name="outbox_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "sending", "sent", "rejected", "expired"]),
                name="outbox_status_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to} ({self.get_status_display()})"

    @property
    def is_failed(self) -> bool:
        return self.status in {self.Status.REJECTED, self.Status.EXPIRED}
