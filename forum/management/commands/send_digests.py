"""manage.py send_digests: send the daily digest to every member who chose one and is due.

Run it every hour (cron: `0 * * * * … manage.py send_digests`): each member's digest goes out
on the first run after 07:00 on their own clock, at most once per day on their calendar, and
only when there is something new. Running it twice sends nothing twice (forum.emails)."""

from django.core.management.base import BaseCommand

from core.management import clock
from forum import emails


class Command(BaseCommand):
    help = "Send the daily email digest to members who chose it and are due one."

    def add_arguments(self, parser):
        clock.add_now_argument(parser)

    def handle(self, *args, now=None, **options):
        moment = clock.parse_now(now, example="2026-06-15T07:00:00+00:00")
        sent = emails.send_digests(now=moment)
        self.stdout.write(f"{sent} digest{'' if sent == 1 else 's'} sent.")
