"""Who may work the moderation queues and act as a moderator: the one module that decides
moderation's rules, asked by its views, services and templates.

The forum's own rules (who may read, post, edit, react) live in forum.permissions, which
this module builds on (moderation sits above the forum); "is a moderator or a guide" is
answered in accounts.roles, and only there.
"""

from accounts.roles import is_guide_or_moderator, is_moderator
from forum.permissions import (
    HIDDEN,
    PENDING,
    PUBLISHED,
    can_view_post,
    can_view_thread,
    is_member,
    owns,
)


def can_moderate(user, category=None) -> bool:
    """Moderators moderate every category; `category` is there for a future per-category
    moderator role."""
    return is_moderator(user)


# --- Moderation ------------------------------------------------------------------------
#
# Moderators cannot be blocked from moderating: nothing below asks about forum.Block, so a
# block — made by a member, or by the moderator themselves — never hides anything from the
# queues or stops an action. (forum.permissions.can_block() also refuses blocking a
# moderator.)


def can_view_queue(user) -> bool:
    """The queues, the dashboard and each target's moderation page."""
    return is_moderator(user)


def can_see_audit_log(user) -> bool:
    return is_moderator(user)


def can_manage_watched_words(user) -> bool:
    return is_moderator(user)


def can_dismiss_reports(user) -> bool:
    return is_moderator(user)


def can_hide_post(user, post) -> bool:
    """Also a post already hidden (automatically, after reports): the moderator's decision
    replaces the automatic one, with its reason. Held posts are rejected instead."""
    return is_moderator(user) and post.deleted_at is None and post.status != PENDING


def can_unhide_post(user, post) -> bool:
    return is_moderator(user) and post.deleted_at is None and post.status == HIDDEN


def can_redact_post(user, post) -> bool:
    """Edit a member's post as a moderator (the original is kept in its edit history)."""
    return is_moderator(user) and post.deleted_at is None


def can_approve_post(user, post) -> bool:
    """Approve or reject a post that screening held."""
    return is_moderator(user) and post.deleted_at is None and post.status == PENDING


def can_lock_thread(user, thread) -> bool:
    return is_moderator(user)


def can_pin_thread(user, thread) -> bool:
    return is_moderator(user)


def can_move_thread(user, thread) -> bool:
    return is_moderator(user)


def _may_act_on(user, member) -> bool:
    """Moderators act on members; only staff act on moderators; nobody acts on staff or on
    themselves. Ask remember_moderators() first when asking about many members."""
    if not is_moderator(user) or member is None or member.pk == user.pk or member.is_staff:
        return False
    return user.is_staff or not is_moderator(member)


def can_warn_member(user, member) -> bool:
    return _may_act_on(user, member)


def can_silence_member(user, member) -> bool:
    return _may_act_on(user, member)


def can_suspend_member(user, member) -> bool:
    return _may_act_on(user, member)


def can_lift_silence(user, member) -> bool:
    """End a silence early (audit-logged)."""
    return _may_act_on(user, member) and member.is_silenced()


def can_lift_suspension(user, member) -> bool:
    """End a suspension early, one for good included (audit-logged)."""
    return _may_act_on(user, member) and member.is_suspended()


# --- Care: guides, the first-reply queue, the crisis clock, caring messages ---------------


def can_view_first_reply_queue(user) -> bool:
    """ "Waiting for a first reply": guides and moderators."""
    return is_guide_or_moderator(user)


def can_keep_care_shift(user) -> bool:
    """Set one's own hours on shift and care alerts: guides and moderators."""
    return is_guide_or_moderator(user)


def can_grant_guide_role(user, member) -> bool:
    """Moderators make members guides, and stop; not themselves, and not other moderators
    (who already do everything a guide does)."""
    return (
        is_moderator(user)
        and member is not None
        and member.is_active
        and member.pk != user.pk
        and not is_moderator(member)
    )


def can_acknowledge_care(user) -> bool:
    """Say "I'm on it" about a care item: moderators."""
    return is_moderator(user)


def can_send_caring_message(user, member) -> bool:
    """A private note with resources, not a sanction: moderators, to any other active
    member (another moderator included — anyone may be struggling)."""
    return is_moderator(user) and member is not None and member.is_active and member.pk != user.pk


# --- Reporting -------------------------------------------------------------------------


def _may_report(user) -> bool:
    # Silenced members may still report: a report asks for protection, it is not a post.
    return is_member(user) and not user.is_suspended()


def can_report_post(user, post) -> bool:
    return (
        _may_report(user)
        and not owns(user, post)
        and post.deleted_at is None
        and post.status != PENDING
        and can_view_post(user, post)
    )


def can_report_thread(user, thread) -> bool:
    return (
        _may_report(user)
        and not owns(user, thread)
        and thread.status == PUBLISHED
        and can_view_thread(user, thread)
    )


def can_report_member(user, member) -> bool:
    return _may_report(user) and member is not None and member.is_active and member.pk != user.pk


def can_report(user, target) -> bool:
    """Whether the user may report this post, thread or member (templates ask this one)."""
    kind = getattr(getattr(target, "_meta", None), "model_name", None)
    if kind == "post":
        return can_report_post(user, target)
    if kind == "thread":
        return can_report_thread(user, target)
    return can_report_member(user, target)


def can_keep_ex_names(user) -> bool:
    """The private list of names to watch for in one's own posts: any signed-in member."""
    return is_member(user)


# --- A line to the moderators: modmail, appeals, staff notes (docs/modmail.md) -------------

# The decisions a member may appeal: those taken about them, with something to undo or
# explain. (Dismissed reports, watched words and care are not decisions against a member.)
APPEALABLE = frozenset(
    {
        "hide_post", "auto_hide_post", "edit_post", "reject_post", "lock_thread",
        "move_thread", "warn_member", "silence_member", "suspend_member",
    }
)  # fmt: skip


def can_write_to_moderators(user) -> bool:
    """Start a conversation with the moderator team: any signed-in member, silenced ones
    too (a silence pauses posting, not asking for help)."""
    return is_member(user) and not user.is_suspended()


def can_view_modmail(user, conversation) -> bool:
    """The member whose conversation it is, and every moderator; nobody else."""
    return is_member(user) and (conversation.member_id == user.pk or is_moderator(user))


def can_reply_modmail(user, conversation) -> bool:
    return can_view_modmail(user, conversation) and not user.is_suspended()


def can_work_modmail(user) -> bool:
    """The moderators' modmail queue."""
    return is_moderator(user)


def _has_appeal(action) -> bool:
    try:
        return action.appeal is not None
    except action._meta.model.appeal.RelatedObjectDoesNotExist:
        return False


def can_appeal(user, action) -> bool:
    """A member appeals a decision taken about them, once."""
    return (
        is_member(user)
        and action.member_id == user.pk
        and action.action in APPEALABLE
        and not _has_appeal(action)
    )


def can_decide_appeal(user, appeal) -> bool:
    """A moderator other than the one who took the decision (and not the member)."""
    return why_cannot_decide_appeal(user, appeal) == ""


def why_cannot_decide_appeal(user, appeal) -> str:
    if not is_moderator(user):
        return "Only moderators decide appeals."
    if not appeal.is_pending:
        return "This appeal has already been decided."
    if appeal.member_id == user.pk:
        return "You can't decide your own appeal."
    if appeal.action.moderator_id == user.pk:
        return "You took this decision, so another moderator decides the appeal."
    return ""


def can_see_staff_notes(user) -> bool:
    """Staff notes on members: moderators only, never the member nor anyone else."""
    return is_moderator(user)


def can_add_staff_note(user, member) -> bool:
    return is_moderator(user) and member is not None and member.pk != user.pk
