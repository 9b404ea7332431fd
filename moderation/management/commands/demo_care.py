"""Demo of the care loop for `make run` (called by accounts' load_demo after demo_moderation):
a guide you can log in as, demo_moderator on call, a first post that has waited 45 minutes
(the net has called the guides on shift), a crisis item demo_moderator took on ("I'm on it"),
and one still waiting for someone to take it on. Refuses with DEBUG off unless --force;
idempotent (does nothing once demo_guide exists)."""

import datetime
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.management.commands.load_demo import DEMO_PASSWORD
from accounts.models import User
from forum import services as forum_services
from forum.models import Category
from moderation import actions
from moderation.care import rounds
from moderation.models import Queue, Report

GUIDE = "demo_guide"
ALL_DAY = {"shift_start": datetime.time(0), "shift_end": datetime.time(23, 59)}


class Command(BaseCommand):
    help = "Add demo care work: a waiting first post and two crisis items (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("demo_care writes demo content; it runs only with DEBUG on.")
        moderator = User.objects.filter(username="demo_moderator").first()
        category = Category.objects.order_by("position", "pk").first()
        if moderator is None or category is None:
            self.stdout.write("demo_care: run load_demo first (no demo accounts or forum).")
            return
        if User.objects.filter(username=GUIDE).exists():
            self.stdout.write("demo_care: demo care work already there.")
            return
        with transaction.atomic():
            self.populate(moderator=moderator, category=category)
        # The crisis item nobody has taken on came in a few minutes ago (its report was filed
        # when the post committed, just now): the clock shows its age.
        Report.objects.open().filter(
            queue=Queue.CARE, acknowledged_at__isnull=True, thread__isnull=True
        ).update(created_at=timezone.now() - timedelta(minutes=3))
        rounds.tick()  # the net and the clock, as cron's care_tick would
        self.stdout.write(
            f"demo_care: {GUIDE} (password {DEMO_PASSWORD!r}), a first post waiting, "
            "a crisis item taken on and one waiting."
        )

    def populate(self, *, moderator, category):
        now = timezone.now()
        User.objects.filter(pk=moderator.pk).update(**ALL_DAY)
        guide = User.objects.create_user(
            username=GUIDE,
            email=f"{GUIDE}@holdfast.invalid",
            display_name="Demo guide",
            password=DEMO_PASSWORD,
        )
        User.objects.filter(pk=guide.pk).update(is_guide=True, **ALL_DAY)
        EmailAddress.objects.create(user=guide, email=guide.email, verified=True, primary=True)
        newcomer = User.objects.create_user(
            username="demo_first_timer", display_name="Robin", password=None
        )
        forum_services.create_thread(
            author=newcomer,
            category=category,
            title="First time posting: I blocked her number today",
            body="It's been one day and I keep picking up my phone. Does it get easier?",
            now=now - timedelta(minutes=45),
        )
        # The crisis item demo_moderation filed: taken on two minutes after it came in.
        taken = (
            Report.objects.open()
            .filter(queue=Queue.CARE, acknowledged_at__isnull=True)
            .order_by("created_at")
            .first()
        )
        if taken is not None:
            Report.objects.filter(target_key=taken.target_key, queue=Queue.CARE).update(
                created_at=now - timedelta(minutes=12)
            )
            actions.acknowledge_care(
                moderator=moderator, key=taken.target_key, now=now - timedelta(minutes=10)
            )
        # And one waiting: a member in crisis a few minutes ago, nobody on it yet.
        lonely = User.objects.create_user(
            username="demo_night_owl", display_name="Kit", password=None
        )
        forum_services.create_thread(
            author=lonely,
            category=category,
            title="Can't sleep again",
            body="Honestly kms. Everyone would be better off without me.",
            now=now - timedelta(minutes=3),
        )
