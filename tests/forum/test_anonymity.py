"""Anonymous posts (issue #15 item 2): the per-thread alias, what the real account still
answers for, and a moderator's logged look. Leaks through pages are in
tests/security/test_anonymous_post_leaks.py."""

from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from forum import hooks, services
from forum.models import AnonymousAlias, Block, Notification
from moderation.models import ModerationAction
from tests import factories


@pytest.fixture
def open_category(db):
    return factories.make_category(name="Hard to say", allows_anonymous=True)


@pytest.fixture
def anonymous_thread(member, open_category):
    return factories.make_thread(
        author=member, category=open_category, title="I can't say this anywhere", anonymous=True
    )


def test_anonymous_post_thread_opener_is_alias_one(anonymous_thread, member):
    opening = anonymous_thread.posts.get(number=1)
    assert (anonymous_thread.anonymous_alias, opening.anonymous_alias) == (1, 1)
    assert opening.author == member  # the real account stays on the post
    assert anonymous_thread.anonymous_name == "Anonymous member 1"


def test_anonymous_post_alias_is_stable_within_a_thread(anonymous_thread, member, other_member):
    first = factories.make_reply(author=other_member, thread=anonymous_thread, anonymous=True)
    again = factories.make_reply(author=other_member, thread=anonymous_thread, anonymous=True)
    mine = factories.make_reply(author=member, thread=anonymous_thread, anonymous=True)
    named = factories.make_reply(author=other_member, thread=anonymous_thread)
    assert (first.anonymous_alias, again.anonymous_alias, mine.anonymous_alias) == (2, 2, 1)
    assert named.anonymous_alias is None
    assert AnonymousAlias.objects.filter(thread=anonymous_thread).count() == 2


def test_anonymous_post_alias_starts_again_in_another_thread(open_category, member, other_member):
    factories.make_thread(author=member, category=open_category, anonymous=True)
    thread = factories.make_thread(author=other_member, category=open_category)
    reply = factories.make_reply(author=member, thread=thread, anonymous=True)
    assert reply.anonymous_alias == 1


def test_anonymous_post_refused_where_the_category_takes_none(member):
    category = factories.make_category(name="Small wins")
    with pytest.raises(services.ActionRefused, match="doesn't take anonymous posts"):
        factories.make_thread(author=member, category=category, anonymous=True)
    thread = factories.make_thread(author=member, category=category)
    with pytest.raises(services.ActionRefused):
        factories.make_reply(author=member, thread=thread, anonymous=True)
    assert not AnonymousAlias.objects.exists()


def test_anonymous_post_does_not_count_on_the_profile(anonymous_thread, member, other_member):
    factories.make_reply(author=other_member, thread=anonymous_thread, anonymous=True)
    factories.make_reply(author=other_member, thread=anonymous_thread)
    member.refresh_from_db()
    other_member.refresh_from_db()
    assert (member.post_count, other_member.post_count) == (0, 1)


def test_anonymous_post_notifications_name_no_actor(anonymous_thread, member, other_member):
    factories.make_reply(author=other_member, thread=anonymous_thread, body="Me too, @rowan")
    services.set_watching(member=member, thread=anonymous_thread, watching=True)
    factories.make_reply(author=other_member, thread=anonymous_thread, anonymous=True)
    latest = Notification.objects.filter(recipient=member).order_by("-pk").first()
    assert latest.actor_id is None and latest.post.anonymous_alias == 2


def test_anonymous_post_blocks_still_apply_to_the_real_account(
    anonymous_thread, member, other_member
):
    Block.objects.create(blocker=member, blocked=other_member, created_at=timezone.now())
    factories.make_reply(author=other_member, thread=anonymous_thread, anonymous=True)
    assert not Notification.objects.filter(recipient=member).exists()


def test_anonymous_post_sanctions_apply_to_the_real_account(anonymous_thread, other_member):
    other_member.silenced_until = timezone.now() + timezone.timedelta(days=1)
    other_member.save()
    with pytest.raises(services.ActionRefused):
        factories.make_reply(author=other_member, thread=anonymous_thread, anonymous=True)


def test_anonymous_post_screening_applies_to_the_real_account(anonymous_thread, other_member):
    from moderation import actions

    moderator = factories.make_moderator(username="mod_screen")
    actions.add_watched_word(moderator=moderator, phrase="casino", action="block")
    with pytest.raises(services.ScreeningRefused):
        factories.make_reply(
            author=other_member, thread=anonymous_thread, body="casino", anonymous=True
        )


def test_anonymous_post_reveal_logs_each_look(anonymous_thread, member, moderator):
    post = anonymous_thread.posts.get(number=1)
    assert services.reveal_anonymous_author(moderator=moderator, post=post) == member
    assert services.reveal_anonymous_author(moderator=moderator, post=post) == member
    looks = ModerationAction.objects.filter(
        action=ModerationAction.Kind.REVEAL_ANONYMOUS_AUTHOR, moderator=moderator
    )
    assert looks.count() == 2
    assert {look.member_id for look in looks} == {member.pk}


def test_anonymous_post_reveal_refused_to_members(anonymous_thread, other_member):
    post = anonymous_thread.posts.get(number=1)
    with pytest.raises(services.ActionRefused):
        services.reveal_anonymous_author(moderator=other_member, post=post)
    assert not ModerationAction.objects.exists()


def test_anonymous_post_reveal_refused_without_an_audit_log(
    anonymous_thread, moderator, monkeypatch
):
    monkeypatch.setattr(hooks, "log_author_look", hooks._refuse_unlogged_look)
    with pytest.raises(hooks.LookNotLogged):
        services.reveal_anonymous_author(
            moderator=moderator, post=anonymous_thread.posts.get(number=1)
        )


def test_anonymous_post_reveal_view_shows_the_author_and_logs(
    client_for, anonymous_thread, member, moderator
):
    post = anonymous_thread.posts.get(number=1)
    response = client_for(moderator).post(reverse("forum:anonymous_author", args=[post.pk]))
    assert response.status_code == HTTPStatus.OK
    assert member.username in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    assert ModerationAction.objects.filter(member=member).count() == 1


def test_anonymous_post_reveal_view_is_404_for_members_and_get(
    client_for, anonymous_thread, other_member, moderator
):
    post = anonymous_thread.posts.get(number=1)
    url = reverse("forum:anonymous_author", args=[post.pk])
    assert client_for(other_member).post(url).status_code == HTTPStatus.NOT_FOUND
    assert client_for(moderator).get(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert not ModerationAction.objects.exists()


def test_anonymous_post_form_offers_the_choice_only_where_allowed(
    client_for, anonymous_thread, member
):
    page = client_for(member).get(anonymous_thread.get_absolute_url()).content.decode()
    assert 'name="anonymous"' in page
    elsewhere = factories.make_thread(author=member, category=factories.make_category())
    page = client_for(member).get(elsewhere.get_absolute_url()).content.decode()
    assert 'name="anonymous"' not in page


def test_anonymous_post_thread_form_refuses_a_category_without_it(
    client_for, member, open_category
):
    closed = factories.make_category(name="Small wins")
    response = client_for(member).post(
        reverse("forum:thread_create"),
        {"category": closed.pk, "title": "A title here", "body": "Words.", "anonymous": "on"},
    )
    assert response.status_code == HTTPStatus.OK
    assert "doesn&#x27;t take anonymous posts" in response.content.decode()
    assert "Words." in response.content.decode()  # the member's text is kept


def test_anonymous_post_reply_view_posts_under_the_alias(
    client_for, anonymous_thread, other_member
):
    response = client_for(other_member).post(
        reverse("forum:reply_create", args=[anonymous_thread.pk]),
        {"body": "Same here.", "anonymous": "on"},
    )
    assert response.status_code == HTTPStatus.FOUND
    reply = anonymous_thread.posts.get(number=2)
    assert (reply.author, reply.anonymous_alias) == (other_member, 2)
