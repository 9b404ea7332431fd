"""Demo members with streaks of various lengths and privacy settings (called by load_demo).

Idempotent: a member who already has a streak is left as they are, and a bio of their own is
kept. Streaks, privacy and bios are set through accounts.services, so milestones are awarded
and bios rendered (once, at save time) as they would be for a real member.
"""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts import services
from accounts.models import StreakDisplay, User, Visibility
from accounts.streaks import counting

# (username, display name, days, who sees the streak, how it is shown, a past streak's length)
DEMO_STREAKS = [
    ("demo_member", "Demo member", 12, Visibility.EVERYONE, StreakDisplay.EXACT, None),
    ("steady_oak", "Steady oak", 400, Visibility.EVERYONE, StreakDisplay.EXACT, 45),
    ("quiet_harbor", "Quiet harbor", 42, Visibility.EVERYONE, StreakDisplay.RANGE, None),
    ("new_morning", "New morning", 2, Visibility.MEMBERS, StreakDisplay.EXACT, 9),
    ("private_fern", "Private fern", 95, Visibility.ONLY_ME, StreakDisplay.EXACT, None),
]

# Short, kind bios in Markdown, as a member would write them on /settings/profile/.
DEMO_BIOS = {
    "demo_member": "Twelve days in. Taking it *one morning at a time*.",
    "steady_oak": (
        "Past the first year. If you're on day one, I remember it well: **it gets quieter**. "
        "Happy to read your check-ins."
    ),
    "quiet_harbor": "Gardening, long walks and muting old playlists. Here to listen, too.",
    "new_morning": "Starting again after a slip, and that's okay. Thank you for the kind replies.",
    "private_fern": "My count stays private, but I read every thread. You're not alone.",
}


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
                member.save(update_fields=["password"])
            _set_profile(member, bio=DEMO_BIOS[username], visibility=visibility, display=display)
            if member.streaks.exists():
                continue
            today = counting.local_date(member.zone, now)
            if past is not None:
                began = today - datetime.timedelta(days=days + past + 3)
                ended = now - datetime.timedelta(days=days + 3)
                services.start_streak(member=member, started_on=began, now=ended)
                services.end_streak(member=member, reflection="", now=ended)
            began = today - datetime.timedelta(days=days)
            services.start_streak(member=member, started_on=began, now=now)
        self.stdout.write(f"Demo streaks: {', '.join(row[0] for row in DEMO_STREAKS)}")


def _set_profile(member: User, *, bio: str, visibility: str, display: str) -> None:
    """The demo bio (unless the member wrote one of their own) and streak privacy, through
    the same service as the settings page; nothing is written when nothing would change, so
    a second run leaves the members (and the visitors' page cache) as they are."""
    bio = member.bio or bio
    if (member.bio, member.streak_visibility, member.streak_display) == (bio, visibility, display):
        return
    services.update_profile(
        member=member,
        display_name=member.display_name,
        bio=bio,
        time_zone=member.time_zone,
        streak_visibility=visibility,
        streak_display=display,
        profile_visibility=member.profile_visibility,
        celebrate_milestones=member.celebrate_milestones,
    )
