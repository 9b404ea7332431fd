"""Demo members with streaks of various lengths and privacy settings (called by load_demo).

Idempotent: a member who already has a streak is left as they are. Streaks are made through
accounts.services, so milestones are awarded as they would be for a real member.
"""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts import services, streaks
from accounts.models import StreakDisplay, User, Visibility

# (username, display name, days, who sees the streak, how it is shown, a past streak's length)
DEMO_STREAKS = [
    ("demo_member", "Demo member", 12, Visibility.EVERYONE, StreakDisplay.EXACT, None),
    ("steady_oak", "Steady oak", 400, Visibility.EVERYONE, StreakDisplay.EXACT, 45),
    ("quiet_harbor", "Quiet harbor", 42, Visibility.EVERYONE, StreakDisplay.RANGE, None),
    ("new_morning", "New morning", 2, Visibility.MEMBERS, StreakDisplay.EXACT, 9),
    ("private_fern", "Private fern", 95, Visibility.ONLY_ME, StreakDisplay.EXACT, None),
]


class Command(BaseCommand):
    help = "Create demo members with no-contact streaks (idempotent)."

    def handle(self, *args, **options):
        now = timezone.now()
        for username, display_name, days, visibility, display, past in DEMO_STREAKS:
            member, created = User.objects.get_or_create(
                username=username,
                defaults={"email": f"{username}@holdfast.invalid", "display_name": display_name},
            )
            if created:
                member.set_unusable_password()
            member.streak_visibility = visibility
            member.streak_display = display
            member.save()
            if member.streaks.exists():
                continue
            today = streaks.local_date(member.zone, now)
            if past is not None:
                began = today - datetime.timedelta(days=days + past + 3)
                ended = now - datetime.timedelta(days=days + 3)
                services.start_streak(member=member, started_on=began, now=ended)
                services.end_streak(member=member, reflection="", now=ended)
            began = today - datetime.timedelta(days=days)
            services.start_streak(member=member, started_on=began, now=now)
        self.stdout.write(f"Demo streaks: {', '.join(row[0] for row in DEMO_STREAKS)}")
