"""A moderator's look behind an anonymous post (issue #15 item 2): one audit row per look.

The forum asks through forum.hooks.log_author_look (installed in ModerationConfig.ready());
it calls this inside the transaction that then tells the moderator who wrote the post, so
no moderator learns an anonymous author without a row in the log naming them."""

from forum.models import Post
from moderation.actions.base import Kind, moderator_action
from moderation.permissions import can_moderate


def log_author_look(*, moderator, post: Post, now=None) -> None:
    """Write "Looked behind an anonymous post" to the audit log. Refused (ActionRefused)
    for anyone who is not a moderator."""
    with moderator_action(
        moderator=moderator, action=Kind.REVEAL_ANONYMOUS_AUTHOR, target=post, now=now,
        reason="Looked who wrote an anonymous post",
        allowed=can_moderate(moderator), refusal="Only moderators can see who wrote this.",
    ):  # fmt: skip
        pass
