"""The member and their streak. Profile fields live on the user row itself: every post shows
a display name and join date, and one table means one join fewer on every page."""

import datetime
import uuid
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from accounts import names
from accounts.streaks import counting
from accounts.validators import username_format
from core.confusables import skeleton


class Visibility(models.TextChoices):
    EVERYONE = "everyone", "Everyone, including visitors who are not signed in"
    MEMBERS = "members", "Members only (signed in)"
    ONLY_ME = "only_me", "Only me"


class StreakDisplay(models.TextChoices):
    EXACT = "exact", "Exact days (“42 days”)"
    RANGE = "range", "A range (“30+ days”)"


class EmailDelivery(models.TextChoices):
    IMMEDIATELY = "immediately", "As it happens"
    DIGEST = "digest", "One email a day (a daily digest)"
    NEVER = "never", "Never — I'll check the site"


class Theme(models.TextChoices):
    AUTO = "auto", "Match my device"
    LIGHT = "light", "Light"
    DARK = "dark", "Dark"


class MemberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class MemberManager(UserManager.from_queryset(MemberQuerySet)):
    pass


class User(AbstractUser):
    username = models.CharField(
        max_length=30,
        unique=True,
        validators=[username_format],
        error_messages={"unique": "That name is taken. Try adding a word or a number."},
    )
    # The confusable skeleton of the username: unique, so "dem0_member" cannot sit
    # beside "demo_member" even when two sign-ups race.
    username_skeleton = models.CharField(max_length=90, unique=True, editable=False)
    # A looser form (accounts.names.look_alike_key: no separators, case or decorating
    # digits): sign-up refuses a name whose key another member's name already has. Not
    # unique, as names taken before it existed may share one.
    username_look_alike = models.CharField(max_length=90, db_index=True, editable=False)
    display_name = models.CharField(max_length=50, blank=True)
    bio = models.TextField(max_length=2000, blank=True)
    bio_html = models.TextField(blank=True, editable=False)
    # Validated against the zone database by the settings form; no choices here, so that a
    # tzdata update never needs a migration.
    time_zone = models.CharField(max_length=64, default="UTC")
    # Kept by forum.services in the same transaction as the post it counts, so
    # profiles and new-member rules never count rows.
    post_count = models.PositiveIntegerField(default=0, editable=False)
    # Moderation state is read by log-in (accounts) and posting (forum), so it
    # lives here at the bottom of the import chain; moderation.services sets it.
    silenced_until = models.DateTimeField(null=True, blank=True)
    suspended_until = models.DateTimeField(null=True, blank=True)
    suspended_forever = models.BooleanField(default=False)
    # Privacy. Who sees the streak (the card, milestones, post badges, the SVG badge and
    # celebration posts) and how; who sees the rest of the profile (bio, post count, recent
    # posts). Name and join date are shown beside every post, so they are always public.
    # Defaults keep a new member's streak among members: they choose to show it wider.
    streak_visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    streak_display = models.CharField(
        max_length=10, choices=StreakDisplay.choices, default=StreakDisplay.EXACT
    )
    profile_visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.EVERYONE
    )
    # Opt-in: a short note in "Daily check-ins" when a milestone is reached.
    celebrate_milestones = models.BooleanField(default=False)
    # Email (accounts.email.sending). One switch per kind of email and one choice of delivery. They
    # live on the member's row, like the privacy choices above: every email already loads
    # the member, so deciding whether to send costs no join and no row can be missing.
    email_replies = models.BooleanField(default=True)
    email_mentions = models.BooleanField(default=True)
    email_moderation = models.BooleanField(default=True)
    email_milestones = models.BooleanField(default=True)
    email_delivery = models.CharField(
        max_length=12, choices=EmailDelivery.choices, default=EmailDelivery.IMMEDIATELY
    )
    # The daily digest: the member's own calendar day it was last sent (one a day, however
    # often send_digests runs) and the moment it covered notifications up to.
    digest_sent_on = models.DateField(null=True, blank=True, editable=False)
    digest_covered_until = models.DateTimeField(null=True, blank=True, editable=False)
    # Care (accounts.roles, moderation.care). A guide is a member with lived experience whom
    # moderators trust to welcome newcomers; it is a flag on the row, so the badge beside a
    # post costs no query. Guides and moderators set the hours they are on shift, on their
    # own clock (a shift may run past midnight), and whether care alerts reach them by email.
    is_guide = models.BooleanField(default=False, editable=False)
    shift_start = models.TimeField(null=True, blank=True)
    shift_end = models.TimeField(null=True, blank=True)
    # Check-ins and caring messages to the member; for guides and moderators, care alerts too.
    email_care = models.BooleanField(default=True)
    # ISO 3166 code of the member's crisis lines (accounts.streaks.helplines); empty: suggested from
    # their time zone.
    country = models.CharField(max_length=2, blank=True)
    # Light or dark pages (accounts.theme). On the member's row, like the choices above, so
    # that every page can read it from the user it has already loaded, at no query.
    theme = models.CharField(max_length=5, choices=Theme.choices, default=Theme.AUTO)

    objects = MemberManager()

    class Meta:
        ordering = ["username"]

    def __str__(self):
        return self.username

    def save(self, *args, **kwargs):
        self.username_skeleton = skeleton(self.username)
        self.username_look_alike = names.look_alike_key(self.username)
        super().save(*args, **kwargs)

    @property
    def public_name(self) -> str:
        return self.display_name or self.username

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def is_silenced(self, now=None) -> bool:
        now = now or timezone.now()
        return self.silenced_until is not None and self.silenced_until > now

    def is_suspended(self, now=None) -> bool:
        now = now or timezone.now()
        return self.suspended_forever or (
            self.suspended_until is not None and self.suspended_until > now
        )


# --- The streak --------------------------------------------------------------------------
# Written only by accounts.services; read through accounts.selectors. Notes, reflections,
# reasons and unsent messages are private: no page but the member's own ever reads them.


class Streak(models.Model):
    """A stretch of no contact, from `started_on` to `ended_on` (open while null), both dates
    on the member's own calendar. Ended streaks are kept: they are the member's history."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="streaks"
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    # Whole days the streak lasted, written when it ends, so history and totals never
    # recount dates (and the badge selector can Sum/Max it in SQL on both databases).
    length_days = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Started before the account existed: the member tells us, we cannot have seen it.
    self_reported = models.BooleanField(default=False)
    reflection = models.TextField(max_length=5000, blank=True)  # private
    created_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # Two "start" clicks racing each other cannot open two streaks.
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(ended_on__isnull=True),
                name="accounts_one_open_streak_per_member",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="accounts_streak_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, length_days__isnull=True)
                | Q(ended_on__isnull=False, length_days__isnull=False),
                name="accounts_streak_length_when_ended",
            ),
        ]
        indexes = [
            # The history, newest first.
            models.Index(fields=["member", "-started_on"], name="accounts_streak_history"),
        ]

    def __str__(self):
        return f"{self.member_id}: {self.started_on} – {self.ended_on or 'now'}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None

    def days_on(self, today: datetime.date) -> int:
        """Whole days this streak lasted, or has lasted by `today` (the member's date)."""
        if self.length_days is not None:
            return self.length_days
        return counting.days_between(self.started_on, today)


class ContactEvent(models.Model):
    class Kind(models.TextChoices):
        I_REACHED_OUT = "i_reached_out", "I reached out"
        I_REPLIED = "i_replied", "I replied"
        THEY_REACHED_OUT = (
            "they_reached_out_no_reply",
            "They reached out and I did not answer",
        )
        LOGISTICS = "logistics", "Necessary logistics (co-parenting, a lease, …)"

    # Only the member's own contact ends a streak; being contacted, or contact one cannot
    # avoid, is kept in the history and never resets anything.
    ENDS_STREAK = frozenset({Kind.I_REACHED_OUT, Kind.I_REPLIED})

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_events"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    occurred_at = models.DateTimeField()
    note = models.TextField(max_length=5000, blank=True)  # private
    # The streak that was open when it happened (and that it ended, for the first two kinds).
    streak = models.ForeignKey(
        Streak, null=True, blank=True, on_delete=models.SET_NULL, related_name="contact_events"
    )

    class Meta:
        indexes = [
            models.Index(fields=["member", "-occurred_at"], name="accounts_contact_recent"),
        ]

    def __str__(self):
        return f"{self.member_id}: {self.kind} at {self.occurred_at:%Y-%m-%d %H:%M}"

    @property
    def ends_streak(self) -> bool:
        return self.kind in self.ENDS_STREAK


class CheckIn(models.Model):
    """One a day per member, on the member's own calendar."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="check_ins"
    )
    day = models.DateField()
    mood = models.PositiveSmallIntegerField(null=True, blank=True)  # 1 (low) to 5 (good)
    note = models.TextField(max_length=5000, blank=True)  # private
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            # Two check-ins at the same moment count once (the service catches the loser).
            # Its index also serves the member's check-ins newest first.
            models.UniqueConstraint(fields=["member", "day"], name="accounts_one_check_in_a_day"),
            models.CheckConstraint(
                condition=Q(mood__isnull=True) | Q(mood__gte=1, mood__lte=5),
                name="accounts_check_in_mood_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.member_id}: {self.day}"


class MilestoneAward(models.Model):
    """A milestone badge, earned once and kept after any reset."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="milestone_awards"
    )
    days = models.PositiveSmallIntegerField(choices=[(d, f"{d}") for d in counting.MILESTONES])
    streak = models.ForeignKey(
        Streak, null=True, blank=True, on_delete=models.SET_NULL, related_name="awards"
    )
    awarded_at = models.DateTimeField()
    # When the member first saw the milestone's moment on their streak page (null: not yet).
    # The page shows the highest unseen award once, as a celebration, then marks them seen.
    seen_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        constraints = [
            # Once each; its index serves the member's badges in order of days.
            models.UniqueConstraint(fields=["member", "days"], name="accounts_milestone_once"),
        ]

    def __str__(self):
        return f"{self.member_id}: {self.days} days"


# --- "Urge to contact" (SOS): private to the member, shown to no one else ------------------


class UrgeReason(models.Model):
    """One of the member's own reasons for no contact, read when the urge comes."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="urge_reasons"
    )
    text = models.CharField(max_length=300)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["member", "position"], name="accounts_reason_order")]

    def __str__(self):
        return f"{self.member_id}: reason {self.pk}"


class UnsentMessage(models.Model):
    """Words written to the other person and never sent: saved for the member only."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unsent_messages"
    )
    body = models.TextField(max_length=10_000)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["member", "-created_at"], name="accounts_unsent_recent"),
        ]

    def __str__(self):
        return f"{self.member_id}: unsent {self.pk}"


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
