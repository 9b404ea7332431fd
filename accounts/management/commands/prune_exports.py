"""Delete members' data exports older than accounts.data_rights.services.EXPORT_DAYS. Run it
daily (cron or a scheduler). Pages never delete (reads never write): they only stop showing an
expired export; asking for a new copy also deletes the member's own expired ones."""

from django.core.management.base import BaseCommand

from accounts.data_rights import services as data_rights


class Command(BaseCommand):
    help = "Delete data exports that have expired (older than 7 days)."

    def handle(self, *args, **options):
        deleted = data_rights.prune_expired_exports()
        self.stdout.write(f"Deleted {deleted} expired export{'s' if deleted != 1 else ''}.")
