"""What a reader muted or chose to hide, applied to lists, search and notifications
(docs/mute-and-warnings.md). Lists filter in SQL (no query of their own); search filters
the page of hits it was given, since a remembered search is shared by every member."""

import dataclasses

from django.db.models import CharField, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast

from accounts.models import User
from core.prepared import prepared
from forum import content_warnings
from forum.models import CategoryMute, Post, ThreadMute, WarningChoice


def _opening_warning():
    return Subquery(Post.objects.filter(thread=OuterRef("pk"), number=1).values("content_warning"))


def for_reader(threads, user, *, category_mutes=True):
    """`threads` without what this member muted (the thread or, unless `category_mutes` is
    False — a category's own page — its category) or chose to hide (the opening post's
    warning theme), each with `opening_warning` for the row's label. Subqueries only: no
    query of its own, whatever the data size."""
    threads = threads.annotate(opening_warning=_opening_warning())
    if not user.is_authenticated:
        return threads
    # By id: `user` may be a stand-in (accounts.shield.Reader) for a kept query.
    hidden = WarningChoice.objects.filter(member_id=user.pk, action=content_warnings.HIDE)
    muted = Exists(ThreadMute.objects.filter(member_id=user.pk, thread=OuterRef("pk")))
    if category_mutes:
        in_category = CategoryMute.objects.filter(
            member_id=user.pk, category=OuterRef("category_id")
        )
        muted |= Exists(in_category)
    # The threads whose opening post carries a hidden theme, found once for the whole list
    # (by the forum_post_opening_warning index): asked thread by thread, each opening post
    # was read from the table, nine tenths of a member's category count.
    hidden_openings = Post.objects.filter(number=1, content_warning__in=hidden.values("theme"))
    return threads.exclude(muted | Q(pk__in=hidden_openings.values("thread_id")))


@dataclasses.dataclass(frozen=True)
class ReaderChoices:
    """What one reader chose: warning theme -> action (non-default only), muted threads and
    categories."""

    warnings: dict = dataclasses.field(default_factory=dict)
    threads: frozenset = frozenset()
    categories: frozenset = frozenset()


@prepared
def _choices_of(member_id):
    """Asked by every signed-in thread, category and search page: its SQL is compiled once
    per process (core.prepared)."""
    as_text = {"output_field": CharField()}
    return (
        WarningChoice.objects.filter(member_id=member_id)
        .annotate(kind=Value("warning", **as_text), key=F("theme"), value=F("action"))
        .values_list("kind", "key", "value")
        .union(
            ThreadMute.objects.filter(member_id=member_id)
            .annotate(kind=Value("thread", **as_text), key=Cast("thread_id", **as_text))
            .annotate(value=Value("", **as_text))
            .values_list("kind", "key", "value"),
            CategoryMute.objects.filter(member_id=member_id)
            .annotate(kind=Value("category", **as_text), key=Cast("category_id", **as_text))
            .annotate(value=Value("", **as_text))
            .values_list("kind", "key", "value"),
            all=True,
        )
    )


def reader_choices(user) -> ReaderChoices:
    """All of a reader's choices in one query (a UNION of the three tables); none for
    visitors."""
    if not user.is_authenticated:
        return ReaderChoices()
    rows = _choices_of.fetch(member_id=user.pk)
    warnings, threads, categories = {}, set(), set()
    for kind, key, value in rows:
        if kind == "warning":
            warnings[key] = value
        else:
            (threads if kind == "thread" else categories).add(int(key))
    return ReaderChoices(warnings, frozenset(threads), frozenset(categories))


def mark_thread_page(page, user) -> None:
    """The thread page as this reader sees it: each post's warning treatment
    (forum.content_warnings) and whether they muted the thread. No query for visitors, one
    for members (a member's thread page reads the same with the rest of their own view:
    forum.selectors.own_view)."""
    choices = reader_choices(user)
    content_warnings.mark_posts(page.posts, choices.warnings)
    page.muted = page.thread.pk in choices.threads


def screen_hits(user, hits) -> list:
    """A page of search hits as this reader sees them: without muted threads and categories
    and hidden themes; a warned post's snippet withheld unless they chose to see the theme
    unfolded. One query for members, none for visitors."""
    reader = reader_choices(user)
    choices, muted_threads, muted_categories = reader.warnings, reader.threads, reader.categories
    shown = []
    for hit in hits:
        post = hit.post
        action = content_warnings.treatment(post.content_warning, choices)
        if (
            action == content_warnings.HIDE
            or post.thread_id in muted_threads
            or post.thread.category_id in muted_categories
        ):
            continue
        warning = content_warnings.label(post.content_warning, post.content_warning_note)
        if action == content_warnings.FOLD:
            hit = dataclasses.replace(hit, snippet_html="", warning=warning)
        elif warning:
            hit = dataclasses.replace(hit, warning=warning)
        shown.append(hit)
    return shown


def not_to_notify(post: Post) -> set[int]:
    """Members who must not hear of `post`: they muted its thread or its category, or hide
    its warning theme. One query."""
    thread = post.thread
    who = Q(thread_mutes__thread_id=thread.pk) | Q(category_mutes__category_id=thread.category_id)
    if post.content_warning:
        who |= Q(
            warning_choices__theme=post.content_warning,
            warning_choices__action=content_warnings.HIDE,
        )
    return set(User.objects.filter(who).values_list("pk", flat=True))


def muted_by(user) -> tuple[list, list]:
    """The threads and categories a member muted, for their settings page. Two queries."""
    threads = list(ThreadMute.objects.filter(member=user).select_related("thread"))
    categories = list(CategoryMute.objects.filter(member=user).select_related("category"))
    return threads, categories


def mutes_category(user, category) -> bool:
    return user.is_authenticated and bool(
        _category_mute.fetch(member_id=user.pk, category_id=category.pk)
    )


@prepared  # asked by every member's category page
def _category_mute(member_id, category_id):
    mutes = CategoryMute.objects.filter(member_id=member_id, category_id=category_id)
    return mutes.values_list("pk", flat=True)[:1]
