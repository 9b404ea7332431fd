"""Every change of state in the forum, as named functions, one module per object.

Each service checks permission (forum.permissions), screens the text where there is
text (forum.hooks.screen_post, which moderation sets), writes inside one transaction — the
row, its counters, the search index, the notifications — and announces the change through
forum.signals after the transaction commits. Notifications are emailed (forum/emails.py)
through a task queued once the transaction commits. Views parse input and call one of these.

All take keyword arguments only and `now=None`, so tests can fix the time.

* outcomes.py — what a write tells its caller: Outcome, and the two refusals.
* threads.py — starting a thread, the seeded threads, pinning and locking.
* posts.py — replying, editing, deleting, and moderators' decisions on a post; the
  counters every post change keeps.
* reactions.py — helped / strength reactions and their notices.
* reading.py — read markers, watching a thread, reading notifications.
* notifications.py — who is told of a new post or a mention.
* blocks.py — one member blocking another.
* muting.py — warning themes, muted threads and categories, ignoring for a while.
* pledges.py — the daily pledge thread and a member's one-tap pledge in it.

Counters kept here (never counted on a page):
* Category.thread_count / post_count: published threads / visible posts in them.
* Thread.reply_count: visible posts after the opening post; Thread.last_post_number: the
  highest number handed out; Thread.last_post / last_activity_at; Thread.first_reply_at:
  when someone other than the author first answered (forum.models.threads.first_reply_rule).
* Post.helped_count / strength_count; User.post_count (visible posts by the member).
A post is *visible* when it is published and not removed, in a published thread.

The public names are imported here, so callers write `from forum import services` and
`services.create_thread(...)` whatever module holds it."""

from forum.services.anonymity import reveal_anonymous_author
from forum.services.blocks import block_member, unblock_member
from forum.services.muting import (
    ignore_member,
    set_category_muted,
    set_thread_muted,
    set_warning_choices,
)
from forum.services.outcomes import ActionRefused, Outcome, ScreeningRefused
from forum.services.pledges import PledgeTaken, open_daily_pledge, take_pledge
from forum.services.posts import (
    create_reply,
    delete_post,
    edit_post,
    flag_post_for_care,
    hide_post,
    publish_held_post,
    unhide_post,
)
from forum.services.reactions import toggle_reaction
from forum.services.reading import mark_notifications_read, mark_thread_read, set_watching
from forum.services.threads import create_thread, refresh_seeded_thread, set_thread_flags

__all__ = [
    "ActionRefused",
    "ScreeningRefused",
    "Outcome",
    "create_thread",
    "reveal_anonymous_author",
    "open_daily_pledge",
    "take_pledge",
    "PledgeTaken",
    "refresh_seeded_thread",
    "set_thread_flags",
    "create_reply",
    "edit_post",
    "delete_post",
    "publish_held_post",
    "hide_post",
    "unhide_post",
    "flag_post_for_care",
    "toggle_reaction",
    "mark_thread_read",
    "set_watching",
    "mark_notifications_read",
    "block_member",
    "unblock_member",
    "set_warning_choices",
    "set_thread_muted",
    "set_category_muted",
    "ignore_member",
]
