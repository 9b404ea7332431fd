"""Urges ridden out and their triggers (issue 16): each time a member, at the end of the SOS
page, says "I held on", and the triggers they name on a check-in or a contact event. Private
to the member: shown on their own streak and insights pages, to no one else (no profile,
badge or card reads these tables)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.models.streaks import CheckIn, ContactEvent, Streak


class UrgeHeld(models.Model):
    """One urge to contact, ridden out. "I reached out" is not kept here: it goes to the
    "Something happened" step, which records the contact (and the reset) as before."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="urges_held"
    )
    held_at = models.DateTimeField()
    # The streak that was running (None: none was), so the history can say how many urges
    # each streak rode out.
    streak = models.ForeignKey(
        Streak, null=True, blank=True, on_delete=models.SET_NULL, related_name="urges_held"
    )

    class Meta:
        verbose_name = "urge held"
        verbose_name_plural = "urges held"
        indexes = [
            models.Index(fields=["member", "-held_at"], name="accounts_urge_held_recent"),
        ]

    def __str__(self):
        return f"{self.member_id}: urge held at {self.held_at:%Y-%m-%d %H:%M}"


class TriggerTag(models.Model):
    """One trigger the member named on a check-in or a contact event ("their birthday",
    "late night", or their own words). Private, like the row it tags; counted on the
    member's insights page. A row per tag (rather than a list on the check-in) so the top
    triggers are one GROUP BY."""

    # The starting list offered as checkboxes (slug, words); a member may add their own.
    STARTING = (
        ("their-birthday", "Their birthday"),
        ("song-or-place", "A song or a place"),
        ("saw-their-profile", "Seeing their profile"),
        ("alcohol", "Alcohol"),
        ("loneliness", "Loneliness"),
        ("late-night", "Late night"),
    )
    WORDS = dict(STARTING)
    NAME_MAX = 40

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trigger_tags"
    )
    # A starting slug, or the member's own words (stripped, lower-cased, at most NAME_MAX).
    name = models.CharField(max_length=NAME_MAX)
    check_in = models.ForeignKey(
        CheckIn, null=True, blank=True, on_delete=models.CASCADE, related_name="trigger_tags"
    )
    contact_event = models.ForeignKey(
        ContactEvent, null=True, blank=True, on_delete=models.CASCADE, related_name="trigger_tags"
    )
    tagged_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(check_in__isnull=False, contact_event__isnull=True)
                | Q(check_in__isnull=True, contact_event__isnull=False),
                name="accounts_trigger_tags_one_row",
            ),
        ]
        indexes = [models.Index(fields=["member", "name"], name="accounts_trigger_by_name")]

    def __str__(self):
        return f"{self.member_id}: {self.name}"

    @property
    def words(self) -> str:
        return self.WORDS.get(self.name, self.name)
