"""manage.py open_daily_pledge: make today's pledge thread ("Today I won't reach out — …") in
"Daily check-ins", written by the Holdfast team account (seed_forum makes both).

Run it daily just after midnight, site time (cron: `5 0 * * * … manage.py open_daily_pledge`);
running it again the same day, or hourly to be safe, makes nothing twice
(forum.services.pledges.open_daily_pledge)."""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from forum import services
from forum.celebrations import CATEGORY_SLUG
from forum.management.commands.seed_forum import TEAM_USERNAME
from forum.models import Category


class Command(BaseCommand):
    help = "Make today's daily pledge thread in Daily check-ins (safe to run again)."

    def handle(self, *args, **options):
        team = User.objects.filter(username=TEAM_USERNAME).first()
        category = Category.objects.filter(slug=CATEGORY_SLUG).first()
        if team is None or category is None:
            raise CommandError(
                "The pledge thread needs the Holdfast team account and the Daily check-ins "
                "category: run `manage.py seed_forum` first."
            )
        daily = services.open_daily_pledge(author=team, category=category)
        self.stdout.write(f"Today's pledge thread: {daily.thread.get_absolute_url()}")
