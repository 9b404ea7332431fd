"""manage.py send_risky_date_reminders: email the day-before reminder of members' risky dates.

Run it every hour (cron: `0 * * * * … manage.py send_risky_date_reminders`): a date that falls
tomorrow on its member's calendar is reminded on the first run from 09:00 on their clock, once
(accounts.streaks.services.dates), and only for dates the member asked an email for. The
reminder on the site needs no command: the pages read the dates."""

from django.core.management.base import BaseCommand

from accounts.streaks.services import dates
from core.management import clock


class Command(BaseCommand):
    help = "Email members the day before a risky date they asked to be reminded of."

    def add_arguments(self, parser):
        clock.add_now_argument(parser)

    def handle(self, *args, now=None, **options):
        moment = clock.parse_now(now, example="2026-06-15T09:00:00+00:00")
        sent = dates.send_risky_date_reminders(now=moment)
        self.stdout.write(f"{sent} reminder{'' if sent == 1 else 's'} sent.")
