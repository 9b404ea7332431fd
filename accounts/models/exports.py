"""A member's copy of their data."""

import uuid

from django.conf import settings
from django.db import models

# --- Data rights: a member's copy of their data (accounts.data_rights) ---------------------


class DataExport(models.Model):
    """One copy of everything a member wrote, built in the background for large accounts and
    downloadable by its member only until `expires_at`. The id is random, and every read
    still checks the owner (accounts.data_rights.services.get_export_for)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Something went wrong"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # The export itself, as the JSON download gives it; the HTML page renders the same data.
    payload = models.JSONField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [
            # The member's exports, newest first; and the prune of expired ones.
            models.Index(fields=["member", "-created_at"], name="accounts_export_member"),
            models.Index(fields=["expires_at"], name="accounts_export_expiry"),
        ]

    def __str__(self):
        return f"Export {self.pk} for {self.member_id} ({self.status})"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING
