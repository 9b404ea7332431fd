"""manage.py send_queued_mail: send every queued email that is due, now, in this process.

The worker (`manage.py db_worker`) sends email by itself, retries included; this command is
the safety net beside it — run it from cron every few minutes — for an email whose task was
lost, a try cut short by a stopped worker, or a site on the immediate task backend (DEBUG),
which cannot schedule a retry for later. It also deletes sent emails older than 30 days.
Running it twice, or beside the worker, sends nothing twice (outbox.delivery)."""

from django.core.management.base import BaseCommand

from outbox import delivery, services


class Command(BaseCommand):
    help = "Send queued emails that are due (retries included), and prune old sent ones."

    def add_arguments(self, parser):
        parser.add_argument(
            "--retry-failed",
            action="store_true",
            help="First queue again every email that failed for good (after fixing the cause).",
        )

    def handle(self, *args, retry_failed=False, **options):
        if retry_failed:
            requeued = services.resend_failed_emails()
            self.stdout.write(f"{requeued} failed email(s) queued again.")
        counts = delivery.send_due_emails()
        pruned = services.prune_sent_emails()
        self.stdout.write(
            f"{counts[delivery.SENT]} sent, {counts[delivery.RETRY]} to be tried again, "
            f"{counts[delivery.REJECTED]} refused, {counts[delivery.EXPIRED]} given up; "
            f"{pruned} old sent email(s) deleted."
        )
