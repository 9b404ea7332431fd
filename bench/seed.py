"""Seed a large community fast, with bulk inserts: 10,000 members, 20 categories, 5,000
threads, 200,000 posts (one thread of 5,000), a streak for half of the members.

Run by bench/run.py in a subprocess whose DATABASE_URL points at a freshly migrated
database: `python -m bench.seed [--quick]`. Prints one JSON line: the seed time and what the
benchmark needs to know (the URLs to load, the member to sign in as).

Rows are built the way the services would leave them — Markdown rendered to body_html,
body_text for search, post numbers, every counter (reply counts, last posts, category and
member post counts) — but written with bulk_create, thousands per statement, and the search
index (forum.search_index) rebuilt once at the end.
"""

import argparse
import datetime
import json
import random
import time
from dataclasses import dataclass

PASSWORD = "bench-member-passphrase-2026"  # noqa: S105 — a throwaway benchmark database
RARE_WORD = "lighthouse"  # in about one post in a hundred: the search page looks for it


@dataclass(frozen=True)
class Size:
    members: int
    categories: int
    threads: int
    posts: int
    big_thread_posts: int


FULL = Size(members=10_000, categories=20, threads=5_000, posts=200_000, big_thread_posts=5_000)
QUICK = Size(members=1_000, categories=20, threads=500, posts=20_000, big_thread_posts=1_000)

SENTENCES = [
    "Day {n} of no contact and I am holding on.",
    "I almost texted them last night, but I wrote here instead.",
    "The mornings are the hardest part for me.",
    "Thank you for sharing this, it helped more than you know.",
    "Blocking their number was the best thing I did this month.",
    "I deleted the old photos today and cried, then went for a walk.",
    "Sending you strength, you are not alone in this.",
    "My friends keep asking if I am over it. Not yet, but closer.",
    "I keep a list of reasons on my phone and read it when it gets bad.",
    "Therapy on Tuesday helped me see the pattern more clearly.",
    "Some days the silence feels like peace, some days like a weight.",
    "I made it through the weekend without checking their profile.",
]


def body_for(rng: random.Random, n: int) -> str:
    words = " ".join(rng.sample(SENTENCES, 3)).format(n=n % 365 + 1)
    if n % 100 == 7:
        words += f" I keep thinking of the {RARE_WORD} on the pier where we used to walk."
    if n % 5 == 0:
        words += "\n\n> Quoted from an earlier reply.\n\n**This** is what keeps me going."
    return words


def seed(size: Size) -> dict:
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from accounts import models as account_models
    from accounts.models import User
    from core.confusables import skeleton
    from core.markdown import plain_text, render_markdown
    from forum import search, search_index
    from forum.models import Category, Post, Status, Thread
    from forum.models.threads import first_reply_rule

    rng = random.Random(2026)
    now = timezone.now()
    started = time.perf_counter()
    unusable = make_password(None)
    with transaction.atomic():
        members = [
            User(
                username=f"member{n:05d}",
                username_skeleton=skeleton(f"member{n:05d}"),
                email=f"member{n:05d}@bench.example",
                password=unusable,
                display_name=f"Member {n}",
                date_joined=now - datetime.timedelta(days=400 - n % 365),
            )
            for n in range(size.members)
        ]
        members[0].password = make_password(PASSWORD)
        User.objects.bulk_create(members, batch_size=2000)
        members = list(User.objects.order_by("pk"))
        EmailAddress.objects.create(
            user=members[0], email=members[0].email, verified=True, primary=True
        )
        streaks = _seed_streaks(account_models, members, rng, now)

        categories = Category.objects.bulk_create(
            Category(name=f"Category {n}", slug=f"category-{n}", position=n)
            for n in range(size.categories)
        )
        threads = [
            Thread(
                category=categories[n % size.categories],
                author=members[rng.randrange(size.members)],
                title=f"Thread {n}: holding on, one day at a time",
                slug=f"thread-{n}-holding-on-one-day-at-a-time",
                status=Status.PUBLISHED,
                created_at=now - datetime.timedelta(hours=size.threads - n),
                last_activity_at=now - datetime.timedelta(minutes=size.threads - n),
            )
            for n in range(size.threads)
        ]
        Thread.objects.bulk_create(threads, batch_size=2000)
        big = threads[-1]  # the most recently active thread is the long one

        # How many posts each thread gets: the big one its 5,000, the rest share the others.
        others = size.posts - size.big_thread_posts
        per_thread = [others // (size.threads - 1)] * (size.threads - 1)
        for n in range(others - sum(per_thread)):
            per_thread[n] += 1
        per_thread.append(size.big_thread_posts)

        rendered = {}  # body -> (html, text): render each distinct text once
        post_counts = [0] * size.members
        batch, serial = [], 0
        for thread, count in zip(threads, per_thread, strict=True):
            for number in range(1, count + 1):
                serial += 1
                body = body_for(rng, serial)
                if body not in rendered:
                    rendered[body] = (render_markdown(body), search.strip_marks(plain_text(body)))
                html, text = rendered[body]
                author = rng.randrange(size.members)
                post_counts[author] += 1
                batch.append(
                    Post(
                        thread=thread,
                        author=members[author],
                        body=body,
                        body_html=html,
                        body_text=text,
                        search_title=thread.title if number == 1 else "",
                        created_at=thread.created_at + datetime.timedelta(seconds=number),
                        number=number,
                        status=Status.PUBLISHED,
                        helped_count=serial % 4,
                    )
                )
                if len(batch) >= 5000:
                    Post.objects.bulk_create(batch)
                    batch = []
            thread.reply_count = count - 1
            thread.last_post_number = count
        Post.objects.bulk_create(batch)

        Thread.objects.bulk_update(threads, ["reply_count", "last_post_number"], batch_size=2000)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE forum_thread SET last_post_id = (SELECT p.id FROM forum_post p "
                "WHERE p.thread_id = forum_thread.id AND p.number = forum_thread.last_post_number)"
            )
        # Which threads still wait for a first reply, by the rule forum.services keeps.
        Thread.objects.update(first_reply_at=first_reply_rule())
        for category in categories:
            mine = [i for i, t in enumerate(threads) if t.category_id == category.pk]
            category.thread_count = len(mine)
            category.post_count = sum(per_thread[i] for i in mine)
            category.last_activity_at = now
        Category.objects.bulk_update(categories, ["thread_count", "post_count", "last_activity_at"])
        for member, count in zip(members, post_counts, strict=True):
            member.post_count = count
        User.objects.bulk_update(members, ["post_count"], batch_size=2000)
        search_index.rebuild()
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as a live site has

    profile = members[0]
    busiest = max(categories, key=lambda c: c.thread_count)
    return {
        "seed_seconds": round(seconds, 1),
        "members": size.members,
        "threads": size.threads,
        "posts": size.posts,
        "streaks": streaks,
        "member": profile.username,
        "password": PASSWORD,
        "category": busiest.get_absolute_url(),
        "thread": big.get_absolute_url(),
        "thread_pages": -(-size.big_thread_posts // 20),
    }


def _seed_streaks(account_models, members, rng, now) -> int:
    """An open streak for every other member, if the streak models exist; half of those
    show it to everyone (the rest to members, the default)."""
    streak_model = getattr(account_models, "Streak", None)
    if streak_model is None:
        return 0
    today = now.date()
    streaks = [
        streak_model(
            member=member,
            started_on=today - datetime.timedelta(days=rng.randrange(0, 400)),
            created_at=now,
        )
        for member in members[::2]
    ]
    streak_model.objects.bulk_create(streaks, batch_size=2000)
    try:  # the streak figures stored on the member (a bench run may check out older code)
        from accounts.streaks.figures import refresh_figures_of
    except ImportError:
        pass
    else:
        refresh_figures_of(member_ids=[member.pk for member in members[::2]])
    if hasattr(members[0], "streak_visibility"):
        account_models.User.objects.filter(pk__in=[m.pk for m in members[::4]]).update(
            streak_visibility="everyone"
        )
    return len(streaks)


def main():
    import django

    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    quick = parser.parse_args().quick
    django.setup()
    print(json.dumps(seed(QUICK if quick else FULL)))


if __name__ == "__main__":
    main()
