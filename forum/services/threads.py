"""Starting a thread, refreshing the seeded threads, pinning and locking."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from core.markdown import plain_text, render_markdown
from forum import hooks, permissions, search, search_index, signals
from forum.models import (
    Category,
    Status,
    Thread,
)
from forum.services.anonymity import _alias_for
from forum.services.outcomes import (
    Outcome,
    ScreeningRefused,
    _changed,
    _one_line,
    _refuse_if,
    _screenable,
)
from forum.services.posts import _announce, _auto_watch, _new_post, _publish


def create_thread(
    *,
    author: User,
    category: Category,
    title: str,
    body: str,
    warning: str = "",
    warning_note: str = "",
    anonymous: bool = False,
    now=None,
) -> Outcome:
    """Start a thread with its opening post. Atomic. Screened: blocked text raises
    ScreeningRefused and saves nothing; held text saves the thread and post as pending.
    `warning`: a forum.models.ContentWarning theme on the opening post (and so the thread).
    `anonymous`: as "Anonymous member 1" (forum.services.anonymity), where allowed."""
    now = now or timezone.now()
    _refuse_if(permissions.why_cannot_start_thread(author, category))
    if anonymous:
        _refuse_if(permissions.why_cannot_post_anonymously(author, category))
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
        if anonymous:
            post.anonymous_alias = _alias_for(
                thread=thread, member=author, category=category, now=now
            )
            thread.anonymous_alias = post.anonymous_alias
            thread.save(update_fields=["anonymous_alias"])
        post.search_title = title
        post.content_warning, post.content_warning_note = warning, warning_note
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
        search_index.sync_thread(thread.pk)
        _changed(thread.pk)
    return True


def set_thread_flags(*, thread: Thread, pinned: bool | None = None, locked: bool | None = None):
    """Pin or unpin, lock or unlock a thread (moderators; the caller checks and audits)."""
    if pinned is not None:
        thread.pinned = pinned
    if locked is not None:
        thread.locked = locked
    thread.save(update_fields=["pinned", "locked"])
    _changed(thread.pk)
    return thread
