"""Specification of the seed commands: seed_forum (every site) and demo_forum (make run)."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import User
from forum import seed_content
from forum.models import Category, Post, Status, Thread
from moderation import permissions
from tests import factories

pytestmark = pytest.mark.django_db

ARTICLE_HEADINGS = [
    "1) Your presence has become a habit in his life",
    "2) Not everyone is going to treat him with kindness",
    "3) You make him feel less important",
    "4) He’ll notice the lack of benefits",
    "5) You won’t offer him support anymore",
    "6) You won’t be affectionate with him anymore",
    "8) He’ll not like not being your priority",
    "9) He’ll have his ego crushed",
    "10) He will miss the sex",
    "11) He will realize your true value because he lost you",
    "12) Men are inborn chasers and they like it",
    "13) He’ll find out how you felt",
    "14) He’ll suddenly find himself alone",
    "15) He’ll be drawn to your confidence",
    "16) Walking away will make his true feelings for you come to the surface",
]
CLOSING_QUESTIONS = [
    "How long does it take for a guy to miss you after no contact?",
    "What does silence do to a man?",
    "Why does a man act differently when he gets rejected?",
]


def seed():
    call_command("seed_forum", stdout=io.StringIO())


def test_seed_forum_creates_the_categories_in_order():
    seed()
    categories = list(Category.objects.in_order().values_list("slug", "members_only"))
    assert categories == [
        ("start-here", False),
        ("the-articles-reasons", False),
        ("questions", False),
        ("daily-check-ins", False),
        ("urges-relapses", True),
        ("healing-moving-on", False),
    ]


def test_seed_forum_titles_keep_the_articles_numbers():
    seed()
    reasons = Thread.objects.filter(category__slug="the-articles-reasons")
    assert sorted(reasons.values_list("title", flat=True)) == sorted(ARTICLE_HEADINGS)
    assert not any(title.startswith("7)") for title in reasons.values_list("title", flat=True))
    questions = Thread.objects.filter(category__slug="questions").values_list("title", flat=True)
    assert sorted(questions) == sorted(CLOSING_QUESTIONS)


def test_seed_forum_category_lists_reason_one_first():
    seed()
    reasons = Category.objects.get(slug="the-articles-reasons")
    first = Thread.objects.filter(category=reasons).pinned_first().first()
    assert first.title.startswith("1) ")


def test_seed_forum_opening_posts_have_claim_question_and_note():
    seed()
    for seed_thread in seed_content.THREADS:
        post = Post.objects.get(thread__title=seed_thread.title, number=1)
        assert post.body.startswith(("The article's claim:", "The article's answer:"))
        assert "?" in post.body
        assert "no contact isn't a move in a game" in post.body
        assert post.status == "published"


def test_seed_forum_pins_the_guidelines_thread():
    seed()
    guidelines = Thread.objects.get(title="Community guidelines")
    assert guidelines.pinned and guidelines.category.slug == "start-here"


def test_seed_forum_is_idempotent():
    seed()
    counts = (Category.objects.count(), Thread.objects.count(), Post.objects.count())
    Category.objects.filter(slug="questions").update(description="Edited by a moderator")
    seed()
    assert (Category.objects.count(), Thread.objects.count(), Post.objects.count()) == counts
    assert counts == (6, 19, 19)
    assert Category.objects.get(slug="questions").description == "Edited by a moderator"


def test_seed_forum_authors_posts_as_a_team_account_nobody_can_log_in_as():
    seed()
    team = User.objects.get(username="holdfast")
    assert not team.has_usable_password()
    assert team.public_name == "Holdfast team"
    assert not team.emailaddress_set.exists()
    assert permissions.is_moderator(team)  # speaks for the moderators; cannot be blocked
    assert set(Post.objects.values_list("author", flat=True)) == {team.pk}


def test_seed_forum_refuses_to_post_as_a_real_member_called_holdfast():
    factories.make_member(username="holdfast")
    with pytest.raises(CommandError):
        seed()
    assert not Thread.objects.exists()


def test_seed_forum_counts_are_right():
    seed()
    reasons = Category.objects.get(slug="the-articles-reasons")
    assert (reasons.thread_count, reasons.post_count) == (15, 15)


def test_demo_forum_needs_debug_or_force(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("demo_forum", stdout=io.StringIO())


def test_demo_forum_adds_a_conversation_once(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    member = User.objects.get(username="demo_member")
    posts = Post.objects.filter(author=member).count()
    assert posts >= 3
    assert Thread.objects.filter(category__slug="urges-relapses").exists()
    call_command("load_demo", stdout=io.StringIO())
    assert Post.objects.filter(author=member).count() == posts


def test_demo_forum_publishes_a_new_members_held_posts(settings):
    # make run uses the site's own settings, where a new member's first posts are held.
    settings.DEBUG = True
    settings.HOLDFAST_APPROVAL_POSTS = 2
    call_command("load_demo", stdout=io.StringIO())
    day = Thread.objects.get(title="Day 12 and still holding")
    assert day.status == Status.PUBLISHED
    assert day.reply_count == 1
