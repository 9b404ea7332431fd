"""Risky dates: a member adds or removes their own; the hourly reminder emails the day before.

The on-site reminder and the day itself are reads (accounts.streaks.dates); only the email
changes state, so it is here: each occurrence is emailed once (RiskyDate.emailed_for), under
the member's "check-ins and care" email switch as well as the date's own choice."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from accounts import selectors
from accounts.email import sending
from accounts.models import PushSubscription, RiskyDate
from accounts.push import messages as push_messages
from accounts.push import services as push
from accounts.streaks.dates import falling_on

MAX_RISKY_DATES = 50
# The email goes out on the first run from this hour, on the member's clock, the day before:
# a morning note, never one at 3 a.m.
REMIND_FROM_HOUR = 9


def add_risky_date(
    *,
    member,
    label: str,
    on: datetime.date,
    repeats_yearly: bool = True,
    email_reminder: bool = False,
    now=None,
) -> RiskyDate:
    """Keep a date for `member`. ValidationError("too_many") past MAX_RISKY_DATES."""
    with transaction.atomic():
        if RiskyDate.objects.filter(member=member).count() >= MAX_RISKY_DATES:
            raise ValidationError(
                f"You can keep up to {MAX_RISKY_DATES} dates. Remove one you no longer need "
                "to add another.",
                code="too_many",
            )
        return RiskyDate.objects.create(
            member=member,
            label=label.strip(),
            on=on,
            repeats_yearly=repeats_yearly,
            email_reminder=email_reminder,
            created_at=now or timezone.now(),
        )


def delete_risky_date(*, risky_date: RiskyDate) -> None:
    """Remove a date (the caller fetched it with get_risky_date_for, so it is the member's)."""
    with transaction.atomic():
        risky_date.delete()


def send_risky_date_reminders(*, now=None) -> int:
    """The day-before reminder for every date that falls tomorrow on its member's own
    calendar, from REMIND_FROM_HOUR there: by email for members who chose it for that date
    and still want care emails, and as a push to the devices of members who turned push on.
    Idempotent: each occurrence is claimed (emailed_for) in the same transaction as the
    email and push are queued, so two runs at once remind once. Returns how many were
    reminded."""
    now = now or timezone.now()
    utc_today = now.astimezone(datetime.UTC).date()
    # Every zone's tomorrow is one of these three days.
    days = [utc_today + datetime.timedelta(days=n) for n in range(3)]
    has_device = PushSubscription.objects.filter(member_id=OuterRef("member_id"))
    candidates = (
        RiskyDate.objects.filter(falling_on(days))
        .annotate(has_device=Exists(has_device))
        .filter(Q(email_reminder=True) | Q(has_device=True))
        .select_related("member")
        .order_by("pk")
    )
    sent = 0
    for risky in candidates:
        local = now.astimezone(selectors.zone_named(risky.member.time_zone))
        tomorrow = local.date() + datetime.timedelta(days=1)
        if local.hour < REMIND_FROM_HOUR or not risky.falls_on(tomorrow):
            continue
        email = risky.email_reminder and sending.may_email(risky.member, sending.CARE, now=now)
        if email or risky.has_device:
            sent += _remind(risky, tomorrow, email=email)
    return sent


def _remind(risky: RiskyDate, occurrence: datetime.date, *, email: bool) -> int:
    with transaction.atomic():
        claimed = (
            RiskyDate.objects.filter(pk=risky.pk)
            .exclude(emailed_for=occurrence)
            .update(emailed_for=occurrence)
        )
        if not claimed:
            return 0
        # Discreetly, on the member's devices (accounts.push: quiet hours hold it back).
        push.push_to_members(
            member_ids=[risky.member_id], kind=push_messages.RISKY_DATE, url=reverse("accounts:sos")
        )
        if not email:
            return 1
        # The subject is discreet (an inbox may be seen by others); the member's own words
        # are only in the body.
        queued = sending.send_to_member(
            member=risky.member,
            email_type=sending.CARE,
            template="risky_date",
            subject="A gentle note for tomorrow",
            idempotency_key=f"risky_date:{risky.pk}:{occurrence.isoformat()}",
            context={
                "label": risky.label,
                "sos_url": sending.absolute_url(reverse("accounts:sos")),
                "dates_url": sending.absolute_url(reverse("accounts:risky_dates")),
            },
        )
        return int(queued)
