"""Loads the demo community for `make run`: two demo accounts, then each app's
demo content. Idempotent: a second run creates nothing twice. Migrations never
create accounts; this command is the only place demo accounts come from."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User

DEMO_PASSWORD = "holdfast-demo"  # noqa: S105 — printed on purpose; demo mode only.
DEMO_ACCOUNTS = [
    {"username": "demo_member", "display_name": "Demo member"},
    {"username": "demo_moderator", "display_name": "Demo moderator", "moderator": True},
]
# Each app contributes its demo content through a command of its own, called by
# name so that this lowest app imports nothing from the apps above it.
APP_DEMO_COMMANDS = ["seed_forum", "demo_streaks", "demo_forum", "demo_moderation", "demo_care"]


class Command(BaseCommand):
    help = "Create the demo accounts and demo content (refuses with DEBUG off unless --force)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "load_demo creates accounts with a published password; it runs only with "
                "DEBUG on. Pass --force if you really mean it."
            )
        for account in DEMO_ACCOUNTS:
            self.ensure_account(**account)
        available = get_commands()
        for name in APP_DEMO_COMMANDS:
            if name in available:
                call_command(name, stdout=self.stdout)
        self.stdout.write(
            f"Demo accounts (password {DEMO_PASSWORD!r}): "
            + ", ".join(account["username"] for account in DEMO_ACCOUNTS)
        )

    def ensure_account(self, *, username, display_name, moderator=False):
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@holdfast.invalid", "display_name": display_name},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        if moderator:
            group, _ = Group.objects.get_or_create(name="Moderators")
            user.groups.add(group)
