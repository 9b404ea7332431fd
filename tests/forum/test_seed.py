"""Specification of the seed commands: seed_forum (every site) and demo_forum (make run)."""

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts import roles as permissions
from accounts.models import User
from forum import seed_content, services
from forum.models import Category, Post, PostRevision, Status, Thread
from tests import factories

pytestmark = pytest.mark.django_db

# The article's own numbering (/work/shared/seed/article.txt): it announces sixteen reasons
# and gives fifteen, with no 7; then three closing questions, unnumbered.
ARTICLE_NUMBERS = [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16]
ARTICLE_CLAIMS = [
    "Your presence has become a habit in his life",
    "Not everyone is going to treat him with kindness",
    "You make him feel less important",
    "He’ll notice the lack of benefits",
    "You won’t offer him support anymore",
    "You won’t be affectionate with him anymore",
    "He’ll not like not being your priority",
    "He’ll have his ego crushed",
    "He will miss the sex",
    "He will realize your true value because he lost you",
    "Men are inborn chasers and they like it",
    "He’ll find out how you felt",
    "He’ll suddenly find himself alone",
    "He’ll be drawn to your confidence",
    "Walking away will make his true feelings for you come to the surface",
]
CLOSING_QUESTIONS = [
    "How long does it take for a guy to miss you after no contact?",
    "What does silence do to a man?",
    "Why does a man act differently when he gets rejected?",
]
GENDERED = re.compile(r"\b(he|him|his|himself|she|her|hers|herself|man|men|guy)\b", re.IGNORECASE)


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
    numbers = sorted(int(title.split(")")[0]) for title in reasons.values_list("title", flat=True))
    assert numbers == ARTICLE_NUMBERS
    questions = Thread.objects.filter(category__slug="questions").values_list("title", flat=True)
    assert len(questions) == 3
    assert not any(re.match(r"\d", title) for title in questions)  # unnumbered, as in the article


def test_seed_content_numbers_match_the_article_file():
    # The article itself: its numbered headings are exactly the ones we keep.
    article = Path("/work/shared/seed/article.txt")
    if not article.exists():
        pytest.skip("the source article is not on this machine")
    headings = re.findall(r"^(\d+)\) (.+)$", article.read_text(), flags=re.MULTILINE)
    assert [int(n) for n, _ in headings] == ARTICLE_NUMBERS
    assert [text.strip() for _, text in headings] == ARTICLE_CLAIMS


def test_seed_forum_titles_are_gender_neutral_questions():
    seed()
    for title in Thread.objects.exclude(seed_key="guidelines").values_list("title", flat=True):
        assert title.endswith("?"), title
        assert not GENDERED.search(title), title
    assert Thread.objects.filter(seed_key="article-10").get().title == (
        "10) Is it the closeness you miss, or the person?"
    )


def test_seed_forum_titles_are_in_our_own_words():
    seed()
    titles = set(Thread.objects.values_list("title", flat=True))
    for number, claim in zip(ARTICLE_NUMBERS, ARTICLE_CLAIMS, strict=True):
        assert f"{number}) {claim}" not in titles
    assert not titles & set(CLOSING_QUESTIONS)


def test_seed_forum_opening_posts_quote_the_claim_once_and_ask():
    seed()
    claims = ARTICLE_CLAIMS + CLOSING_QUESTIONS
    keyed = [t.key for t in seed_content.THREADS]
    for key, claim in zip(keyed, claims, strict=True):
        post = Post.objects.get(thread__seed_key=key, number=1)
        assert post.body.startswith("**The claim under discussion**")
        assert post.body.count(claim) == 1
        assert f"> {claim}" in post.body
        assert "<blockquote>" in post.body_html
        assert post.body.rstrip().count("?") >= 1
        assert post.status == "published"


def test_seed_forum_reason_posts_name_the_articles_number():
    seed()
    post = Post.objects.get(thread__seed_key="article-16", number=1)
    assert "the article's reason 16:" in post.body


def test_seed_forum_varies_the_gentle_note():
    seed()
    bodies = [p.body for p in Post.objects.filter(thread__seed_key__startswith="article-")]
    bodies += [p.body for p in Post.objects.filter(thread__seed_key__startswith="question-")]
    used = [next(note for note in seed_content.NOTES if note in body) for body in bodies]
    assert len(set(used)) == len(seed_content.NOTES)
    # No note closes more than a fifth of the threads (18 threads, six notes: three each).
    assert max(used.count(note) for note in set(used)) <= 3
    # Neighbours in the article never share a note.
    assert all(a != b for a, b in zip(used, used[1:], strict=False))


def test_seed_forum_pins_the_guidelines_thread():
    seed()
    guidelines = Thread.objects.get(title="Community guidelines")
    assert guidelines.pinned and guidelines.category.slug == "start-here"


def test_seed_forum_is_idempotent():
    seed()
    counts = (Category.objects.count(), Thread.objects.count(), Post.objects.count())
    before = list(Post.objects.order_by("pk").values_list("pk", "body", "edited_at"))
    Category.objects.filter(slug="questions").update(description="Edited by a moderator")
    seed()
    assert (Category.objects.count(), Thread.objects.count(), Post.objects.count()) == counts
    assert counts == (6, 19, 19)
    assert list(Post.objects.order_by("pk").values_list("pk", "body", "edited_at")) == before
    assert PostRevision.objects.count() == 0
    assert Category.objects.get(slug="questions").description == "Edited by a moderator"


def test_seed_forum_keys_every_thread():
    seed()
    keys = set(Thread.objects.values_list("seed_key", flat=True))
    assert keys == {t.key for t in seed_content.THREADS} | {"guidelines"}


def _old_seed(team):
    """What a site that ran the earlier seed_forum holds: the article's headings as titles,
    one repeated note, no keys."""
    for key, old_title in seed_content.LEGACY_TITLES.items():
        slug = (
            "start-here"
            if key == "guidelines"
            else ("questions" if key.startswith("question") else "the-articles-reasons")
        )
        body = "The article's claim: something.\n\nA question?\n\n" + seed_content.GENTLE_NOTE
        if key == "guidelines":
            body = seed_content.GUIDELINES_BODY
        factories.make_thread(
            author=team, category=Category.objects.get(slug=slug), title=old_title, body=body
        )


def test_seed_forum_updates_threads_from_an_earlier_seed():
    call_command("seed_forum", stdout=io.StringIO())  # team and categories
    Thread.objects.all().delete()
    team = User.objects.get(username="holdfast")
    _old_seed(team)
    old = Thread.objects.get(title="10) He will miss the sex")
    member = factories.make_member(username="early_bird")
    factories.make_reply(author=member, thread=old, body="Members' replies stay.")
    out = io.StringIO()
    call_command("seed_forum", stdout=out)
    # Eighteen rewritten, and the guidelines (words unchanged) given their key.
    assert "0 new thread(s), 19 brought up to date" in out.getvalue()
    assert Thread.objects.count() == 19
    assert Thread.objects.get(seed_key="guidelines").title == "Community guidelines"
    old.refresh_from_db()
    assert old.seed_key == "article-10"
    assert old.title == "10) Is it the closeness you miss, or the person?"
    opening = old.posts.get(number=1)
    assert opening.body.startswith("**The claim under discussion**")
    assert opening.edited_at is None and not opening.revisions.exists()
    assert old.posts.get(number=2).body == "Members' replies stay."
    assert not any(GENDERED.search(t) for t in Thread.objects.values_list("title", flat=True))


def test_seed_forum_finds_its_threads_by_key_not_title():
    seed()
    thread = Thread.objects.get(seed_key="article-03")
    # Renamed by hand (an admin, say) but the opening post untouched: the key still finds it.
    Thread.objects.filter(pk=thread.pk).update(title="Something else entirely")
    seed()
    assert Thread.objects.count() == 19
    thread.refresh_from_db()
    assert thread.title == "3) Whose importance was your life arranged around?"


def test_seed_forum_keeps_a_moderators_edit_of_a_seeded_post(moderator):
    seed()
    post = Post.objects.get(thread__seed_key="article-12", number=1)
    services.edit_post(editor=moderator, post=post, body="Reworded by a moderator.", title=None)
    seed()
    post.refresh_from_db()
    assert post.body == "Reworded by a moderator."


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
