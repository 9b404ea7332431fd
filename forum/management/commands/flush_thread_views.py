"""Write the thread views counted in the cache into Thread.view_count (forum.view_counts).
Run it from cron every few minutes; it is safe to run at any time, as often as you like."""

from django.core.management.base import BaseCommand

from forum import view_counts


class Command(BaseCommand):
    help = "Move thread view counts from the cache into the database."

    def handle(self, *args, **options):
        self.stdout.write(f"Flushed {view_counts.flush()} thread view(s).")
