"""One click in the moderation queue: the action named in the form, carried out by the
action module of its object (posts, threads, members, care, reports)."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from forum.models import Category
from moderation import queues
from moderation.actions.base import GONE, ActionRefused, target_of
from moderation.actions.care import (
    acknowledge_care,
    grant_guide_role,
    revoke_guide_role,
    send_caring_message,
)
from moderation.actions.members import (
    lift_silence,
    lift_suspension,
    silence_member,
    suspend_member,
    warn_member,
)
from moderation.actions.posts import approve_post, hide_post, reject_post, unhide_post
from moderation.actions.reports import dismiss_reports
from moderation.actions.threads import (
    lock_thread,
    move_thread,
    pin_thread,
    unlock_thread,
    unpin_thread,
)

POST_ACTIONS = {"hide", "unhide", "approve", "reject"}
THREAD_ACTIONS = {"lock", "unlock", "pin", "unpin", "move"}
MEMBER_ACTIONS = {
    "warn",
    "silence",
    "suspend",
    "care",
    "lift_silence",
    "lift_suspension",
    "make_guide",
    "end_guide",
}
# Sanctions that ask the moderator to confirm before they happen (moderation.views).
CONFIRMED_ACTIONS = {"silence", "suspend"}
FOREVER = "forever"


def act(
    *,
    moderator: User,
    key: str,
    action: str,
    reason: str = "",
    category: Category | None = None,
    silence_days: int = 3,
    suspend_for: str = "7",
    now=None,
) -> str:
    """One click in the queue: carry out `action` on the target named by `key` ("post:12").
    Thread actions on a post apply to its thread; member actions (warn, silence, suspend)
    apply to whoever the target is about and also resolve the target's reports. Each
    service below checks moderation.permissions and writes its audit row. Returns what was
    done, in words for the moderator; raises ActionRefused."""
    parsed = queues.parse_target_key(key)
    if parsed is None:
        raise ActionRefused(GONE)
    kind, pk = parsed
    now = now or timezone.now()
    if action == "dismiss":
        dismiss_reports(moderator=moderator, key=key, reason=reason, now=now)
        return "The reports were dismissed."
    if action == "acknowledge":
        acknowledge_care(moderator=moderator, key=key, now=now)
        return "You're on it — the other moderators can see that you've taken this on."
    post, thread, subject = target_of(kind, pk)
    if action in POST_ACTIONS:
        if post is None:
            raise ActionRefused("That action is for posts.")
        handler = {
            "hide": hide_post,
            "unhide": unhide_post,
            "approve": approve_post,
            "reject": reject_post,
        }[action]
        handler(moderator=moderator, post=post, reason=reason, now=now)
        return {
            "hide": "The post is hidden; its author has been told why.",
            "unhide": "The post is visible again.",
            "approve": "The post is published.",
            "reject": "The post was not approved; its author has been told.",
        }[action]
    if action in THREAD_ACTIONS:
        if thread is None:
            raise ActionRefused("That action is for threads.")
        if action == "move":
            if category is None:
                raise ActionRefused("Please choose the category to move the thread to.")
            move_thread(
                moderator=moderator, thread=thread, category=category, reason=reason, now=now
            )
            return f"The thread is now in {category.name}."
        handler = {
            "lock": lock_thread,
            "unlock": unlock_thread,
            "pin": pin_thread,
            "unpin": unpin_thread,
        }[action]
        handler(moderator=moderator, thread=thread, reason=reason, now=now)
        done = {"lock": "locked", "unlock": "unlocked", "pin": "pinned", "unpin": "unpinned"}
        return f"The thread is {done[action]}."
    if action in MEMBER_ACTIONS:
        if subject is None:
            raise ActionRefused("There is no member to act on here.")
        name = subject.public_name
        if action == "care":
            send_caring_message(
                moderator=moderator, member=subject, message=reason, also_resolve=key, now=now
            )
            return f"Your caring message is on its way to {name}. It isn't a warning."
        if action in ("make_guide", "end_guide"):
            guide = action == "make_guide"
            (grant_guide_role if guide else revoke_guide_role)(
                moderator=moderator, member=subject, reason=reason, now=now
            )
            return f"{name} is now a guide." if guide else f"{name} is no longer a guide."
        if action == "lift_silence":
            lift_silence(moderator=moderator, member=subject, reason=reason, now=now)
            return f"{name} can post again."
        if action == "lift_suspension":
            lift_suspension(moderator=moderator, member=subject, reason=reason, now=now)
            return f"{name}'s suspension is lifted; they can log in and post again."
        if action == "warn":
            warn_member(
                moderator=moderator, member=subject, message=reason, also_resolve=key, now=now
            )
            return f"{name} has been warned."
        if action == "silence":
            until = now + timedelta(days=silence_days)
            silence_member(
                moderator=moderator,
                member=subject,
                until=until,
                reason=reason,
                also_resolve=key,
                now=now,
            )
            return f"{name} is silenced for {silence_days} day{'s' if silence_days != 1 else ''}."
        forever = suspend_for == FOREVER
        until = None if forever else now + timedelta(days=int(suspend_for))
        suspend_member(
            moderator=moderator,
            member=subject,
            until=until,
            forever=forever,
            reason=reason,
            also_resolve=key,
            now=now,
        )
        return f"{name} is suspended" + (" for good." if forever else f" for {suspend_for} days.")
    raise ActionRefused("Please choose one of the actions offered.")
