"""Who may do what: the one module that decides, asked by views, services and templates.

A pure module: it imports only Django and accounts.roles, and reads the objects it is given
(users, categories, threads, posts) by their fields, never importing forum or moderation
models, so the forum (which sits below moderation) may call it without an import circle.

Each `can_*` function answers yes or no. Where a member deserves to know *why* not
(a locked thread, a silence), a `why_cannot_*` function returns the kind sentence to show,
or None; its `can_*` twin is simply "no reason not to". Templates ask through the filters
in forum/templatetags/permissions.py: `{% if user|can:"edit_post"|of:post %}`.

"Is a moderator or a guide" is answered by accounts.roles (re-exported below).
"""

# Roles (moderator, guide) are the member's, so they are answered in accounts.roles; they
# are re-exported here because every caller already asks this module.
from accounts.roles import (  # noqa: F401
    MODERATORS_GROUP,
    is_guide,
    is_guide_or_moderator,
    is_moderator,
    remember_moderators,
)

# Status values of forum posts and threads (forum.models.Status), repeated here as plain
# strings so that this module does not import forum.
PUBLISHED = "published"
PENDING = "pending"
HIDDEN = "hidden"

SILENCED = (
    "You can read everything, but you can't post, reply or react for now — a moderator has "
    "paused your posting. It will lift on its own; your messages explain why."
)
SUSPENDED = "Your account is suspended, so you can't post for now."
LOCKED = "This thread is locked, so it isn't taking new replies. You can still read it."
NOT_PUBLISHED = "This thread is waiting for a moderator, so it can't take replies yet."
SIGNED_OUT = "Please log in to join the conversation."
CRISIS_POST_REACTIONS = (
    "Reactions are off under this post. If you'd like to support them, a few gentle words "
    "in a reply mean more."
)


def can_moderate(user, category=None) -> bool:
    """Moderators moderate every category; `category` is there for a future per-category
    moderator role."""
    return is_moderator(user)


def _is_member(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def _owns(user, obj) -> bool:
    return _is_member(user) and obj.author_id is not None and obj.author_id == user.pk


def why_cannot_write(user) -> str | None:
    """Why this person cannot post, reply or react anywhere right now, or None."""
    if not _is_member(user):
        return SIGNED_OUT
    if user.is_suspended():
        return SUSPENDED
    if user.is_silenced():
        return SILENCED
    return None


# --- Reading ---------------------------------------------------------------------------


def can_view_category(user, category) -> bool:
    return not category.members_only or _is_member(user)


def can_view_thread(user, thread) -> bool:
    if not can_view_category(user, thread.category):
        return False
    if thread.status == PUBLISHED or is_moderator(user):
        return True
    return thread.status == PENDING and _owns(user, thread)


def can_view_post(user, post) -> bool:
    """Whether the post is shown at all (hidden and removed posts still hold their place,
    as a placeholder, for everyone who can see the thread)."""
    if not can_view_thread(user, post.thread):
        return False
    return post.status != PENDING or is_moderator(user) or _owns(user, post)


def can_see_post_body(user, post) -> bool:
    """Hidden posts read "hidden by a moderator" to everyone but moderators; removed posts
    read "removed by author" to everyone but moderators."""
    if is_moderator(user):
        return True
    if post.deleted_at is not None or post.status == HIDDEN:
        return False
    return post.status == PUBLISHED or _owns(user, post)


def can_see_edit_history(user, post) -> bool:
    return _owns(user, post) or is_moderator(user)


# --- Writing ---------------------------------------------------------------------------


def why_cannot_start_thread(user, category) -> str | None:
    reason = why_cannot_write(user)
    if reason:
        return reason
    if not can_view_category(user, category):
        return SIGNED_OUT
    return None


def can_start_thread(user, category) -> bool:
    return why_cannot_start_thread(user, category) is None


def why_cannot_reply(user, thread) -> str | None:
    reason = why_cannot_write(user)
    if reason:
        return reason
    if not can_view_thread(user, thread):
        return SIGNED_OUT
    if thread.status != PUBLISHED:
        return NOT_PUBLISHED
    if thread.locked and not is_moderator(user):
        return LOCKED
    return None


def can_reply(user, thread) -> bool:
    return why_cannot_reply(user, thread) is None


def can_edit_post(user, post) -> bool:
    """Moderators edit any post; authors edit their own while it is visible to them, not
    removed, and the thread is not locked."""
    if is_moderator(user):
        return post.deleted_at is None
    if not _owns(user, post) or why_cannot_write(user):
        return False
    return post.deleted_at is None and post.status != HIDDEN and not post.thread.locked


def can_delete_post(user, post) -> bool:
    """Authors remove their own posts (softly: "removed by author"). Moderators hide posts
    instead, through the moderation app, so that the audit log says why."""
    return _owns(user, post) and post.deleted_at is None and not user.is_suspended()


def why_cannot_react(user, post) -> str | None:
    reason = why_cannot_write(user)
    if reason:
        return reason
    if _owns(user, post):
        return "You can't react to your own post — but it's good that you wrote it."
    if post.status != PUBLISHED or post.deleted_at is not None:
        return "This post can't take reactions."
    # A post that may come from someone in crisis is answered in words, not a counter.
    if getattr(post, "crisis_flagged", False):
        return CRISIS_POST_REACTIONS
    return None


def can_react(user, post) -> bool:
    return why_cannot_react(user, post) is None


def can_quote_post(user, post) -> bool:
    return can_reply(user, post.thread) and can_see_post_body(user, post)


def can_block(user, member) -> bool:
    """Members may block other members, but not themselves and not moderators (who must be
    able to reach everyone)."""
    return (
        _is_member(user)
        and member is not None
        and member.pk != user.pk
        and not is_moderator(member)
    )


def can_see_hidden_reason(user, post) -> bool:
    """A hidden post's author is told why it was hidden (on the post and in a
    notification); other members only see that it was."""
    return is_moderator(user) or _owns(user, post)


# --- Moderation ------------------------------------------------------------------------
#
# Moderators cannot be blocked from moderating: nothing below asks about forum.Block, so a
# block — made by a member, or by the moderator themselves — never hides anything from the
# queues or stops an action. (can_block() above also refuses blocking a moderator.)


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
    return _is_member(user) and not user.is_suspended()


def can_report_post(user, post) -> bool:
    return (
        _may_report(user)
        and not _owns(user, post)
        and post.deleted_at is None
        and post.status != PENDING
        and can_view_post(user, post)
    )


def can_report_thread(user, thread) -> bool:
    return (
        _may_report(user)
        and not _owns(user, thread)
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
    return _is_member(user)
