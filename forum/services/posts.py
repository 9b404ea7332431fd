"""Replying, editing and deleting a post, and the moderators' decisions on one (the moderation
app calls these, then writes its audit row). Every change of a post's visibility keeps the
counters described in forum/services/__init__.py."""

from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.text import slugify

import pagecache as page_cache
from accounts import roles
from accounts.models import User
from core.markdown import extract_mentions, plain_text, render_markdown
from forum import hooks, permissions, search, search_index, signals
from forum.hooks import Verdict
from forum.models import (
    Category,
    Post,
    PostRevision,
    Status,
    Thread,
    ThreadRead,
    ThreadSubscription,
)
from forum.services.anonymity import _alias_for
from forum.services.first_reply import _may_answer, _refresh_first_reply
from forum.services.notifications import _notify_mentions, _notify_new_post
from forum.services.outcomes import (
    ActionRefused,
    Outcome,
    ScreeningRefused,
    _changed,
    _one_line,
    _refuse_if,
    _screenable,
)


def create_reply(
    *,
    author: User,
    thread: Thread,
    body: str,
    reply_to: Post | None = None,
    warning: str = "",
    warning_note: str = "",
    anonymous: bool = False,
    now=None,
) -> Outcome:
    """Reply in a thread, optionally to one of its posts. Atomic, screened as create_thread.
    The author starts watching the thread (unless they chose to stop watching it).
    `warning`: a forum.models.ContentWarning theme, folded until tapped.
    `anonymous`: under the member's alias in this thread (forum.services.anonymity)."""
    now = now or timezone.now()
    _refuse_if(permissions.why_cannot_reply(author, thread))
    if anonymous:
        _refuse_if(permissions.why_cannot_post_anonymously(author, thread.category))
    if reply_to is not None and (
        reply_to.thread_id != thread.pk or not permissions.can_view_post(author, reply_to)
    ):
        reply_to = None
    verdict = hooks.screen_post(author, _screenable(body))
    if verdict.blocked:
        raise ScreeningRefused(verdict.block_reasons)
    status = Status.PENDING if verdict.held else Status.PUBLISHED
    with transaction.atomic():
        post = _new_post(thread=thread, author=author, body=body, now=now, status=status)
        post.reply_to = reply_to
        post.content_warning, post.content_warning_note = warning, warning_note
        if anonymous:
            post.anonymous_alias = _alias_for(
                thread=_locked(thread), member=author, category=thread.category, now=now
            )
        post.crisis_flagged = bool(verdict.crisis_phrases)
        if status == Status.PUBLISHED:
            _publish(post, thread=_locked(thread), now=now)
        else:
            post.save()
        _auto_watch(member=author, thread=thread, now=now)
        _changed(thread.pk)
        _announce(post, verdict)
    return Outcome(post=post, verdict=verdict)


def edit_post(
    *,
    editor: User,
    post: Post,
    body: str,
    title: str | None = None,
    warning: str | None = None,
    warning_note: str = "",
    now=None,
) -> Outcome:
    """Change a post's text (and, on an opening post, the thread's title), keeping the old
    text as a PostRevision. The author's edits are screened like new posts: a held edit
    takes the post out of view until a moderator looks. Moderators' edits are not screened.
    Newly @mentioned members are notified. `warning` (None: unchanged) adds, changes or
    removes the content warning; a change of warning alone keeps no revision (the words are
    the same). Atomic; a no-change edit writes nothing."""
    now = now or timezone.now()
    if not permissions.can_edit_post(editor, post):
        raise ActionRefused("You can't edit this post.")
    thread = post.thread
    title = _one_line(title) if title is not None and post.is_first else None
    title_changed = title is not None and title != thread.title
    warned = (post.content_warning, post.content_warning_note)
    if warning is not None and (warning, warning_note) != warned:
        post.content_warning, post.content_warning_note = warning, warning_note
    warning_changed = (post.content_warning, post.content_warning_note) != warned
    if body == post.body and not title_changed:
        if warning_changed:
            post.save(update_fields=["content_warning", "content_warning_note"])
            _changed(thread.pk)
        return Outcome(post=post, verdict=None)
    verdict = None
    if editor.pk == post.author_id and not roles.is_moderator(editor):
        text = f"{title}\n\n{body}" if title_changed else body
        verdict = hooks.screen_post(editor, _screenable(text))
        if verdict.blocked:
            raise ScreeningRefused(verdict.block_reasons)
    old_mentions = set(name.casefold() for name in extract_mentions(post.body))
    with transaction.atomic():
        PostRevision.objects.create(
            post=post,
            editor=editor,
            body=post.body,
            title=thread.title if title_changed else "",
            created_at=now,
        )
        if title_changed:
            thread.title = title
            thread.slug = slugify(title)[:80] or "thread"
            thread.save(update_fields=["title", "slug"])
            post.search_title = title
        post.body = body
        post.body_html = render_markdown(body)
        post.body_text = search.strip_marks(plain_text(body))
        post.edited_at = now
        if verdict is not None and verdict.crisis_phrases:
            post.crisis_flagged = True  # never lifted by an edit: the care item stands
        post.save()
        if verdict is not None and verdict.held and post.status == Status.PUBLISHED:
            _change_status(post, Status.PENDING, now=now)
        search_index.sync_posts([post.pk])
        # "lists" too, not only the thread: the profile's recent posts show the text and the
        # thread lists the title (tests/forum/test_services_page_cache.py).
        _changed(thread.pk)
        if post.status == Status.PUBLISHED and post.deleted_at is None:
            new_names = [n for n in extract_mentions(body) if n.casefold() not in old_mentions]
            _notify_mentions(post, names=new_names, now=now)
        if verdict is not None:
            _announce(post, verdict, edited=True)
    return Outcome(post=post, verdict=verdict)


def delete_post(*, member: User, post: Post, now=None) -> Post:
    """Remove one's own post, softly: it keeps its place and reads "removed by author".
    Counters and the search index forget it. Atomic; a second removal is refused."""
    now = now or timezone.now()
    if not permissions.can_delete_post(member, post):
        raise ActionRefused("You can't remove this post.")
    with transaction.atomic():
        was_visible = _is_visible(post)
        post.deleted_at = now
        post.deleted_by_author = True
        post.save(update_fields=["deleted_at", "deleted_by_author"])
        if was_visible:
            _count_visible(post, -1, now=now)
        if _may_answer(post):
            _refresh_first_reply(threads=[post.thread_id])
        search_index.sync_posts([post.pk])
        _changed(post.thread_id)
    return post


def publish_held_post(*, post: Post, now=None) -> Post:
    """Let a held post through: it gets its number (if it has none yet), counts, notifies.
    A held opening post publishes its thread too. Atomic; a published post is left alone."""
    now = now or timezone.now()
    if post.status != Status.PENDING:
        return post
    with transaction.atomic():
        thread = _locked(post.thread)
        if thread.status == Status.PENDING:
            # A held opening post: the thread appears with it (_publish counts the thread).
            thread.status = Status.PUBLISHED
            thread.save(update_fields=["status"])
        if post.number is None:
            _publish(post, thread=thread, now=now, activity_at=now)
        else:
            _change_status(post, Status.PUBLISHED, now=now)
        search_index.sync_thread(thread.pk)
        _changed(thread.pk)
    transaction.on_commit(
        lambda: signals.post_published.send(Post, post=post, verdict=None, edited=False)
    )
    return post


def hide_post(*, post: Post, reason: str = "", now=None) -> Post:
    """Hide a post (a moderator's decision or an automatic hide after reports). It keeps its
    place as "hidden by a moderator"; hiding an opening post hides the whole thread."""
    now = now or timezone.now()
    with transaction.atomic():
        post.hidden_reason = reason
        post.save(update_fields=["hidden_reason"])
        _change_status(post, Status.HIDDEN, now=now)
        if post.is_first:
            _set_thread_status(post.thread, Status.HIDDEN)
        search_index.sync_thread(post.thread_id)
        _changed(post.thread_id)
    return post


def unhide_post(*, post: Post, now=None) -> Post:
    """Undo hide_post()."""
    now = now or timezone.now()
    with transaction.atomic():
        post.hidden_reason = ""
        post.save(update_fields=["hidden_reason"])
        _change_status(post, Status.PUBLISHED, now=now)
        if post.is_first:
            _set_thread_status(post.thread, Status.PUBLISHED)
        search_index.sync_thread(post.thread_id)
        _changed(post.thread_id)
    return post


def flag_post_for_care(*, post: Post) -> Post:
    """Mark a post as possibly from someone in crisis (moderation calls this when a member
    reports it as a crisis or "I'm worried about them"): it is then answered gently and its
    words stay on the site. Idempotent."""
    if not post.crisis_flagged:
        Post.objects.filter(pk=post.pk).update(crisis_flagged=True)
        post.crisis_flagged = True
        _changed(post.thread_id, lists=False)
    return post


def _locked(thread: Thread) -> Thread:
    """The thread row, locked for this transaction, so two replies cannot take one number."""
    return Thread.objects.select_for_update().get(pk=thread.pk)


def _new_post(*, thread: Thread, author: User, body: str, now, status: str) -> Post:
    return Post(
        thread=thread,
        author=author,
        body=body,
        body_html=render_markdown(body),
        body_text=search.strip_marks(plain_text(body)),
        created_at=now,
        status=status,
    )


def _publish(post: Post, *, thread: Thread, now, activity_at=None) -> None:
    """Give a post its number and make it count; notify who should hear of it."""
    activity_at = activity_at or post.created_at
    post.number = thread.last_post_number + 1
    post.status = Status.PUBLISHED
    post.save()
    first = post.number == 1
    answered = {}
    if not first and post.author_id != thread.author_id:
        # Someone else answered: the first reply is now the earlier of the stored one and
        # this (first_reply_rule() is a minimum), in the same UPDATE, without asking the
        # thread's posts again.
        earlier = Q(first_reply_at__isnull=True) | Q(first_reply_at__gt=post.created_at)
        answered["first_reply_at"] = Case(
            When(earlier, then=Value(post.created_at)), default=F("first_reply_at")
        )
    Thread.objects.filter(pk=thread.pk).update(
        last_post_number=post.number,
        last_post=post,
        last_activity_at=Greatest(F("last_activity_at"), activity_at),
        reply_count=F("reply_count") + (0 if first else 1),
        **answered,
    )
    thread.last_post_number = post.number
    Category.objects.filter(pk=thread.category_id).update(
        thread_count=F("thread_count") + (1 if first else 0),
        post_count=F("post_count") + 1,
        last_activity_at=activity_at,
    )
    if post.author_id:
        # An anonymous post does not count on its author's profile: a count going up with it
        # would say whose it is.
        if post.anonymous_alias is None:
            User.objects.filter(pk=post.author_id).update(post_count=F("post_count") + 1)
        _read_own_post(post, now=now)
    search_index.sync_posts([post.pk])
    _notify_new_post(post, now=now)


def _read_own_post(post: Post, *, now) -> None:
    """A member's own post is never unread to them. A held post gets its number only when a
    moderator lets it through, after the author last saw the thread: their read marker
    stops just before it, and their own words came back as "1 unread". Moved on here when
    the author had read everything before it; a marker further behind is left (the posts
    in between are others', and still unread)."""
    moved = ThreadRead.objects.filter(
        member_id=post.author_id,
        thread_id=post.thread_id,
        last_read_post_number__gte=post.number - 1,
        last_read_post_number__lt=post.number,
    ).update(last_read_post_number=post.number, last_read_at=now)
    if moved:
        page_cache.bump_member(post.author_id)  # an UPDATE: page_cache's receiver misses it


def _is_visible(post: Post) -> bool:
    return (
        post.status == Status.PUBLISHED
        and post.deleted_at is None
        and post.number is not None
        and post.thread.status == Status.PUBLISHED
    )


def _count_visible(post: Post, delta: int, *, now) -> None:
    """Add `delta` (+1/-1) to the counters a visible post contributes to."""
    if not post.is_first:
        Thread.objects.filter(pk=post.thread_id).update(
            reply_count=Greatest(F("reply_count") + delta, 0)
        )
    Category.objects.filter(pk=post.thread.category_id).update(
        post_count=Greatest(F("post_count") + delta, 0)
    )
    if post.author_id and post.anonymous_alias is None:  # as in _publish
        User.objects.filter(pk=post.author_id).update(
            post_count=Greatest(F("post_count") + delta, 0)
        )
    _refresh_last_post(post.thread)


def _change_status(post: Post, status: str, *, now) -> None:
    was_visible = _is_visible(post)
    post.status = status
    post.save(update_fields=["status"])
    is_visible = _is_visible(post)
    if was_visible != is_visible:
        _count_visible(post, 1 if is_visible else -1, now=now)
    # Not only on a change of visibility: a reply hidden inside a hidden thread still
    # decides whether the thread waits once it is back.
    if _may_answer(post):
        _refresh_first_reply(threads=[post.thread_id])


def _set_thread_status(thread: Thread, status: str) -> None:
    if thread.status == status:
        return
    delta = 1 if status == Status.PUBLISHED else -1 if thread.status == Status.PUBLISHED else 0
    thread.status = status
    thread.save(update_fields=["status"])
    if delta:
        # The thread's visible replies appear or disappear from the category with it.
        replies = Thread.objects.values_list("reply_count", flat=True).get(pk=thread.pk)
        Category.objects.filter(pk=thread.category_id).update(
            thread_count=Greatest(F("thread_count") + delta, 0),
            post_count=Greatest(F("post_count") + delta * replies, 0),
        )


def _refresh_last_post(thread: Thread) -> None:
    last = (
        Post.objects.filter(thread=thread, status=Status.PUBLISHED, deleted_at__isnull=True)
        .exclude(number=None)
        .order_by("-number")
        .first()
    )
    Thread.objects.filter(pk=thread.pk).update(last_post=last)


def _auto_watch(*, member: User, thread: Thread, now) -> None:
    # get_or_create leaves an explicit "stop watching" (watching=False) as it is.
    ThreadSubscription.objects.get_or_create(
        member=member, thread=thread, defaults={"watching": True, "created_at": now}
    )


def _announce(post: Post, verdict: Verdict, *, edited: bool = False) -> None:
    if post.status == Status.PENDING:
        transaction.on_commit(lambda: signals.post_held.send(Post, post=post, verdict=verdict))
    elif post.status == Status.PUBLISHED:
        transaction.on_commit(
            lambda: signals.post_published.send(Post, post=post, verdict=verdict, edited=edited)
        )
