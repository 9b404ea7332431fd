"""Appeals (docs/modmail.md): a member asks the moderators to look again at one decision
taken about them (one audit-log entry, once), and a moderator other than the one who took
it decides (moderation.permissions.can_decide_appeal). The decision is told to the member
(site notice, and email per their settings) and written to the audit log; overturning a
decision undoes it where it can be undone (a hidden post shown, a locked thread unlocked, a
silence or suspension lifted), each undoing audited as its own action.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from forum.models import Post, Thread
from moderation import emails, permissions, selectors
from moderation.actions import members as member_actions
from moderation.actions import posts as post_actions
from moderation.actions import threads as thread_actions
from moderation.actions.base import ActionRefused, Kind, because, moderator_action
from moderation.models import Appeal, ModerationAction

ALREADY = "You've already appealed this decision; you'll hear from us when it's decided."


def appeal_decision(*, member: User, action: ModerationAction, text: str, now=None) -> Appeal:
    """File the member's appeal against a decision taken about them. Once per decision
    (the database's one-to-one holds it under a race too). Atomic."""
    if not permissions.can_appeal(member, action):
        raise ActionRefused(ALREADY if _appealed(action) else "This decision can't be appealed.")
    text = text.strip()
    if not text:
        raise ActionRefused("Please tell us why you'd like us to look again.")
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(
                action=action, member=member, text=text, created_at=now or timezone.now()
            )
            transaction.on_commit(selectors.forget_open_queue_count)  # the moderators' menu
            return appeal
    except IntegrityError:
        raise ActionRefused(ALREADY) from None


def decide_appeal(
    *, moderator: User, appeal: Appeal, overturn: bool, outcome: str = "", now=None
) -> Appeal:
    """Keep or overturn the decision appealed. Refused to the moderator who took it. The
    member is told, the audit log records it; the pending row is claimed with a
    conditional UPDATE, so two moderators deciding at once decide once. Atomic."""
    with moderator_action(
        moderator=moderator,
        action=Kind.OVERTURN_APPEAL if overturn else Kind.UPHOLD_APPEAL,
        target=appeal.member, reason=outcome, now=now,
        allowed=permissions.can_decide_appeal(moderator, appeal),
        refusal=permissions.why_cannot_decide_appeal(moderator, appeal),
    ) as act:  # fmt: skip
        status = Appeal.Status.OVERTURNED if overturn else Appeal.Status.UPHELD
        claimed = Appeal.objects.filter(pk=appeal.pk, status=Appeal.Status.PENDING).update(
            status=status, decided_by=moderator, outcome=outcome.strip(), decided_at=act.now
        )
        if not claimed:
            raise act.refused("Another moderator has just decided this appeal.")
        appeal.status, appeal.decided_by, appeal.decided_at = status, moderator, act.now
        appeal.outcome = outcome.strip()
        decision = str(appeal.action)
        act.before, act.after = decision, appeal.get_status_display()
        if overturn:
            _undo(appeal.action, moderator=moderator, now=act.now)
        act.notify(
            appeal.member,
            (
                "The moderators looked again at your appeal and overturned the decision"
                if overturn
                else "The moderators looked again at your appeal and kept the decision"
            )
            + f" ({appeal.action.get_action_display().lower()})"
            + because(outcome),
            topic=emails.APPEAL,
        )
    return appeal


def _appealed(action) -> bool:
    return Appeal.objects.filter(action=action).exists()


def _undo(action: ModerationAction, *, moderator, now) -> None:
    """Undo what can be undone of an overturned decision, if it still stands."""
    reason = "Overturned on appeal"
    kind, target_id = action.action, action.target_id
    if kind in (Kind.HIDE_POST, Kind.AUTO_HIDE_POST):
        post = Post.objects.select_related("thread").filter(pk=target_id).first()
        if post is not None and permissions.can_unhide_post(moderator, post):
            post_actions.unhide_post(moderator=moderator, post=post, reason=reason, now=now)
    elif kind == Kind.LOCK_THREAD:
        thread = Thread.objects.filter(pk=target_id, locked=True).first()
        if thread is not None:
            thread_actions.unlock_thread(moderator=moderator, thread=thread, reason=reason, now=now)
    elif kind in (Kind.SILENCE_MEMBER, Kind.SUSPEND_MEMBER):
        member = User.objects.filter(pk=target_id).first()
        if member is None:
            return
        if kind == Kind.SILENCE_MEMBER and permissions.can_lift_silence(moderator, member):
            member_actions.lift_silence(moderator=moderator, member=member, reason=reason, now=now)
        if kind == Kind.SUSPEND_MEMBER and permissions.can_lift_suspension(moderator, member):
            member_actions.lift_suspension(
                moderator=moderator, member=member, reason=reason, now=now
            )
