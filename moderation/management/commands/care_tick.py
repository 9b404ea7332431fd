"""Run the care loop's clock once: crisis items called and escalated, the first-reply net,
and the thread emails the coalescing window held back (docs/care.md). Run it from cron every
minute or two, like send_digests hourly; every step is idempotent, so an overlap or a rerun
calls nobody twice.

    * * * * *  cd /srv/holdfast && .venv/bin/python manage.py care_tick
"""

from django.core.management.base import BaseCommand

from forum import emails as forum_emails
from moderation.care import rounds


class Command(BaseCommand):
    help = "Call guides and moderators for waiting first posts and crisis items; send held emails."

    def handle(self, *args, **options):
        result = rounds.tick()
        held = forum_emails.send_waiting_thread_emails()
        self.stdout.write(
            "care_tick: "
            f"{result.crisis_on_call} crisis item(s) called on call, "
            f"{result.crisis_escalated} escalated to every moderator, "
            f"{result.first_reply_on_shift} thread(s) called to guides on shift, "
            f"{result.first_reply_wider} to every guide and moderator, "
            f"{held} held thread email(s) sent."
        )
