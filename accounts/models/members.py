"""The member and their streak. Profile fields live on the user row itself: every post shows
a display name and join date, and one table means one join fewer on every page."""

import zoneinfo

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone

from accounts import names
from accounts.validators import username_format
from core.confusables import skeleton
from core.loading import QuickLoad


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


class User(QuickLoad, AbstractUser):
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
    # Discreet mode (docs/quick-exit-and-privacy.md): a neutral tab title and icon on every
    # page, and email subjects that say nothing of what the site is about or who is named.
    # On the member's row, like the theme, so every page reads it at no query.
    discreet_mode = models.BooleanField(default=False)
    # The shield (accounts.shield, issue #15 item 3): null, off; N, the member's profile and
    # posts are hidden from visitors and from accounts younger than N days.
    shield_days = models.PositiveSmallIntegerField(null=True, blank=True)
    # Streak figures (docs/cold-renders.md): what the badge beside every post shows, kept
    # here so a thread page reads them from the author it already joins instead of running
    # five subqueries per post. Written ONLY by accounts.streaks.figures.refresh_figures, in
    # the transaction of every service that writes a Streak or MilestoneAward row, from those
    # rows themselves: they cannot disagree with the history. The open streak's start (null
    # between streaks) and whether it is self-reported; the longest and the total of the ended
    # streaks (null total: none ended yet); the highest milestone awarded.
    streak_started_on = models.DateField(null=True, blank=True, editable=False)
    streak_self_reported = models.BooleanField(default=False, editable=False)
    streak_longest_ended = models.PositiveIntegerField(null=True, blank=True, editable=False)
    streak_total_ended = models.PositiveIntegerField(null=True, blank=True, editable=False)
    streak_top_award = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)

    objects = MemberManager()

    class Meta:
        ordering = ["username"]
        indexes = [
            # The few members whose shield is on: every list leaves out their threads
            # (accounts.shield), and without it PostgreSQL read the whole table to find them.
            models.Index(
                fields=["shield_days"],
                condition=models.Q(shield_days__isnull=False),
                name="accounts_user_shielded",
            ),
        ]

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

    # The clock is read only for a member with an end date: a thread page asks these some
    # sixty times, for members who are almost never silenced or suspended.
    def is_silenced(self, now=None) -> bool:
        return self.silenced_until is not None and self.silenced_until > (now or timezone.now())

    def is_suspended(self, now=None) -> bool:
        if self.suspended_forever:
            return True
        return self.suspended_until is not None and self.suspended_until > (now or timezone.now())
