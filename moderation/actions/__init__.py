"""Every change of state in moderation, as named functions, one module per object (Zulip's
zerver/actions/): reports, posts, threads, members, care, watched words, a member's list of
names, modmail, appeals, staff notes, and the queue's one-click dispatcher. Each moderator
action runs over the one skeleton in base.py: permission, one transaction, notifications,
resolved reports, audit row.

Changes to forum objects go through forum.services where the forum offers one, and through
the forum's models otherwise; moderation sits above the forum, so these imports run
downward. All take keyword arguments only and `now=None`, so tests can fix the time.

This package's namespace is the API callers use (`actions.hide_post(...)`): the names below
are the public actions, whichever module holds them.
"""

from moderation.actions.appeals import appeal_decision, decide_appeal
from moderation.actions.base import GONE, ActionRefused, AlreadyReported, Resolution
from moderation.actions.care import (
    acknowledge_care,
    grant_guide_role,
    revoke_guide_role,
    send_caring_message,
)
from moderation.actions.ex_names import EX_NAMES_MAX, add_ex_name, remove_ex_name
from moderation.actions.members import (
    acknowledge_warning,
    lift_silence,
    lift_suspension,
    silence_member,
    silence_until,
    suspend_member,
    warn_member,
)
from moderation.actions.modmail import reply_to_modmail, start_modmail
from moderation.actions.posts import (
    approve_post,
    hide_post,
    redact_post,
    reject_post,
    unhide_post,
)
from moderation.actions.queue import (
    CONFIRMED_ACTIONS,
    FOREVER,
    MEMBER_ACTIONS,
    POST_ACTIONS,
    THREAD_ACTIONS,
    act,
)
from moderation.actions.reports import (
    AUTO_HIDDEN,
    dismiss_reports,
    file_automatic_report,
    open_crisis_report,
    record_hold,
    report_member,
    report_post,
    report_thread,
    respond_to_screening,
)
from moderation.actions.staff_notes import add_staff_note
from moderation.actions.threads import (
    lock_thread,
    move_thread,
    pin_thread,
    unlock_thread,
    unpin_thread,
)
from moderation.actions.watched_words import (
    add_watched_word,
    change_watched_word,
    remove_watched_word,
)

__all__ = [
    "ActionRefused", "AlreadyReported", "AUTO_HIDDEN", "CONFIRMED_ACTIONS", "EX_NAMES_MAX",
    "FOREVER", "GONE", "MEMBER_ACTIONS", "POST_ACTIONS", "Resolution", "THREAD_ACTIONS",
    "acknowledge_care", "acknowledge_warning", "act", "add_staff_note", "appeal_decision",
    "decide_appeal", "reply_to_modmail", "start_modmail", "add_ex_name", "add_watched_word",
    "approve_post", "change_watched_word", "dismiss_reports", "file_automatic_report",
    "grant_guide_role", "hide_post", "lift_silence", "lift_suspension", "lock_thread",
    "move_thread", "open_crisis_report", "pin_thread", "record_hold", "redact_post",
    "reject_post", "remove_ex_name", "remove_watched_word", "report_member", "report_post",
    "report_thread", "respond_to_screening", "revoke_guide_role", "send_caring_message",
    "silence_member", "silence_until", "suspend_member", "unhide_post", "unlock_thread",
    "unpin_thread", "warn_member",
]  # fmt: skip
