"""The member. Profile fields live on the user row itself: every post shows a
display name and join date, and one table means one join fewer on every page."""

import zoneinfo

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone

from accounts.confusables import skeleton
from accounts.validators import username_format


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

    objects = MemberManager()

    class Meta:
        ordering = ["username"]

    def __str__(self):
        return self.username

    def save(self, *args, **kwargs):
        self.username_skeleton = skeleton(self.username)
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
