"""Specification of forum.services: every change of state, its counters and its effects."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forum import services, signals
from forum.models import (
    Category,
    Notification,
    Post,
    PostRevision,
    Reaction,
    Status,
    Thread,
    ThreadRead,
    ThreadSubscription,
)
from forum.selectors import UnreadMark, mark_unread
from moderation import actions as moderation_services
from moderation import screening
from tests import factories

pytestmark = pytest.mark.django_db

PHONE = "Call me on 555 123 4567 tonight."
CRISIS = "Some nights I want to die, honestly."


def refresh(*objects):
    for obj in objects:
        obj.refresh_from_db()


@pytest.fixture
def received():
    """Signals sent during the test, as (signal name, kwargs)."""
    log = []
    receivers = {}
    for name in ("post_published", "post_held", "thread_created"):

        def receiver(sender, _name=name, **kwargs):
            log.append((_name, kwargs))

        receivers[name] = receiver
        getattr(signals, name).connect(receiver)
    yield log
    for name, receiver in receivers.items():
        getattr(signals, name).disconnect(receiver)


# --- create_thread ---------------------------------------------------------------------


def test_create_thread_publishes_and_counts(member, category):
    outcome = services.create_thread(
        author=member, category=category, title="  Day   one again ", body="**Holding** on."
    )
    post, thread = outcome.post, outcome.post.thread
    refresh(category, member, thread)
    assert (thread.title, thread.slug, thread.status) == (
        "Day one again",
        "day-one-again",
        "published",
    )
    assert (post.number, post.status, post.search_title) == (1, Status.PUBLISHED, "Day one again")
    assert post.body_html == "<p><strong>Holding</strong> on.</p>\n"
    assert post.body_text == "Holding on."
    assert (category.thread_count, category.post_count) == (1, 1)
    assert category.last_activity_at == post.created_at
    assert (thread.reply_count, thread.last_post_number, thread.last_post_id) == (0, 1, post.pk)
    assert member.post_count == 1
    assert ThreadSubscription.objects.get(member=member, thread=thread).watching


def test_create_thread_blocked_by_screening_saves_nothing(member, category):
    with pytest.raises(services.ScreeningRefused) as refused:
        services.create_thread(
            author=member, category=category, title="Look here", body="See https://example.com"
        )
    assert refused.value.reasons == [screening.BLOCK_NEW_MEMBER_LINK]
    assert not Thread.objects.exists() and not Post.objects.exists()


def test_create_thread_held_waits_for_a_moderator(
    member, category, received, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.create_thread(
            author=member, category=category, title="Please help", body=PHONE
        )
    refresh(category, member)
    assert outcome.held
    assert (outcome.post.status, outcome.post.number) == (Status.PENDING, None)
    assert outcome.post.thread.status == Status.PENDING
    assert (category.thread_count, category.post_count, member.post_count) == (0, 0, 0)
    assert [name for name, _ in received] == ["thread_created", "post_held"]
    assert received[1][1]["verdict"].hold_reasons


def test_create_thread_announces_after_commit(
    member, category, received, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        outcome = services.create_thread(
            author=member, category=category, title="Day one again", body="Hello."
        )
        assert received == []  # nothing is sent before the transaction commits
    for callback in callbacks:
        callback()
    assert [name for name, _ in received] == ["thread_created", "post_published"]
    assert received[1][1]["post"] == outcome.post
    assert received[1][1]["verdict"].blocked is False


def test_create_thread_with_crisis_words_publishes_and_asks_for_care(member, category):
    outcome = services.create_thread(
        author=member, category=category, title="Rough night", body=CRISIS
    )
    assert outcome.post.status == Status.PUBLISHED
    assert outcome.needs_crisis_care
    assert outcome.verdict.crisis_phrases == ["want to die"]


def test_create_thread_refuses_silenced_member(member, category):
    member.silenced_until = timezone.now() + timedelta(days=1)
    member.save()
    with pytest.raises(services.ActionRefused) as refused:
        services.create_thread(author=member, category=category, title="Hello all", body="Hi")
    assert "paused your posting" in refused.value.message


def test_create_thread_refuses_suspended_member(member, category):
    member.suspended_forever = True
    member.save()
    with pytest.raises(services.ActionRefused):
        services.create_thread(author=member, category=category, title="Hello all", body="Hi")


# --- create_reply ----------------------------------------------------------------------


def test_create_reply_numbers_posts_and_counts(thread, other_member):
    first = factories.make_reply(author=other_member, thread=thread, body="One")
    second = factories.make_reply(author=other_member, thread=thread, body="Two")
    refresh(thread, thread.category, other_member)
    assert (first.number, second.number) == (2, 3)
    assert (thread.reply_count, thread.last_post_number, thread.last_post_id) == (2, 3, second.pk)
    assert thread.category.post_count == 3
    assert other_member.post_count == 2


def test_create_reply_notifies_each_person_once_with_the_most_specific_reason(
    thread, member, other_member
):
    watcher = factories.make_member(username="willow")
    factories.make_reply(author=watcher, thread=thread, body="Watching too.")
    Notification.objects.all().delete()
    opening = thread.posts.get(number=1)

    reply = factories.make_reply(
        author=other_member, thread=thread, body="Hi @rowan and @WILLOW", reply_to=opening
    )

    kinds = dict(Notification.objects.values_list("recipient__username", "kind"))
    assert kinds == {"rowan": "reply_to_post", "willow": "mention"}
    assert Notification.objects.filter(post=reply, actor=other_member).count() == 2


def test_create_reply_tells_watchers_and_not_the_author(thread, member, other_member):
    factories.make_reply(author=other_member, thread=thread, body="First reply")
    assert list(Notification.objects.values_list("recipient__username", "kind")) == [
        ("rowan", "reply")
    ]


def test_create_reply_does_not_notify_someone_who_blocked_the_author(thread, member, other_member):
    services.block_member(blocker=member, blocked=other_member)
    factories.make_reply(author=other_member, thread=thread, body="@rowan hello")
    assert not Notification.objects.exists()


def test_create_reply_ignores_mentions_of_unknown_or_inactive_members(thread, other_member):
    factories.make_member(username="gone_away", is_active=False)
    factories.make_reply(author=other_member, thread=thread, body="@nobody_here @gone_away")
    assert not Notification.objects.filter(kind="mention").exists()


def test_create_reply_refuses_locked_thread_but_not_moderators(thread, other_member, moderator):
    services.set_thread_flags(thread=thread, locked=True)
    with pytest.raises(services.ActionRefused) as refused:
        factories.make_reply(author=other_member, thread=thread)
    assert "locked" in refused.value.message
    assert factories.make_reply(author=moderator, thread=thread).number == 2


def test_create_reply_ignores_reply_to_from_another_thread(thread, member, category):
    elsewhere = factories.make_thread(author=member, category=category, title="Other thread")
    reply = factories.make_reply(
        author=member, thread=thread, reply_to=elsewhere.posts.get(number=1)
    )
    assert reply.reply_to is None


def test_create_reply_held_gets_no_number_and_no_counts(thread, other_member):
    outcome = services.create_reply(author=other_member, thread=thread, body=PHONE)
    refresh(thread)
    assert (outcome.post.status, outcome.post.number) == (Status.PENDING, None)
    assert (thread.reply_count, thread.last_post_number) == (0, 1)
    assert not Notification.objects.exists()


def test_create_reply_keeps_an_explicit_stop_watching(thread, member, other_member):
    services.set_watching(member=member, thread=thread, watching=False)
    factories.make_reply(author=member, thread=thread, body="Still here.")
    factories.make_reply(author=other_member, thread=thread, body="Hello")
    assert not ThreadSubscription.objects.get(member=member, thread=thread).watching
    assert not Notification.objects.filter(recipient=member).exists()


# --- edit_post -------------------------------------------------------------------------


def test_edit_post_keeps_a_revision_and_rerenders(thread, member):
    post = thread.posts.get(number=1)
    services.edit_post(editor=member, post=post, body="*Better* words", title="Day one, again")
    refresh(post, thread)
    revision = PostRevision.objects.get(post=post)
    assert (revision.body, revision.title, revision.editor) == ("Hello.", "Day one again", member)
    assert post.body_html == "<p><em>Better</em> words</p>\n"
    assert post.edited_at is not None
    assert (thread.title, thread.slug, post.search_title) == (
        "Day one, again",
        "day-one-again",
        "Day one, again",
    )


def test_edit_post_without_changes_writes_nothing(thread, member):
    post = thread.posts.get(number=1)
    services.edit_post(editor=member, post=post, body=post.body, title=thread.title)
    assert not PostRevision.objects.exists()
    post.refresh_from_db()
    assert post.edited_at is None


def test_edit_post_refuses_another_member(thread, other_member):
    with pytest.raises(services.ActionRefused):
        services.edit_post(editor=other_member, post=thread.posts.get(), body="Mine now")


def test_edit_post_by_moderator_is_allowed_and_recorded(thread, moderator):
    post = thread.posts.get()
    services.edit_post(editor=moderator, post=post, body="Edited for the guidelines.")
    assert PostRevision.objects.get(post=post).editor == moderator


def test_edit_post_held_takes_it_out_of_view(thread, member):
    post = thread.posts.get()
    reply = factories.make_reply(author=member, thread=thread, body="Fine words")
    outcome = services.edit_post(editor=member, post=reply, body=PHONE)
    refresh(reply, thread, member)
    assert outcome.held and reply.status == Status.PENDING and reply.number == 2
    assert thread.reply_count == 0 and thread.last_post_id == post.pk
    assert member.post_count == 1


def test_edit_post_notifies_only_newly_mentioned_members(thread, member, other_member):
    factories.make_member(username="willow")
    reply = factories.make_reply(author=member, thread=thread, body="Hi @sasha")
    Notification.objects.all().delete()
    services.edit_post(editor=member, post=reply, body="Hi @sasha and @willow")
    assert list(Notification.objects.values_list("recipient__username", "kind")) == [
        ("willow", "mention")
    ]


def test_edit_post_blocked_by_screening_changes_nothing(thread, member):
    post = thread.posts.get()
    with pytest.raises(services.ScreeningRefused):
        services.edit_post(editor=member, post=post, body="www.example.com")
    post.refresh_from_db()
    assert post.body == "Hello." and not PostRevision.objects.exists()


# --- delete_post -----------------------------------------------------------------------


def test_delete_post_is_soft_and_uncounted(thread, member, other_member):
    first = factories.make_reply(author=other_member, thread=thread, body="First")
    second = factories.make_reply(author=other_member, thread=thread, body="Second")
    services.delete_post(member=other_member, post=second)
    refresh(second, thread, thread.category, other_member)
    assert second.deleted_by_author and second.deleted_at and second.number == 3
    assert (thread.reply_count, thread.last_post_id) == (1, first.pk)
    assert thread.category.post_count == 2 and other_member.post_count == 1
    with pytest.raises(services.ActionRefused):
        services.delete_post(member=other_member, post=second)


def test_delete_post_refuses_someone_else(thread, other_member, moderator):
    for person in (other_member, moderator):
        with pytest.raises(services.ActionRefused):
            services.delete_post(member=person, post=thread.posts.get())


# --- moderators' decisions -------------------------------------------------------------


def test_publish_held_post_numbers_and_counts_it(thread, other_member):
    later = factories.make_reply(author=other_member, thread=thread, body="Published first")
    held = services.create_reply(author=other_member, thread=thread, body=PHONE).post
    services.publish_held_post(post=held)
    refresh(held, thread)
    assert (held.status, held.number) == (Status.PUBLISHED, 3)
    assert later.number == 2 and thread.reply_count == 2 and thread.last_post_id == held.pk
    assert Notification.objects.filter(post=held, kind="reply").exists()


def test_publish_held_post_publishes_a_held_thread(member, category):
    held = services.create_thread(author=member, category=category, title="Held", body=PHONE)
    services.publish_held_post(post=held.post)
    thread = Thread.objects.get()
    refresh(category)
    assert thread.status == Status.PUBLISHED and thread.posts.get().number == 1
    assert (category.thread_count, category.post_count) == (1, 1)


def test_hide_and_unhide_post_keep_counters_right(thread, other_member):
    reply = factories.make_reply(author=other_member, thread=thread, body="Reply")
    services.hide_post(post=reply, reason="Off topic")
    refresh(reply, thread, other_member)
    assert (reply.status, reply.hidden_reason, thread.reply_count) == ("hidden", "Off topic", 0)
    assert other_member.post_count == 0
    services.unhide_post(post=reply)
    refresh(reply, thread, other_member)
    assert (reply.status, thread.reply_count, other_member.post_count) == ("published", 1, 1)


def test_hide_post_on_opening_post_hides_the_thread(thread, other_member):
    factories.make_reply(author=other_member, thread=thread)
    services.hide_post(post=thread.posts.get(number=1), reason="Doxxing")
    refresh(thread, thread.category)
    assert thread.status == Status.HIDDEN
    assert (thread.category.thread_count, thread.category.post_count) == (0, 0)


# --- reactions -------------------------------------------------------------------------


def test_toggle_reaction_adds_then_takes_back(thread, other_member):
    post = thread.posts.get()
    assert services.toggle_reaction(member=other_member, post=post, kind="helped") is True
    assert services.toggle_reaction(member=other_member, post=post, kind="strength") is True
    assert (post.helped_count, post.strength_count) == (1, 1)
    assert services.toggle_reaction(member=other_member, post=post, kind="helped") is False
    assert (post.helped_count, post.strength_count) == (0, 1)
    assert list(Reaction.objects.values_list("kind", flat=True)) == ["strength"]


@pytest.mark.parametrize("kind", ["love", "", "helped_count"])
def test_toggle_reaction_refuses_unknown_kinds(thread, other_member, kind):
    with pytest.raises(services.ActionRefused):
        services.toggle_reaction(member=other_member, post=thread.posts.get(), kind=kind)


def test_toggle_reaction_refuses_own_post_and_silenced_members(thread, member, other_member):
    with pytest.raises(services.ActionRefused):
        services.toggle_reaction(member=member, post=thread.posts.get(), kind="helped")
    other_member.silenced_until = timezone.now() + timedelta(hours=1)
    other_member.save()
    with pytest.raises(services.ActionRefused):
        services.toggle_reaction(member=other_member, post=thread.posts.get(), kind="helped")


# --- reading, watching, notifications, blocks ------------------------------------------


def test_mark_thread_read_never_moves_backwards(thread, other_member):
    services.mark_thread_read(member=other_member, thread=thread, up_to=5)
    services.mark_thread_read(member=other_member, thread=thread, up_to=2)
    assert ThreadRead.objects.get(member=other_member).last_read_post_number == 5


def test_mark_thread_read_marks_the_threads_notifications_read(thread, member, other_member):
    factories.make_reply(author=other_member, thread=thread)
    services.mark_thread_read(member=member, thread=thread, up_to=2)
    assert Notification.objects.get(recipient=member).read_at is not None


def test_mark_notifications_read_only_touches_the_members_own(thread, member, other_member):
    factories.make_reply(author=other_member, thread=thread, body="@rowan hi")
    factories.make_reply(author=member, thread=thread, body="@sasha hi")
    mine = Notification.objects.get(recipient=member)
    theirs = Notification.objects.get(recipient=other_member)
    assert services.mark_notifications_read(member=member, ids=[mine.pk, theirs.pk]) == 1
    refresh(mine, theirs)
    assert mine.read_at and theirs.read_at is None


def test_block_member_refuses_self_and_moderators(member, moderator):
    for target in (member, moderator):
        with pytest.raises(services.ActionRefused):
            services.block_member(blocker=member, blocked=target)


def test_block_member_is_idempotent_and_undone_by_unblock(member, other_member):
    services.block_member(blocker=member, blocked=other_member)
    services.block_member(blocker=member, blocked=other_member)
    assert member.blocks_made.count() == 1
    services.unblock_member(blocker=member, blocked=other_member)
    assert member.blocks_made.count() == 0


def test_services_take_the_time_they_are_given(member, category):
    then = timezone.now() - timedelta(days=3)
    thread = factories.make_thread(author=member, category=category, now=then)
    assert thread.created_at == then == thread.posts.get().created_at


def test_category_counts_never_go_negative(thread, member):
    Category.objects.update(post_count=0)
    services.delete_post(member=member, post=thread.posts.get())
    assert Category.objects.get().post_count == 0


def test_new_members_may_quote_although_quotes_link_to_the_post(thread, other_member):
    from core.markdown import quote_for_reply

    opening = thread.posts.get()
    quote = quote_for_reply(author_username="rowan", body="Hello.", post_url=f"/p/{opening.pk}/")
    reply = factories.make_reply(author=other_member, thread=thread, body=quote + "\nSame here.")
    assert reply.status == Status.PUBLISHED
    with pytest.raises(services.ScreeningRefused):
        factories.make_reply(
            author=other_member, thread=thread, body="[see](/elsewhere/) www.x.com"
        )


# --- A member's own posts are never unread to them ---------------------------------------


def _unread_for(member, thread):
    thread = Thread.objects.get(pk=thread.pk)
    return mark_unread(member, [thread])[0].unread_mark


def test_approved_reply_is_not_unread_to_its_author(settings, member, other_member, moderator):
    thread = factories.make_thread(author=other_member, title="Somebody asks")
    services.mark_thread_read(member=member, thread=thread, up_to=1)
    settings.HOLDFAST_APPROVAL_POSTS = 2
    held = services.create_reply(author=member, thread=thread, body="Me too.").post
    assert held.status == Status.PENDING
    moderation_services.approve_post(moderator=moderator, post=held)
    assert ThreadRead.objects.get(member=member, thread=thread).last_read_post_number == 2
    assert _unread_for(member, thread) == UnreadMark()


def test_approved_opening_post_is_not_unread_to_its_author(settings, member, moderator, client_for):
    settings.HOLDFAST_APPROVAL_POSTS = 2
    client = client_for(member)
    response = client.post(
        reverse("forum:thread_create"),
        {"category": factories.make_category().pk, "title": "My first thread", "body": "Hi."},
        follow=True,
    )
    thread = Thread.objects.get()
    assert thread.status == Status.PENDING and response.status_code == 200  # seen while held
    moderation_services.approve_post(moderator=moderator, post=thread.posts.get())
    assert _unread_for(member, thread) == UnreadMark()
    page = client.get(thread.get_absolute_url()).context["page"]
    assert page.first_unread is None


def test_approval_leaves_others_posts_unread_before_ones_own(
    settings, member, other_member, moderator
):
    thread = factories.make_thread(author=other_member, title="Busy thread")
    services.mark_thread_read(member=member, thread=thread, up_to=1)
    settings.HOLDFAST_APPROVAL_POSTS = 2
    held = services.create_reply(author=member, thread=thread, body="Mine, held.").post
    settings.HOLDFAST_APPROVAL_POSTS = 0
    factories.make_reply(author=other_member, thread=thread, body="Theirs, meanwhile.")
    moderation_services.approve_post(moderator=moderator, post=held)
    mark = _unread_for(member, thread)
    assert mark.first_unread == 2  # their reply is still news to the member


# --- Reaction notifications, grouped ----------------------------------------------------------


def _reaction_notes(member):
    return list(
        Notification.objects.filter(recipient=member, kind=Notification.Kind.REACTION).values_list(
            "reaction_kind", "actor__username", "actor_count"
        )
    )


def test_toggle_reaction_groups_the_authors_unread_notification(thread, member):
    opening = thread.posts.get()
    first, second = (
        factories.make_member(username="first"),
        factories.make_member(username="second"),
    )
    services.toggle_reaction(member=first, post=opening, kind="strength")
    services.toggle_reaction(member=second, post=opening, kind="strength")
    assert _reaction_notes(member) == [("strength", "second", 2)]


def test_toggle_reaction_starts_a_new_group_once_the_last_was_read(thread, member):
    opening = thread.posts.get()
    services.toggle_reaction(member=factories.make_member(), post=opening, kind="helped")
    services.mark_notifications_read(member=member, ids=None)
    services.toggle_reaction(
        member=factories.make_member(username="later"), post=opening, kind="helped"
    )
    unread = Notification.objects.filter(recipient=member, read_at__isnull=True)
    assert [(n.actor.username, n.actor_count) for n in unread] == [("later", 1)]


def test_toggle_reaction_taken_back_leaves_the_group(thread, member):
    opening = thread.posts.get()
    first, second = (
        factories.make_member(username="first"),
        factories.make_member(username="second"),
    )
    services.toggle_reaction(member=first, post=opening, kind="strength")
    services.toggle_reaction(member=second, post=opening, kind="strength")
    services.toggle_reaction(member=second, post=opening, kind="strength")  # taken back
    assert _reaction_notes(member) == [("strength", "first", 1)]
    services.toggle_reaction(member=first, post=opening, kind="strength")
    assert _reaction_notes(member) == []


def test_toggle_reaction_tells_nobody_about_their_own_or_a_blocked_members(
    thread, member, other_member
):
    opening = thread.posts.get()
    services.block_member(blocker=member, blocked=other_member)
    services.toggle_reaction(member=other_member, post=opening, kind="helped")
    assert _reaction_notes(member) == []


def test_toggle_reaction_is_never_emailed(
    thread, member, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.toggle_reaction(
            member=factories.make_member(), post=thread.posts.get(), kind="helped"
        )
    assert mailoutbox == []
