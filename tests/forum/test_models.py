"""Specification of the forum's models: derived properties and database constraints."""

import pytest
from django.db import IntegrityError
from django.utils import timezone

from forum.models import Block, Post, Reaction, Thread

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("number", "page"), [(1, 1), (20, 1), (21, 2), (1000, 50), (None, 1)])
def test_post_page_is_computed_from_its_number(number, page):
    assert Post(number=number).page == page


@pytest.mark.parametrize(("last", "pages"), [(0, 1), (1, 1), (20, 1), (21, 2), (1000, 50)])
def test_thread_page_count(last, pages):
    assert Thread(last_post_number=last).page_count == pages


def test_thread_url_carries_its_slug(thread):
    assert thread.get_absolute_url() == f"/t/{thread.pk}/day-one-again/"


def test_reaction_is_unique_per_member_post_and_kind(thread, other_member):
    post = thread.posts.get()
    Reaction.objects.create(
        post=post, member=other_member, kind="helped", created_at=timezone.now()
    )
    with pytest.raises(IntegrityError):
        Reaction.objects.create(
            post=post, member=other_member, kind="helped", created_at=timezone.now()
        )


def test_post_numbers_are_unique_within_a_thread(thread, member):
    with pytest.raises(IntegrityError):
        Post.objects.create(
            thread=thread,
            author=member,
            body="x",
            body_html="x",
            number=1,
            created_at=timezone.now(),
        )


def test_a_member_cannot_block_themselves(member):
    with pytest.raises(IntegrityError):
        Block.objects.create(blocker=member, blocked=member, created_at=timezone.now())


def test_deleting_an_account_keeps_its_posts_as_a_former_members(thread, member, client):
    member.delete()
    post = Post.objects.get()
    assert post.author is None
    assert "Former member" in client.get(thread.get_absolute_url()).content.decode()
