"""Opt-in celebration posts: when a member reaches a streak milestone, a short note in
"Daily check-ins" for others to react to and answer.

accounts sits below forum and cannot call it, so it announces each new milestone through
accounts.signals.milestone_reached (after the award commits); ForumConfig.ready() connects
celebrate_milestone() here. The post is written through forum.services like any other, so
counters, the search index, caches and screening stay right.

One thread per member ("No-contact milestones", by them), each later milestone a reply in it:
the congratulations others write stay with the person they are for, a member's journey
reads top to bottom in one place, and the category is not flooded with a thread per
milestone. (One shared thread for everyone would mix replies meant for different people.)

Posted only when all of these hold — otherwise nothing is written:
* the member opted in (User.celebrate_milestones);
* their streak may be seen by everyone who can read the category: members-only visibility
  is enough in a members-only category, a public category needs a public streak
  (accounts.permissions decides);
* the milestone belongs to the streak still running, and is the highest it has reached
  (a self-reported start 400 days back is celebrated once, at 365, not nine times);
* in range mode ("30+ days") only milestones that are range floors, worded as the range.

Idempotent: Celebration rows are unique per member and milestone, written in the same
transaction as the post. A celebration never breaks the check-in that caused it: any failure
is logged and dropped.

Privacy holds afterwards too: when the member narrows who sees their streak, or switches to
ranges, accounts.signals.streak_privacy_changed reaches withdraw_celebrations(), which removes
(as "removed by author", through forum.services.delete_post) every celebration post that now
says more than their choice allows. Turning celebrations off only stops new ones: what was
posted under the member's own choice stays, for them to remove like any post.
"""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import permissions, selectors
from accounts.models import MilestoneAward, StreakDisplay, User, Visibility
from accounts.streaks import counting
from forum import services
from forum.models import Category, Celebration, Post

logger = logging.getLogger(__name__)

CATEGORY_SLUG = "daily-check-ins"


def celebrate_milestone(sender, *, member, days: int, now=None, **kwargs) -> Celebration | None:
    """Receiver of accounts.signals.milestone_reached. Returns the Celebration written, or
    None when nothing was posted."""
    try:
        return _celebrate(member_id=member.pk, days=days, now=now or timezone.now())
    except Exception:  # a celebration must never turn a check-in into an error page
        logger.exception("Could not post the celebration of member %s's %s days", member.pk, days)
        return None


def _celebrate(*, member_id: int, days: int, now) -> Celebration | None:
    member = User.objects.filter(pk=member_id, is_active=True).first()  # today's choices
    if member is None or not member.celebrate_milestones:
        return None
    category = Category.objects.filter(slug=CATEGORY_SLUG).first()
    if category is None or not _streak_shown_to_readers_of(category, member):
        return None
    label = _milestone_label(member, days, now=now)
    if label is None or Celebration.objects.filter(member=member, days=days).exists():
        return None
    try:
        with transaction.atomic():
            celebration = Celebration.objects.create(member=member, days=days, created_at=now)
            post = _post(member, category, label, now=now)
            celebration.post, celebration.thread = post, post.thread
            celebration.save(update_fields=["post", "thread"])
    except IntegrityError:
        return None  # celebrated already, by a racing delivery of the same milestone
    except (services.ActionRefused, services.ScreeningRefused) as refused:
        logger.info("Celebration of member %s not posted: %s", member.pk, refused)
        return None
    return celebration


def _streak_shown_to_readers_of(category: Category, member: User) -> bool:
    if permissions.streak_is_public(member):
        return True
    return category.members_only and member.streak_visibility == Visibility.MEMBERS


def _milestone_label(member: User, days: int, *, now) -> str | None:
    """ "7 days" (or "30+ days" in range mode), or None when this milestone is not to be
    celebrated (see the module's docstring)."""
    award = MilestoneAward.objects.filter(member=member, days=days).select_related("streak")
    award = award.first()
    if award is None or award.streak is None or not award.streak.is_open:
        return None
    today = counting.local_date(selectors.zone_named(member.time_zone), now)
    if counting.top_milestone(award.streak.days_on(today)) != days:
        return None
    exact = member.streak_display == StreakDisplay.EXACT
    if not exact and days not in counting.RANGE_FLOORS:
        return None
    return counting.days_label(days, exact=exact)


def _post(member: User, category: Category, label: str, *, now):
    body = (
        f"🎉 A milestone: **{label}** of no contact.\n\n"
        "Every day counts. If this helps you keep going, leave a reaction or a kind word."
    )
    latest = (
        Celebration.objects.filter(member=member, thread__isnull=False)
        .filter(thread__category=category)
        .select_related("thread")
        .order_by("-created_at")
        .first()
    )
    if latest is not None:
        try:
            return services.create_reply(
                author=member, thread=latest.thread, body=body, now=now
            ).post
        except services.ActionRefused:
            pass  # their thread was locked or removed: start a fresh one
    # Neither the title nor the body names the member (their name is beside the post): if
    # they leave and keep their posts, these become a former member's like any other.
    title = "No-contact milestones"
    return services.create_thread(
        author=member, category=category, title=title, body=body, now=now
    ).post


def withdraw_celebrations(sender, *, member, **kwargs) -> int:
    """Receiver of accounts.signals.streak_privacy_changed: remove the member's celebration
    posts that their new choice would not have allowed. Returns how many were removed. Never
    raises (the settings page that caused it has already saved)."""
    try:
        return _withdraw(member_id=member.pk)
    except Exception:
        logger.exception("Could not withdraw the celebrations of member %s", member.pk)
        return 0


def _withdraw(*, member_id: int) -> int:
    member = User.objects.filter(pk=member_id).first()
    if member is None:
        return 0
    exact = member.streak_display == StreakDisplay.EXACT
    removed = 0
    celebrations = Celebration.objects.filter(member=member, post__isnull=False).select_related(
        "post__thread__category"
    )
    for celebration in celebrations:
        post: Post = celebration.post
        if post.deleted_at is not None:
            continue
        shown = _streak_shown_to_readers_of(post.thread.category, member)
        # Posted in exact mode ("**14 days**") while the member now shows ranges.
        too_exact = not exact and f"**{counting.plural_days(celebration.days)}**" in post.body
        if shown and not too_exact:
            continue
        try:
            services.delete_post(member=member, post=post)
        except services.ActionRefused as refused:
            logger.info("Celebration post %s not withdrawn: %s", post.pk, refused)
            continue
        removed += 1
    return removed
