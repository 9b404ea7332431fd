"""Delete members' data exports older than accounts.data_rights.services.EXPORT_DAYS. Run it daily
(cron or a scheduler); pages also prune a member's own expired exports when they read them."""

from django.core.management.base import BaseCommand

from accounts.data_rights import services as data_rights


class Command(BaseCommand):
    help = "Delete data exports that have expired (older than 7 days)."

    def handle(self, *args, **options):
        deleted = data_rights.prune_expired_exports()
        self.stdout.write(f"Deleted {deleted} expired export{'s' if deleted != 1 else ''}.")
