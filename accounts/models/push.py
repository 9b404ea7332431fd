"""Web push (issue 16, item 6): the devices a member turned notifications on for, and their
quiet hours. Private: only the member's own settings page reads them, and the push task."""

from django.conf import settings
from django.db import models


class PushSubscription(models.Model):
    """One browser's Push API subscription (RFC 8030 endpoint, RFC 8291 keys). The endpoint
    is a capability URL at the browser vendor's push service: never shown on a page."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)  # the browser's public key, base64url
    auth = models.CharField(max_length=100)  # the shared auth secret, base64url
    created_at = models.DateTimeField()

    def __str__(self):
        return f"{self.member_id}: push subscription {self.pk}"

    def as_webpush_info(self) -> dict:
        """The shape pywebpush.webpush() takes."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class PushPreference(models.Model):
    """When the member wants no push at all, in hours of their own time zone: from
    `quiet_from` until `quiet_until` (it may cross midnight: 22 → 7). Both null: no quiet
    hours. A push that falls in them is not sent (the site's notification stays)."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_preference"
    )
    quiet_from = models.PositiveSmallIntegerField(null=True, blank=True)
    quiet_until = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(quiet_from__isnull=True, quiet_until__isnull=True)
                    | models.Q(quiet_from__lte=23, quiet_until__lte=23)
                ),
                name="accounts_push_quiet_hours_valid",
            )
        ]

    def __str__(self):
        return f"{self.member_id}: quiet {self.quiet_from}-{self.quiet_until}"

    def is_quiet_at(self, hour: int) -> bool:
        start, end = self.quiet_from, self.quiet_until
        if start is None or end is None or start == end:
            return False
        if start < end:
            return start <= hour < end
        return hour >= start or hour < end  # across midnight
