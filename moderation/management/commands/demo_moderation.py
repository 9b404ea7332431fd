"""Demo moderation work for `make run` (called by accounts' load_demo after the forum's demo
content): a few open reports in both queues (one of them a crisis), a held post, a watched
word and some audit history, so that demo_moderator can work the queues in the browser.
Refuses with DEBUG off unless --force; idempotent (does nothing once its reporters exist)."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from forum import services as forum_services
from forum.models import Category
from moderation import actions
from moderation.models import Reason, WatchedWord

REPORTERS = [
    ("demo_reporter_ash", "Ash"),
    ("demo_reporter_bea", "Bea"),
    ("demo_newcomer", "Newcomer"),
]


class Command(BaseCommand):
    help = "Add demo reports, a held post and audit history (DEBUG only unless --force)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("demo_moderation writes demo content; it runs only with DEBUG on.")
        moderator = User.objects.filter(username="demo_moderator").first()
        member = User.objects.filter(username="demo_member").first()
        category = Category.objects.order_by("position", "pk").first()
        if moderator is None or member is None or category is None:
            self.stdout.write("demo_moderation: run load_demo first (no demo accounts or forum).")
            return
        if User.objects.filter(username=REPORTERS[0][0]).exists():
            self.stdout.write("demo_moderation: demo reports already there.")
            return
        with transaction.atomic():
            self.populate(moderator=moderator, member=member, category=category)
        self.stdout.write("demo_moderation: demo reports, a held post and audit history added.")

    def populate(self, *, moderator, member, category):
        now = timezone.now()
        ash, bea, newcomer = (self.person(username, name, now=now) for username, name in REPORTERS)
        # Posts to report, by the two established reporters (so they can report each other).
        advice = forum_services.create_thread(
            author=ash,
            category=category,
            title="Is it ok to check their profile once a week?",
            body="Honestly just check their profile whenever you want. Text them too, "
            "no contact is overrated and you'll only regret it.",
        ).post
        crisis = forum_services.create_reply(
            author=bea,
            thread=advice.thread,
            body="Some nights I don't see the point of going on any more.",
        ).post
        spam = forum_services.create_reply(
            author=newcomer,
            thread=advice.thread,
            body="Get your ex back in 3 days with my guaranteed method, message me!",
        ).post
        actions.report_post(
            reporter=bea,
            post=advice,
            reason=Reason.MANIPULATION,
            note="This pushes people to break no contact.",
        )
        actions.report_post(reporter=member, post=advice, reason=Reason.MANIPULATION)
        actions.report_post(reporter=member, post=spam, reason=Reason.SPAM)
        actions.report_post(
            reporter=ash,
            post=crisis,
            reason=Reason.CRISIS,
            note="Bea sounds like she is in a very dark place.",
        )
        actions.report_member(reporter=bea, member=newcomer, reason=Reason.SPAM)
        # A post that screening holds for approval (it looks like a phone number).
        held = forum_services.create_reply(
            author=newcomer, thread=advice.thread, body="Call me on 555 123 4567 tonight."
        )
        actions.record_hold(post=held.post, reasons=held.verdict.hold_reasons, now=now)
        # A watched word and some history in the audit log.
        if not WatchedWord.objects.filter(phrase="ex back guaranteed").exists():
            actions.add_watched_word(
                moderator=moderator, phrase="ex back guaranteed", action=WatchedWord.Action.HOLD
            )
        insult = forum_services.create_reply(
            author=newcomer, thread=advice.thread, body="Anyone who goes no contact is pathetic."
        ).post
        actions.hide_post(
            moderator=moderator, post=insult, reason="Name-calling isn't allowed here."
        )
        actions.warn_member(
            moderator=moderator,
            member=newcomer,
            message="Please don't advertise services here. This is a peer-support space.",
        )

    def person(self, username, display_name, *, now):
        user = User.objects.create_user(
            username=username,
            email=f"{username}@holdfast.invalid",
            display_name=display_name,
            password=None,
        )
        if username != "demo_newcomer":
            # Established members: their reports count towards hiding a post.
            User.objects.filter(pk=user.pk).update(
                date_joined=now - timedelta(days=60), post_count=12
            )
            user.refresh_from_db()
        return user
