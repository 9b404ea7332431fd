"""Reads that moderation pages share, each a fixed number of queries whatever the data size
(the docstrings say how many; tests/moderation/test_queries.py pins the page totals).

Also the two reads screening needs when a member posts (the site's watched words, from the
cache, and the author's private list of names), and the per-member notices every page
shows (unacknowledged warnings, the moderators' menu link), from the cache.
"""

import statistics
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef
from django.http import Http404
from django.utils import timezone

from accounts import roles
from accounts.models import User
from accounts.names import could_name_a_member
from forum.models import Category, Post, Status, Thread
from moderation import permissions
from moderation.models import (
    Appeal,
    ExName,
    HeldPost,
    MemberWarning,
    ModerationAction,
    ModmailConversation,
    Reason,
    Report,
    WatchedWord,
)
from moderation.queues import queue_sizes
from moderation.screening import WatchRule

GROUPS_PER_PAGE = 20
APPROVALS_PER_PAGE = 20
LOG_PER_PAGE = 50
REPORTS_SHOWN_PER_TARGET = 20
RECENT_POSTS_SHOWN = 3
PRIOR_ACTIONS_SHOWN = 5
DASHBOARD_DAYS = 30

# --- What screening reads ------------------------------------------------------------------

WATCH_RULES_KEY = "moderation:watch-rules"
WATCH_RULES_TIMEOUT = 300  # seconds: bounds staleness where the cache is per process


def watch_rules() -> tuple[WatchRule, ...]:
    """The site's watched words as screening rules. From the cache; one query on a miss.
    moderation.actions clears the cache whenever a watched word changes."""
    rows = cache.get(WATCH_RULES_KEY)
    if rows is None:
        rows = list(WatchedWord.objects.order_by("folded").values_list("phrase", "action"))
        cache.set(WATCH_RULES_KEY, rows, WATCH_RULES_TIMEOUT)
    return tuple(WatchRule(phrase=phrase, action=action) for phrase, action in rows)


def ex_names_of(member) -> list[str]:
    """The names the member asked us to watch for in their posts. One query."""
    if member is None or not member.pk:
        return []
    return list(ExName.objects.filter(owner=member).values_list("name", flat=True))


def ex_names_list(member) -> list[ExName]:
    return list(ExName.objects.filter(owner=member).order_by("created_at", "pk"))


# --- What every page shows a member --------------------------------------------------------

NOTICES_TIMEOUT = 600  # seconds


def notices_key(user_id: int) -> str:
    return f"moderation:notices:{user_id}"


@dataclass(frozen=True)
class PendingWarning:
    pk: int
    message: str


@dataclass(frozen=True)
class MemberNotices:
    """What the layout shows a signed-in member on every page: warnings they have not yet
    acknowledged, and (for moderators) the link to the moderators' pages."""

    warnings: tuple[PendingWarning, ...] = ()
    moderator: bool = False


# An attribute of the member behind a session, read with their row (accounts.hooks).
PENDING_WARNINGS = "has_pending_warnings"


def pending_warnings_of_member():
    """Whether a warning waits for the member, as a figure of their own row: nearly always
    none, and then member_notices() needs no cache round trip."""
    return Exists(_pending_warnings(OuterRef("pk")))


def _pending_warnings(member_id):
    """The warnings the member has not acknowledged yet (their own partial index)."""
    return MemberWarning.objects.filter(member_id=member_id, acknowledged_at__isnull=True)


def member_notices(user) -> MemberNotices:
    """No query on a page. For the member behind a session with no warning waiting (read with
    their row), nothing else is read; otherwise the notices come from the cache, and on a
    miss (the first page after the cache was emptied) from two queries: log-in fills it
    beforehand (moderation.apps), and the services that warn, acknowledge or change a
    moderator's group refresh it."""
    if not user.is_authenticated:
        return MemberNotices()
    if getattr(user, PENDING_WARNINGS, None) is False:
        return MemberNotices(moderator=permissions.can_view_queue(user))  # remembered: no query
    notices = cache.get(notices_key(user.pk))
    if notices is None:
        notices = load_member_notices(user)
    return notices


def load_member_notices(user) -> MemberNotices:
    """Read the notices from the database and cache them. Two queries."""
    warnings = tuple(
        PendingWarning(pk=pk, message=message)
        for pk, message in _pending_warnings(user.pk)
        .order_by("created_at", "pk")
        .values_list("pk", "message")
    )
    notices = MemberNotices(warnings=warnings, moderator=permissions.can_view_queue(user))
    cache.set(notices_key(user.pk), notices, NOTICES_TIMEOUT)
    return notices


def forget_member_notices(user_id: int) -> None:
    cache.delete(notices_key(user_id))


OPEN_COUNT_KEY = "moderation:open-count"
OPEN_COUNT_TIMEOUT = 60  # seconds: the services forget it whenever a report or hold changes


def open_queue_count() -> int:
    """What waits for moderators (reported targets in both queues, held posts, members'
    messages waiting for an answer, appeals waiting for a decision), for the menu link on
    every page. From the cache; five queries on a miss."""
    count = cache.get(OPEN_COUNT_KEY)
    if count is None:
        count = sum(queue_sizes().values()) + approval_count() + _letters_waiting()
        cache.set(OPEN_COUNT_KEY, count, OPEN_COUNT_TIMEOUT)
    return count


def _letters_waiting() -> int:
    """Members waiting on the moderators: conversations whose last word is the member's, and
    appeals not yet decided (moderation.actions.modmail, .appeals). Two queries."""
    return (
        ModmailConversation.objects.filter(waiting_on_moderators=True).count()
        + Appeal.objects.filter(status=Appeal.Status.PENDING).count()
    )


def forget_open_queue_count() -> None:
    cache.delete(OPEN_COUNT_KEY)


def warnings_for(member) -> list[MemberWarning]:
    """A member's own warnings, those waiting for acknowledgement first. One query."""
    return list(
        MemberWarning.objects.filter(member=member)
        .select_related("moderator")
        .order_by(F("acknowledged_at").desc(nulls_first=True), "-created_at", "-pk")
    )


# --- Fetch and authorize --------------------------------------------------------------------


def _only_moderators(user) -> None:
    if not permissions.can_view_queue(user):
        raise Http404("No such page.")


def get_post_for_moderation(user, pk: int) -> Post:
    """A post, for a moderator. The same 404 for a missing post and a member who is not a
    moderator. One query (plus the moderator check)."""
    _only_moderators(user)
    post = Post.objects.select_related("thread__category", "author").filter(pk=pk).first()
    if post is None:
        raise Http404("No such post.")
    return post


def get_thread_for_moderation(user, pk: int) -> Thread:
    _only_moderators(user)
    thread = Thread.objects.select_related("category", "author").filter(pk=pk).first()
    if thread is None:
        raise Http404("No such thread.")
    return thread


def get_member_for_moderation(user, username: str) -> User:
    _only_moderators(user)
    if not could_name_a_member(username):
        raise Http404("No such member.")
    member = User.objects.filter(username=username).first()
    if member is None:
        raise Http404("No such member.")
    return member


def get_watched_word_for(user, pk: int) -> WatchedWord:
    if not permissions.can_manage_watched_words(user):
        raise Http404("No such page.")
    word = WatchedWord.objects.filter(pk=pk).first()
    if word is None:
        raise Http404("No such watched word.")
    return word


def get_warning_for(user, pk: int) -> MemberWarning:
    """A warning, for the member it was given to; 404 for anyone else."""
    warning = MemberWarning.objects.filter(pk=pk, member_id=user.pk).first()
    if warning is None or not user.is_authenticated:
        raise Http404("No such warning.")
    return warning


def get_ex_name_for(user, pk: int) -> ExName:
    name = ExName.objects.filter(pk=pk, owner_id=user.pk).first()
    if name is None or not user.is_authenticated:
        raise Http404("No such name.")
    return name


# --- The approval queue --------------------------------------------------------------------


def approval_page(page_number):
    """Posts held by screening, oldest first, with their thread, author and the reasons
    they were held. Two queries (count, page)."""
    posts = (
        Post.objects.filter(status=Status.PENDING, deleted_at__isnull=True)
        .select_related("thread__category", "author", "hold")
        .order_by("created_at", "pk")
    )
    return Paginator(posts, APPROVALS_PER_PAGE).get_page(page_number)


def approval_count() -> int:
    return Post.objects.filter(status=Status.PENDING, deleted_at__isnull=True).count()


def hold_reasons_for(post: Post) -> list[str]:
    hold = HeldPost.objects.filter(post=post).first()
    return hold.reasons if hold else []


# --- The audit log ---------------------------------------------------------------------------


def audit_log_page(
    *, moderator=None, member=None, member_username: str = "", action: str = "", page_number=None
):
    """The log, newest first, filtered. Two queries (count, page with moderator and member)."""
    entries = ModerationAction.objects.select_related("moderator", "member").newest_first()
    if moderator is not None:
        entries = entries.filter(moderator=moderator)
    if member is not None:
        entries = entries.filter(member=member)
    if member_username:
        entries = entries.filter(member__username=member_username)
    if action:
        entries = entries.filter(action=action)
    return Paginator(entries, LOG_PER_PAGE).get_page(page_number)


def moderators():
    """Everyone who moderates or moderated (accounts.roles), deactivated ones included. One
    query."""
    return User.objects.filter(roles.moderators_q(active=False)).distinct().order_by("username")


def moderator_emails() -> list[str]:
    return [
        email
        for email in moderators().filter(is_active=True).values_list("email", flat=True)
        if email
    ]


# --- The dashboard ---------------------------------------------------------------------------


@dataclass
class Dashboard:
    open_by_reason: list[tuple[str, int]]
    queue_sizes: dict[str, int]
    awaiting_approval: int
    median_first_action: timedelta | None
    handled_count: int
    actions_this_week: list[tuple[str, int]]
    actions_this_week_total: int


def dashboard(*, now=None) -> Dashboard:
    """Six queries: open reports by reason, the two queue sizes, the approval count, how
    long reports resolved in the last 30 days waited, and this week's actions by kind."""
    now = now or timezone.now()
    open_counts = dict(
        Report.objects.open().values_list("reason").annotate(count=Count("pk")).order_by()
    )
    open_by_reason = [(label, open_counts.get(value, 0)) for value, label in Reason.choices]
    waits = [
        resolved - created
        for created, resolved in Report.objects.filter(
            resolved_at__gte=now - timedelta(days=DASHBOARD_DAYS)
        ).values_list("created_at", "resolved_at")
    ]
    labels = dict(ModerationAction.Kind.choices)
    week = (
        ModerationAction.objects.filter(created_at__gte=now - timedelta(days=7))
        .values_list("action")
        .annotate(count=Count("pk"))
        .order_by("-count", "action")
    )
    actions_this_week = [(labels.get(action, action), count) for action, count in week]
    return Dashboard(
        open_by_reason=open_by_reason,
        queue_sizes=queue_sizes(),
        awaiting_approval=approval_count(),
        median_first_action=statistics.median(waits) if waits else None,
        handled_count=len(waits),
        actions_this_week=actions_this_week,
        actions_this_week_total=sum(count for _, count in actions_this_week),
    )


def watched_words() -> list[WatchedWord]:
    """Every watched word, alphabetical by its folded form. One query."""
    return list(WatchedWord.objects.select_related("created_by").order_by("folded"))


def categories_for_moving():
    return list(Category.objects.in_order())
