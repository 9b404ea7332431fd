"""Seed the forum: its categories, the pinned guidelines thread and one thread per item of
the article (forum.seed_content). Idempotent — a second run creates nothing twice — so `make
run` calls it every time and a production site can run it once, on purpose.

Each seeded thread carries a stable key (Thread.seed_key). A later run finds its thread by
that key, never by title, and brings the title and opening post up to date with
seed_content, unless someone has edited the opening post since (a moderator's words stay).
A site seeded before keys existed has its team threads adopted once, by their old titles
(seed_content.LEGACY_TITLES), and is then updated like any other. Category names and
descriptions are never changed after they are created: moderators own them.

Seeded threads need an author. They are written by a "holdfast" account ("Holdfast team")
that this command creates with an unusable password and no email address, in the Moderators
group: nobody can log in as it, it shows a real name beside our posts (author=None would read
"Former member"), and migrations stay free of accounts. If a member already owns the name
"holdfast" with a password, the command stops rather than post in their name.
"""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts import roles
from accounts.models import User
from forum import seed_content, services
from forum.models import Category, Thread

TEAM_USERNAME = "holdfast"
TEAM_NAME = "Holdfast team"


class Command(BaseCommand):
    help = "Create the forum's categories and starting threads (safe to run again)."

    def handle(self, *args, **options):
        with transaction.atomic():
            team = self.team_account()
            categories = self.categories()
            created, updated = self.threads(team, categories)
        self.stdout.write(
            f"Forum seeded: {len(categories)} categories, {created} new thread(s), "
            f"{updated} brought up to date."
        )

    def team_account(self) -> User:
        team = User.objects.filter(username=TEAM_USERNAME).first()
        if team is None:
            team = User(username=TEAM_USERNAME, display_name=TEAM_NAME, email="")
            team.set_unusable_password()
            team.save()
            # The team speaks for the moderators (and so cannot be blocked, like them).
            group, _ = Group.objects.get_or_create(name=roles.MODERATORS_GROUP)
            team.groups.add(group)
        elif team.has_usable_password():
            raise CommandError(
                f"A member called {TEAM_USERNAME!r} already exists with a password; "
                "seed_forum will not post in their name. Rename that account first."
            )
        return team

    def categories(self) -> dict[str, Category]:
        categories = {}
        for position, seed in enumerate(seed_content.CATEGORIES):
            categories[seed.slug], _ = Category.objects.get_or_create(
                slug=seed.slug,
                defaults={
                    "name": seed.name,
                    "description": seed.description,
                    "colour": seed.colour,
                    "members_only": seed.members_only,
                    "position": position * 10,
                },
            )
        return categories

    def threads(self, team: User, categories: dict[str, Category]) -> tuple[int, int]:
        keyed = {t.seed_key: t for t in Thread.objects.exclude(seed_key="")}
        legacy = {
            (t.category_id, t.title): t
            for t in Thread.objects.filter(author=team, seed_key="").select_related("category")
        }
        start = timezone.now()
        created = updated = 0
        # Oldest first, so that in a category sorted by latest activity "1)" sits on top.
        todo = [
            (seed.key, seed.category, seed.title, seed_content.opening_post(seed))
            for seed in reversed(seed_content.THREADS)
        ]
        todo.append(
            (
                seed_content.GUIDELINES_KEY,
                seed_content.START_HERE,
                seed_content.GUIDELINES_TITLE,
                seed_content.GUIDELINES_BODY,
            )
        )
        for index, (key, slug, title, body) in enumerate(todo):
            category = categories[slug]
            thread = keyed.get(key) or legacy.get(
                (category.pk, seed_content.LEGACY_TITLES.get(key))
            )
            if thread is not None:
                changed = services.refresh_seeded_thread(
                    thread=thread, key=key, title=title, body=body
                )
                updated += changed
                continue
            now = start - timedelta(minutes=len(todo) - index)
            outcome = services.create_thread(
                author=team, category=category, title=title, body=body, now=now
            )
            thread = outcome.post.thread
            Thread.objects.filter(pk=thread.pk).update(seed_key=key)
            if key == seed_content.GUIDELINES_KEY:
                services.set_thread_flags(thread=thread, pinned=True)
            created += 1
        return created, updated
