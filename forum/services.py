"""Every change of state in the forum, as named functions.

Each service checks permission (forum.permissions), screens the text where there is
text (forum.hooks.screen_post, which moderation sets), writes inside one transaction — the row, its
counters, the search index, the notifications — and announces the change through
forum.signals after the transaction commits. Notifications are emailed (forum/emails.py)
through a task queued once the transaction commits. Views parse input and call one of these.

All take keyword arguments only and `now=None`, so tests can fix the time.

Counters kept here (never counted on a page):
* Category.thread_count / post_count: published threads / visible posts in them.
* Thread.reply_count: visible posts after the opening post; Thread.last_post_number: the
  highest number handed out; Thread.last_post / last_activity_at.
* Post.helped_count / strength_count; User.post_count (visible posts by the member).
A post is *visible* when it is published and not removed, in a published thread.
"""

import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Greatest, Lower
from django.utils import timezone
from django.utils.text import slugify

import pagecache as page_cache
from accounts import roles
from accounts.confusables import without_direction_controls
from accounts.markdown import extract_mentions, plain_text, render_markdown
from accounts.models import User
from forum import emails, hooks, permissions, search, signals
from forum.hooks import Verdict
from forum.models import (
    Block,
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


class ActionRefused(Exception):
    """The member may not do this now; `message` says why, kindly."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ScreeningRefused(Exception):
    """Screening blocked the text; `reasons` tell the member what to change."""

    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


@dataclass(frozen=True)
class Outcome:
    """What happened to a post a member wrote: saved as `post`, judged by `verdict`."""

    post: Post
    verdict: Verdict | None

    @property
    def held(self) -> bool:
        return self.post.status == Status.PENDING

    @property
    def needs_crisis_care(self) -> bool:
        return bool(self.verdict and self.verdict.crisis_phrases)


# --- Writing ---------------------------------------------------------------------------


def create_thread(*, author: User, category: Category, title: str, body: str, now=None) -> Outcome:
    """Start a thread with its opening post. Atomic. Screened: blocked text raises
    ScreeningRefused and saves nothing; held text saves the thread and post as pending."""
    now = now or timezone.now()
    _refuse_if(permissions.why_cannot_start_thread(author, category))
    title = _one_line(title)
    verdict = hooks.screen_post(author, _screenable(f"{title}\n\n{body}"))
    if verdict.blocked:
        raise ScreeningRefused(verdict.block_reasons)
    status = Status.PENDING if verdict.held else Status.PUBLISHED
    with transaction.atomic():
        thread = Thread.objects.create(
            category=category,
            author=author,
            title=title,
            slug=slugify(title)[:80] or "thread",
            status=status,
            created_at=now,
            last_activity_at=now,
        )
        post = _new_post(thread=thread, author=author, body=body, now=now, status=status)
        post.search_title = title
        post.crisis_flagged = bool(verdict.crisis_phrases)
        if status == Status.PUBLISHED:
            _publish(post, thread=thread, now=now)
        else:
            post.save()
        _auto_watch(member=author, thread=thread, now=now)
        _changed(thread.pk)
        transaction.on_commit(lambda: signals.thread_created.send(Thread, thread=thread))
        _announce(post, verdict)
    return Outcome(post=post, verdict=verdict)


def create_reply(
    *, author: User, thread: Thread, body: str, reply_to: Post | None = None, now=None
) -> Outcome:
    """Reply in a thread, optionally to one of its posts. Atomic, screened as create_thread.
    The author starts watching the thread (unless they chose to stop watching it)."""
    now = now or timezone.now()
    _refuse_if(permissions.why_cannot_reply(author, thread))
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
        post.crisis_flagged = bool(verdict.crisis_phrases)
        if status == Status.PUBLISHED:
            _publish(post, thread=_locked(thread), now=now)
        else:
            post.save()
        _auto_watch(member=author, thread=thread, now=now)
        _changed(thread.pk)
        _announce(post, verdict)
    return Outcome(post=post, verdict=verdict)


def refresh_seeded_thread(*, thread: Thread, key: str, title: str, body: str, now=None) -> bool:
    """Bring a thread `manage.py seed_forum` wrote up to date with forum.seed_content: its
    seed key set, its title and opening post rewritten in place. The site's own words, not
    a member's edit, so no revision is kept and the post is not marked edited. A thread
    whose opening post someone edited since (a moderator's rewording) is left as they made
    it. Atomic. Returns whether anything changed."""
    post = thread.posts.filter(number=1).first()
    if post is None or post.edited_at is not None:
        changed = thread.seed_key != key
        if changed:
            Thread.objects.filter(pk=thread.pk).update(seed_key=key)
            _changed(thread.pk)
        return changed
    title = _one_line(title)
    if (thread.seed_key, thread.title, post.body) == (key, title, body):
        return False
    with transaction.atomic():
        thread.seed_key, thread.title = key, title
        thread.slug = slugify(title)[:80] or "thread"
        thread.save(update_fields=["seed_key", "title", "slug"])
        post.body = body
        post.body_html = render_markdown(body)
        post.body_text = search.strip_marks(plain_text(body))
        post.search_title = title
        post.save(update_fields=["body", "body_html", "body_text", "search_title"])
        search.sync_thread(thread.pk)
        _changed(thread.pk)
    return True


def edit_post(
    *, editor: User, post: Post, body: str, title: str | None = None, now=None
) -> Outcome:
    """Change a post's text (and, on an opening post, the thread's title), keeping the old
    text as a PostRevision. The author's edits are screened like new posts: a held edit
    takes the post out of view until a moderator looks. Moderators' edits are not screened.
    Newly @mentioned members are notified. Atomic; a no-change edit writes nothing."""
    now = now or timezone.now()
    if not permissions.can_edit_post(editor, post):
        raise ActionRefused("You can't edit this post.")
    thread = post.thread
    title = _one_line(title) if title is not None and post.is_first else None
    title_changed = title is not None and title != thread.title
    if body == post.body and not title_changed:
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
        search.sync_posts([post.pk])
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
        search.sync_posts([post.pk])
        _changed(post.thread_id)
    return post


# --- Moderators' decisions (the moderation app calls these, then writes its audit row) ----


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
        search.sync_thread(thread.pk)
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
        search.sync_thread(post.thread_id)
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
        search.sync_thread(post.thread_id)
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


def set_thread_flags(*, thread: Thread, pinned: bool | None = None, locked: bool | None = None):
    """Pin or unpin, lock or unlock a thread (moderators; the caller checks and audits)."""
    if pinned is not None:
        thread.pinned = pinned
    if locked is not None:
        thread.locked = locked
    thread.save(update_fields=["pinned", "locked"])
    _changed(thread.pk)
    return thread


# --- Reactions, reading, watching, notifications, blocks -------------------------------


def toggle_reaction(*, member: User, post: Post, kind: str, now=None) -> bool:
    """Add the member's reaction of this kind, or take it back if they had given it.
    Returns whether it is now given; the post's counts are refreshed. Atomic."""
    now = now or timezone.now()
    if kind not in Reaction.Kind.values:
        raise ActionRefused("That isn't a reaction we know.")
    _refuse_if(permissions.why_cannot_react(member, post))
    field = f"{kind}_count"
    with transaction.atomic():
        page_cache.bump_member(member.pk)  # a DELETE: page_cache hears only saves
        removed, _ = Reaction.objects.filter(post=post, member=member, kind=kind).delete()
        if removed:
            Post.objects.filter(pk=post.pk).update(**{field: Greatest(F(field) - 1, 0)})
            _withdraw_reaction_notice(post, member=member, kind=kind)
        else:
            try:
                with transaction.atomic():
                    Reaction.objects.create(post=post, member=member, kind=kind, created_at=now)
            except IntegrityError:  # a double click raced us; it is given either way
                return True
            Post.objects.filter(pk=post.pk).update(**{field: F(field) + 1})
            _notify_reaction(post, member=member, kind=kind, now=now)
        post.refresh_from_db(fields=["helped_count", "strength_count"])
        _changed(post.thread_id, lists=False)
    return not removed


def _unread_reaction_notice(post: Post, kind: str):
    return Notification.objects.filter(
        recipient_id=post.author_id,
        kind=Notification.Kind.REACTION,
        post=post,
        reaction_kind=kind,
        read_at__isnull=True,
    )


def _notify_reaction(post: Post, *, member: User, kind: str, now) -> None:
    """Tell the post's author, grouped: while they have not read it, one notification per
    post and reaction counts the people ("3 people sent strength") and names the latest.
    Nobody hears about their own reaction, nor about one from someone they blocked. Never
    emailed (forum.emails knows only replies and mentions). Inside the caller's transaction."""
    if post.author_id is None or post.author_id == member.pk:
        return
    if Block.objects.filter(blocker_id=post.author_id, blocked_id=member.pk).exists():
        return
    grouped = _unread_reaction_notice(post, kind).update(
        actor=member, actor_count=F("actor_count") + 1, created_at=now
    )
    if not grouped:
        Notification.objects.create(
            recipient_id=post.author_id,
            kind=Notification.Kind.REACTION,
            reaction_kind=kind,
            actor=member,
            post=post,
            thread_id=post.thread_id,
            created_at=now,
        )
    page_cache.bump_member(post.author_id)  # an UPDATE: page_cache hears only saves


def _withdraw_reaction_notice(post: Post, *, member: User, kind: str) -> None:
    """A reaction taken back leaves the unread group: one person fewer, the group gone when
    no one is left, and the latest remaining reactor named if it was this member."""
    notice = _unread_reaction_notice(post, kind).first()
    if notice is None:
        return
    if notice.actor_count <= 1:
        notice.delete()
    else:
        notice.actor_count -= 1
        if notice.actor_id == member.pk:
            notice.actor_id = (
                Reaction.objects.filter(post=post, kind=kind)
                .exclude(member_id__in=[member.pk, post.author_id])
                .order_by("-created_at")
                .values_list("member_id", flat=True)
                .first()
            )
        notice.save(update_fields=["actor_count", "actor"])
    page_cache.bump_member(post.author_id)


def mark_thread_read(
    *,
    member: User,
    thread: Thread,
    up_to: int,
    read: ThreadRead | None = None,
    unread_notifications: int | None = None,
    now=None,
) -> int:
    """Record that the member has read the thread up to post number `up_to` (never moving
    backwards). Pass the ThreadRead you already fetched, if any, to save a query; one write
    at most. Also marks the member's notifications about this thread as read, and returns
    how many it marked; pass `unread_notifications=0` when the member is known to have none
    unread, and that UPDATE is not sent (on SQLite even an UPDATE that changes no row takes
    the database's write lock: a signed-in reader would queue behind every writer)."""
    now = now or timezone.now()
    # Their cached pages show what they have read (pagecache): forgotten on a write.
    # An INSERT is heard by page_cache's post_save receiver; these UPDATEs are not.
    if read is None:
        try:
            with transaction.atomic():
                ThreadRead.objects.create(
                    member=member, thread=thread, last_read_post_number=up_to, last_read_at=now
                )
        except IntegrityError:
            if ThreadRead.objects.filter(
                member=member, thread=thread, last_read_post_number__lt=up_to
            ).update(last_read_post_number=up_to, last_read_at=now):
                page_cache.bump_member(member.pk)
    elif read.last_read_post_number < up_to:
        ThreadRead.objects.filter(pk=read.pk, last_read_post_number__lt=up_to).update(
            last_read_post_number=up_to, last_read_at=now
        )
        page_cache.bump_member(member.pk)
    if unread_notifications == 0:
        return 0
    marked = Notification.objects.filter(
        recipient=member, thread=thread, read_at__isnull=True
    ).update(read_at=now)
    if marked:
        page_cache.bump_member(member.pk)
    return marked


def set_watching(*, member: User, thread: Thread, watching: bool, now=None) -> None:
    """Start or stop watching a thread. Stopping is remembered, so posting in the thread
    later does not quietly start again."""
    now = now or timezone.now()
    ThreadSubscription.objects.update_or_create(
        member=member,
        thread=thread,
        defaults={"watching": watching},
        create_defaults={"watching": watching, "created_at": now},
    )


def mark_notifications_read(*, member: User, ids=None, now=None) -> int:
    """Mark the member's notifications read: these `ids`, or all of them. Returns how many."""
    now = now or timezone.now()
    notifications = Notification.objects.filter(recipient=member, read_at__isnull=True)
    if ids is not None:
        notifications = notifications.filter(pk__in=ids)
    page_cache.bump_member(member.pk)  # the menu's unread count on their cached pages
    return notifications.update(read_at=now)


def block_member(*, blocker: User, blocked: User, now=None) -> None:
    """Block a member: their posts fold away for the blocker, and their replies and
    @mentions no longer notify the blocker. Idempotent."""
    now = now or timezone.now()
    if not permissions.can_block(blocker, blocked):
        raise ActionRefused("You can't block this member.")
    Block.objects.get_or_create(blocker=blocker, blocked=blocked, defaults={"created_at": now})


def unblock_member(*, blocker: User, blocked: User) -> None:
    Block.objects.filter(blocker=blocker, blocked=blocked).delete()
    page_cache.bump_member(blocker.pk, blocked.pk)  # a DELETE: page_cache hears only saves


# --- Helpers ---------------------------------------------------------------------------


# A link to a post on this site, as quote_for_reply() writes it: "[wrote](/p/12/)". The label
# holds no "[": with "[^\]]" every "[" of a bracket-heavy post scanned to the end of the text
# (19,999 "[" cost 1.4 s here).
_POST_LINK = re.compile(r"\[([^\[\]\n]*)\]\(/p/\d{1,12}/\)")


def _one_line(title: str) -> str:
    """A title as lists show it: one line, single spaces, no direction overrides (one left
    open would turn the rest of its row backwards; accounts.confusables says more)."""
    return " ".join(without_direction_controls(title).split())


def _screenable(text: str) -> str:
    """The text screening reads: links to our own posts (quote attributions) are not the
    outside links new members must wait to share, so they are read as their words."""
    return _POST_LINK.sub(r"\1", text)


def _refuse_if(reason: str | None) -> None:
    if reason:
        raise ActionRefused(reason)


def _changed(thread_id: int, *, lists: bool = True) -> None:
    """Visitors' cached pages of this thread — and, unless `lists` is False, the thread
    lists and search — are out of date once this transaction commits (pagecache)."""
    page_cache.bump_on_commit(f"thread:{thread_id}", *(["lists"] if lists else []))


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
    Thread.objects.filter(pk=thread.pk).update(
        last_post_number=post.number,
        last_post=post,
        last_activity_at=Greatest(F("last_activity_at"), activity_at),
        reply_count=F("reply_count") + (0 if first else 1),
    )
    thread.last_post_number = post.number
    Category.objects.filter(pk=thread.category_id).update(
        thread_count=F("thread_count") + (1 if first else 0),
        post_count=F("post_count") + 1,
        last_activity_at=activity_at,
    )
    if post.author_id:
        User.objects.filter(pk=post.author_id).update(post_count=F("post_count") + 1)
        _read_own_post(post, now=now)
    search.sync_posts([post.pk])
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
    if post.author_id:
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


def _blockers_of(author_id) -> set[int]:
    if author_id is None:
        return set()
    return set(Block.objects.filter(blocked_id=author_id).values_list("blocker_id", flat=True))


def _notify_new_post(post: Post, *, now) -> None:
    """One notification per person, most specific reason first: a reply to their post,
    then an @mention, then a new reply in a thread they watch. Nobody hears about their
    own post, or about posts by someone they blocked, or about a thread they cannot read."""
    thread = post.thread
    skip = _blockers_of(post.author_id) | {post.author_id}
    notifications: dict[int, Notification] = {}

    def add(recipient_id, kind):
        if recipient_id and recipient_id not in skip and recipient_id not in notifications:
            notifications[recipient_id] = Notification(
                recipient_id=recipient_id,
                kind=kind,
                actor_id=post.author_id,
                post=post,
                thread=thread,
                created_at=now,
            )

    if post.reply_to_id and post.reply_to.author_id:
        add(post.reply_to.author_id, Notification.Kind.REPLY_TO_POST)
    for member in _mentioned_members(post, extract_mentions(post.body)):
        add(member.pk, Notification.Kind.MENTION)
    if not post.is_first:
        watchers = ThreadSubscription.objects.filter(thread=thread, watching=True).values_list(
            "member_id", flat=True
        )
        for member_id in watchers:
            add(member_id, Notification.Kind.REPLY)
    # bulk_create sends no post_save: the recipients' cached pages are forgotten here.
    page_cache.bump_member(*(n.recipient_id for n in notifications.values()))
    emails.email_on_commit(Notification.objects.bulk_create(notifications.values()))


def _notify_mentions(post: Post, *, names: list[str], now) -> None:
    skip = _blockers_of(post.author_id) | {post.author_id}
    created = Notification.objects.bulk_create(
        Notification(
            recipient=member,
            kind=Notification.Kind.MENTION,
            actor_id=post.author_id,
            post=post,
            thread=post.thread,
            created_at=now,
        )
        for member in _mentioned_members(post, names)
        if member.pk not in skip
    )
    page_cache.bump_member(*(n.recipient_id for n in created))  # bulk_create: no post_save
    emails.email_on_commit(created)


def _mentioned_members(post: Post, names: list[str]) -> list[User]:
    """Active members named (at most 20), who can read the thread. Names match whatever
    their case, as usernames are unique regardless of case."""
    if not names:
        return []
    members = (
        User.objects.active()
        .annotate(lower_name=Lower("username"))
        .filter(lower_name__in=[name.lower() for name in names[:20]])
    )
    return [member for member in members if permissions.can_view_thread(member, post.thread)]
