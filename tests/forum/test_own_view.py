"""forum.selectors.own_view: a member's own view of a thread page (their reactions, open
reports, blocks, read marker, watching, warning choices and the thread's mute) in one UNION
query, equal to what each of those tables says, with every kind of row present at once (the
branches' columns must agree on both databases)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import roles
from forum import content_warnings, selectors, services
from forum.models import Block, Post, Reaction, ThreadRead
from forum.selectors import muting
from moderation.actions import report_post
from moderation.models import Report
from moderation.models.reports import Reason
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def talk(member, other_member):
    thread = factories.make_thread(author=other_member, body="Opening.")
    for n in range(4):
        factories.make_reply(author=other_member if n % 2 else member, thread=thread)
    thread.refresh_from_db()
    return thread


def posts_by_number(page) -> dict:
    return {post.number: post for post in page.posts}


def test_a_member_with_every_kind_of_fact_sees_each_on_the_page(talk, member, other_member):
    third = factories.make_member()
    posts = {post.number: post for post in talk.posts.all()}
    services.toggle_reaction(member=member, post=posts[1], kind=Reaction.Kind.HELPED)
    services.toggle_reaction(member=member, post=posts[1], kind=Reaction.Kind.STRENGTH)
    services.toggle_reaction(member=member, post=posts[3], kind=Reaction.Kind.HELPED)
    report_post(reporter=member, post=posts[3], reason=Reason.HARASSMENT)
    settled = report_post(reporter=member, post=posts[1], reason=Reason.MANIPULATION)
    Report.objects.filter(pk=settled.pk).update(status=Report.Status.DISMISSED)
    services.block_member(blocker=member, blocked=other_member)
    Block.objects.create(
        blocker=member, blocked=third, created_at=timezone.now(), until=timezone.now()
    )  # an ignore that has ended
    services.mark_thread_read(member=member, thread=talk, up_to=3)
    services.set_watching(member=member, thread=talk, watching=True)

    page = selectors.thread_page(member, talk, 1)
    shown = posts_by_number(page)

    assert shown[1].my_reactions == {Reaction.Kind.HELPED, Reaction.Kind.STRENGTH}
    assert shown[3].my_reactions == {Reaction.Kind.HELPED}
    assert shown[2].my_reactions == set()
    assert {n for n, post in shown.items() if post.reported_by_me} == {3}  # open reports only
    assert {n for n, post in shown.items() if post.author_blocked} == {1, 3, 5}
    stored = ThreadRead.objects.get(member=member, thread=talk)
    assert (page.read.pk, page.read.last_read_post_number) == (stored.pk, 3)
    assert page.read.last_read_at == stored.last_read_at
    assert page.first_unread == 4
    assert page.watching is True


def test_a_member_with_no_facts_sees_none(talk):
    page = selectors.thread_page(factories.make_member(), talk, 1)
    assert all(not post.my_reactions for post in page.posts)
    assert not any(post.reported_by_me or post.author_blocked for post in page.posts)
    assert (page.read, page.first_unread, page.watching) == (None, None, False)


def test_stopping_watching_and_a_future_ignore_read_as_they_are(talk, member, other_member):
    services.set_watching(member=member, thread=talk, watching=False)
    Block.objects.create(
        blocker=member,
        blocked=other_member,
        created_at=timezone.now(),
        until=timezone.now() + timedelta(days=1),
    )
    page = selectors.thread_page(member, talk, 1)
    assert page.watching is False
    assert {n for n, post in posts_by_number(page).items() if post.author_blocked} == {1, 3, 5}


def test_another_members_facts_are_not_this_members(talk, other_member):
    reader = factories.make_member()
    posts = {post.number: post for post in talk.posts.all()}
    services.toggle_reaction(member=other_member, post=posts[2], kind=Reaction.Kind.HELPED)
    report_post(reporter=other_member, post=posts[2], reason=Reason.HARASSMENT)
    services.set_watching(member=other_member, thread=talk, watching=True)
    services.mark_thread_read(member=other_member, thread=talk, up_to=5)
    page = selectors.thread_page(reader, talk, 1)
    assert not posts_by_number(page)[2].my_reactions
    assert not posts_by_number(page)[2].reported_by_me
    assert (page.read, page.watching) == (None, False)


def test_the_page_knows_which_authors_are_moderators_without_asking_again(
    talk, member, moderator, django_assert_num_queries
):
    factories.make_reply(author=moderator, thread=talk, body="A word from the team.")
    talk.refresh_from_db()
    page = selectors.thread_page(member, talk, 1)
    with django_assert_num_queries(0):
        found = {post.author.username: roles.is_moderator(post.author) for post in page.posts}
    assert found == {moderator.username: True, member.username: False, talk.author.username: False}


def test_warning_choices_and_the_threads_mute_come_with_the_own_view(talk, member):
    posts = {post.number: post for post in talk.posts.all()}
    for number, theme in {2: "abuse", 3: "infidelity", 4: "sexual"}.items():
        Post.objects.filter(pk=posts[number].pk).update(content_warning=theme)
    services.set_warning_choices(member=member, choices={"abuse": "hide", "infidelity": "show"})
    services.set_thread_muted(member=member, thread=talk, muted=True)
    elsewhere = factories.make_thread(author=member, body="Another.")

    page = selectors.thread_page(member, talk, 1)

    actions = {n: post.warning_action for n, post in posts_by_number(page).items()}
    assert actions == {1: "", 2: "hide", 3: "show", 4: "fold", 5: ""}
    choices = muting.reader_choices(member).warnings  # what category and search pages read
    for post in page.posts:
        assert post.warning_action == content_warnings.treatment(post.content_warning, choices)
    assert posts_by_number(page)[2].warning_label == "Abuse"
    assert page.muted is True
    assert selectors.thread_page(member, elsewhere, 1).muted is False
    assert selectors.thread_page(factories.make_member(), talk, 1).muted is False
