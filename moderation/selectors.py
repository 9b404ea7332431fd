"""Reads that moderation pages share, each a fixed number of queries whatever the data size
(the docstrings say how many; tests/moderation/test_queries.py pins the page totals).

Also the two reads screening needs when a member posts (the site's watched words, from the
cache, and the author's private list of names), and the per-member notices every page
shows (unacknowledged warnings, the moderators' menu link), from the cache.
"""

import statistics
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, F, Min, Q, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils import timezone

from accounts import roles
from accounts.models import User
from forum.models import Category, Post, Status, Thread
from moderation import permissions
from moderation.models import (
    ExName,
    HeldPost,
    MemberWarning,
    ModerationAction,
    Queue,
    Reason,
    Report,
    TargetKind,
    WatchedWord,
)
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


def member_notices(user) -> MemberNotices:
    """From the cache: no query on a page. On a miss (the first page after the cache was
    emptied) two queries; log-in fills it beforehand (moderation.apps), and the services
    that warn, acknowledge or change a moderator's group refresh it."""
    if not user.is_authenticated:
        return MemberNotices()
    notices = cache.get(notices_key(user.pk))
    if notices is None:
        notices = load_member_notices(user)
    return notices


def load_member_notices(user) -> MemberNotices:
    """Read the notices from the database and cache them. Two queries."""
    warnings = tuple(
        PendingWarning(pk=pk, message=message)
        for pk, message in MemberWarning.objects.filter(member=user, acknowledged_at__isnull=True)
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
    """What waits for moderators (reported targets in both queues, and held posts), for the
    menu link on every page. From the cache; three queries on a miss."""
    count = cache.get(OPEN_COUNT_KEY)
    if count is None:
        count = sum(queue_sizes().values()) + approval_count()
        cache.set(OPEN_COUNT_KEY, count, OPEN_COUNT_TIMEOUT)
    return count


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


# --- The queues -------------------------------------------------------------------------------


@dataclass
class TargetGroup:
    """Everything a moderator needs to decide about one reported (or opened) target."""

    key: str
    kind: str
    post: Post | None = None
    thread: Thread | None = None
    member: User | None = None
    # Whose words or conduct this is about.
    subject: User | None = None
    reports: list[Report] = field(default_factory=list)
    open_count: int = 0
    earlier_count: int = 0
    priority: int = 9
    oldest: object = None
    # The post before and after a reported post; a thread's opening post.
    neighbours: list[Post] = field(default_factory=list)
    before: Post | None = None
    after: Post | None = None
    opening_post: Post | None = None
    recent_posts: list[Post] = field(default_factory=list)
    prior_actions: list[ModerationAction] = field(default_factory=list)
    # Check-ins and caring messages the subject has had (moderation.care.selectors).
    care_history: list = field(default_factory=list)

    @property
    def is_crisis(self) -> bool:
        return self.priority == 0

    @property
    def is_care(self) -> bool:
        """A care item: someone may be in crisis, or someone is worried about them."""
        return any(report.queue == Queue.CARE for report in self.reports)

    @property
    def acknowledgement(self) -> Report | None:
        """The open care report a moderator took on first ("I'm on it"), if any."""
        taken = [r for r in self.reports if r.queue == Queue.CARE and r.acknowledged_at]
        return min(taken, key=lambda r: r.acknowledged_at) if taken else None

    @property
    def care_waiting_since(self):
        """When the oldest care report came in (the crisis clock's start)."""
        care = [r.created_at for r in self.reports if r.queue == Queue.CARE]
        return min(care) if care else None

    @property
    def reasons(self) -> list[str]:
        return sorted({report.get_reason_display() for report in self.reports})

    @property
    def anchor(self) -> str:
        return self.key.replace(":", "-")


def target_key(kind: str, pk: int) -> str:
    return f"{kind}:{pk}"


def parse_target_key(key: str) -> tuple[str, int] | None:
    kind, _, raw = (key or "").partition(":")
    if kind not in TargetKind.values or not raw.isascii() or not raw.isdigit():
        return None
    pk = int(raw)
    return (kind, pk) if 0 < pk < 2**63 else None


def _open_groups(queue: str):
    reports = Report.objects.open().filter(queue=queue)
    if queue == Queue.RULES:
        # A target with any crisis report waits in the care queue only.
        reports = reports.exclude(
            target_key__in=Report.objects.open().filter(queue=Queue.CARE).values("target_key")
        )
    return (
        reports.values("target_key")
        .annotate(priority=Min("priority"), oldest=Min("created_at"), open_count=Count("id"))
        .order_by("priority", "oldest", "target_key")
    )


def queue_page(queue: str, page_number):
    """A page of the queue's reported targets, crisis first then oldest first, each with its
    context. Two queries for the page of groups (count, page) and at most nine for the
    context (see build_groups) — whatever the number of reports, posts or members."""
    page = Paginator(_open_groups(queue), GROUPS_PER_PAGE).get_page(page_number)
    rows = list(page.object_list)
    groups = build_groups([row["target_key"] for row in rows])
    for row, group in zip(rows, groups, strict=True):
        group.priority = row["priority"]
        group.oldest = row["oldest"]
    page.object_list = groups
    return page


def has_open_report(user, kind: str, pk: int) -> bool:
    """Whether this member already has an open report on the target. One query."""
    return (
        Report.objects.open().filter(reporter_id=user.pk, target_key=target_key(kind, pk)).exists()
    )


def queue_sizes() -> dict[str, int]:
    """How many targets wait in each queue. Two queries."""
    return {queue: _open_groups(queue).count() for queue in Queue.values}


def target_group(kind: str, pk: int) -> TargetGroup:
    """One target with its context, whether or not it is reported. At most nine queries."""
    return build_groups([target_key(kind, pk)])[0]


def build_groups(keys: list[str]) -> list[TargetGroup]:
    """Context for each target key, in order. At most nine queries whatever the number of
    keys: open reports (the latest 20 per target), earlier reports' counts, posts, threads,
    threads' opening posts, members, the posts around each reported post, each subject's
    recent posts and their prior moderation actions."""
    groups = []
    for key in keys:
        parsed = parse_target_key(key)
        if parsed:
            groups.append(TargetGroup(key=key, kind=parsed[0]))
    ids = {kind: [] for kind in TargetKind.values}
    for group in groups:
        ids[group.kind].append(parse_target_key(group.key)[1])
    if not groups:
        return []
    _add_reports(groups)
    _add_targets(groups, ids)
    _add_history(groups)
    return groups


def _add_reports(groups: list[TargetGroup]) -> None:
    by_key = {group.key: group for group in groups}
    reports = (
        Report.objects.open()
        .filter(target_key__in=by_key)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("target_key")],
                order_by=[F("priority").asc(), F("created_at").asc(), F("pk").asc()],
            )
        )
        .filter(rank__lte=REPORTS_SHOWN_PER_TARGET)
        .select_related("reporter", "acknowledged_by")
        .order_by("target_key", "rank")
    )
    for report in reports:
        group = by_key[report.target_key]
        group.reports.append(report)
        group.priority = min(group.priority, report.priority)
    counts = (
        Report.objects.filter(target_key__in=by_key)
        .values("target_key")
        .annotate(
            open_count=Count("pk", filter=Q(status=Report.Status.OPEN)),
            earlier_count=Count("pk", filter=~Q(status=Report.Status.OPEN)),
        )
    )
    for row in counts:
        by_key[row["target_key"]].open_count = row["open_count"]
        by_key[row["target_key"]].earlier_count = row["earlier_count"]


def _add_targets(groups: list[TargetGroup], ids: dict[str, list[int]]) -> None:
    posts = threads = members = {}
    if ids[TargetKind.POST]:
        posts = Post.objects.select_related("thread__category", "author").in_bulk(
            ids[TargetKind.POST]
        )
    if ids[TargetKind.THREAD]:
        threads = Thread.objects.select_related("category", "author").in_bulk(
            ids[TargetKind.THREAD]
        )
    if ids[TargetKind.MEMBER]:
        members = User.objects.in_bulk(ids[TargetKind.MEMBER])
    for group in groups:
        pk = parse_target_key(group.key)[1]
        if group.kind == TargetKind.POST and pk in posts:
            group.post = posts[pk]
            group.thread = group.post.thread
            group.subject = group.post.author
        elif group.kind == TargetKind.THREAD and pk in threads:
            group.thread = threads[pk]
            group.subject = group.thread.author
        elif group.kind == TargetKind.MEMBER and pk in members:
            group.member = group.subject = members[pk]
    _add_neighbours(groups)
    _add_opening_posts(groups)


def _add_neighbours(groups: list[TargetGroup]) -> None:
    around = Q()
    for group in groups:
        if group.post is not None and group.post.number:
            numbers = [group.post.number - 1, group.post.number + 1]
            around |= Q(thread_id=group.post.thread_id, number__in=numbers)
    if not around:
        return
    neighbours = Post.objects.filter(around).select_related("author")
    by_place = {(post.thread_id, post.number): post for post in neighbours}
    for group in groups:
        if group.post is not None and group.post.number:
            before = by_place.get((group.post.thread_id, group.post.number - 1))
            after = by_place.get((group.post.thread_id, group.post.number + 1))
            group.before, group.after = before, after
            group.neighbours = [post for post in (before, after) if post]


def _add_opening_posts(groups: list[TargetGroup]) -> None:
    thread_ids = [g.thread.pk for g in groups if g.kind == TargetKind.THREAD and g.thread]
    if not thread_ids:
        return
    openings = {
        post.thread_id: post
        for post in Post.objects.filter(thread_id__in=thread_ids, number=1).select_related("author")
    }
    for group in groups:
        if group.kind == TargetKind.THREAD and group.thread:
            group.opening_post = openings.get(group.thread.pk)


def _add_history(groups: list[TargetGroup]) -> None:
    subject_ids = {group.subject.pk for group in groups if group.subject is not None}
    if not subject_ids:
        return
    recent: dict[int, list[Post]] = {}
    posts = (
        Post.objects.filter(author_id__in=subject_ids)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("author_id")],
                order_by=[F("created_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=RECENT_POSTS_SHOWN)
        .select_related("thread")
        .order_by("author_id", "rank")
    )
    for post in posts:
        recent.setdefault(post.author_id, []).append(post)
    actions: dict[int, list[ModerationAction]] = {}
    prior = (
        ModerationAction.objects.filter(member_id__in=subject_ids)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("member_id")],
                order_by=[F("created_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=PRIOR_ACTIONS_SHOWN)
        .select_related("moderator")
        .order_by("member_id", "rank")
    )
    for action in prior:
        actions.setdefault(action.member_id, []).append(action)
    for group in groups:
        if group.subject is not None:
            group.recent_posts = recent.get(group.subject.pk, [])
            group.prior_actions = actions.get(group.subject.pk, [])


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
