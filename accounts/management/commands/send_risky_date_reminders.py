"""manage.py send_risky_date_reminders: email the day-before reminder of members' risky dates.

Run it every hour (cron: `0 * * * * … manage.py send_risky_date_reminders`): a date that falls
tomorrow on its member's calendar is reminded on the first run from 09:00 on their clock, once
(accounts.streaks.services.dates), and only for dates the member asked an email for. The
reminder on the site needs no command: the pages read the dates."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from accounts.streaks.services import dates


class Command(BaseCommand):
    help = "Email members the day before a risky date they asked to be reminded of."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            help="Act as if it were this moment (ISO 8601 with a UTC offset); for catching up.",
        )

    def handle(self, *args, now=None, **options):
        moment = None
        if now:
            try:
                moment = datetime.datetime.fromisoformat(now)
            except ValueError:
                moment = None
            if moment is None or moment.tzinfo is None:
                raise CommandError(
                    "--now needs a date and time with its UTC offset, "
                    "e.g. 2026-06-15T09:00:00+00:00."
                )
        sent = dates.send_risky_date_reminders(now=moment)
        self.stdout.write(f"{sent} reminder{'' if sent == 1 else 's'} sent.")
