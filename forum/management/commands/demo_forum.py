"""Demo conversation for `make run` (called by accounts' load_demo): a few replies,
mentions and reactions from the demo accounts, so the forum looks lived-in. Refuses with
DEBUG off unless --force; idempotent (does nothing once demo_member has posted)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from forum import services
from forum.models import Category, Post, Reaction, Status, Thread


class Command(BaseCommand):
    help = "Add demo replies from the demo accounts (DEBUG only unless --force)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("demo_forum writes demo content; it runs only with DEBUG on.")
        member = User.objects.filter(username="demo_member").first()
        moderator = User.objects.filter(username="demo_moderator").first()
        if member is None or moderator is None:
            self.stdout.write("demo_forum: run load_demo first (no demo accounts).")
            return
        if Post.objects.filter(author=member).exists():
            self.stdout.write("demo_forum: demo conversation already there.")
            return
        self.converse(member, moderator)
        self.stdout.write("demo_forum: demo conversation added.")

    def converse(self, member, moderator):
        # The demo member is new, so their first posts wait for approval
        # (HOLDFAST_APPROVAL_POSTS): the demo moderator approves them, as on a real site.
        def write(make, **kwargs):
            post = make(**kwargs).post
            if post.status == Status.PENDING:
                post = services.publish_held_post(post=post)
                post.thread.refresh_from_db()
            return post

        check_ins = Category.objects.get(slug="daily-check-ins")
        urges = Category.objects.get(slug="urges-relapses")
        day = write(
            services.create_thread,
            author=member,
            category=check_ins,
            title="Day 12 and still holding",
            body="Twelve days. Mornings are the hardest — I reach for my phone before I'm "
            "awake.\n\nWhat's helped so far:\n\n- phone charging in the kitchen overnight\n"
            "- a walk before breakfast\n- writing here instead of *there*",
        )
        answer = write(
            services.create_reply,
            author=moderator,
            thread=day.thread,
            body="Twelve days is real, @demo_member. The phone-in-the-kitchen trick helped "
            "me too. **Be gentle with yourself on the mornings it's hard.**",
            reply_to=day,
        )
        services.toggle_reaction(member=moderator, post=day, kind=Reaction.Kind.STRENGTH)
        services.toggle_reaction(member=member, post=answer, kind=Reaction.Kind.HELPED)
        write(
            services.create_thread,
            author=member,
            category=urges,
            title="Almost texted last night",
            body="I had the message typed. I deleted it and came here instead. Not sure how "
            "to get through tonight without doing the same thing.",
        )
        habit = Thread.objects.filter(seed_key="article-01").first()
        if habit:
            write(
                services.create_reply,
                author=member,
                thread=habit,
                body="For me it's Sunday evenings. We always cooked together, so I've "
                "started going to my sister's instead. It doesn't fix it, but it helps.",
            )
        silence = Thread.objects.filter(seed_key="question-2").first()
        if silence:
            services.create_reply(
                author=moderator,
                thread=silence,
                body="What silence has done for me: I sleep again. I stopped rehearsing "
                "conversations in the shower. That's worth more than any reaction from him.",
            )
