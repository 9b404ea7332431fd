"""The moderation queues: open reports grouped by their target (a post, a thread, a
member), each group with everything a moderator needs to decide — the reports, the post's
neighbours, the member's recent posts and earlier actions. Each read a fixed number of
queries whatever the data size (tests/moderation/test_queries.py pins the page totals).
"""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, F, Min, Q, Window
from django.db.models.functions import RowNumber

from accounts.models import User
from forum.models import Post, Thread
from moderation.models import (
    ModerationAction,
    Queue,
    Report,
    TargetKind,
)

GROUPS_PER_PAGE = 20
REPORTS_SHOWN_PER_TARGET = 20
RECENT_POSTS_SHOWN = 3
PRIOR_ACTIONS_SHOWN = 5


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
    def subject_alias(self) -> str:
        """ "Anonymous member 3" when the target is an anonymous post or thread, else "". The
        card then names the subject by the alias and hides what would identify them (their
        profile, posts, history): a moderator sees who it is only through a logged look
        (forum:anonymous_author), while actions still reach the real account."""
        if self.post is not None:
            return self.post.anonymous_name
        if self.thread is not None and self.kind == TargetKind.THREAD:
            return self.thread.anonymous_name
        return ""

    @property
    def subject_name(self) -> str:
        if self.subject_alias:
            return self.subject_alias
        return self.subject.public_name if self.subject else "a former member"

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
