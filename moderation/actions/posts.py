"""Moderators' actions on posts: hide, show again, edit (redact), approve or reject a held
post. Each over the one skeleton in moderation/actions/base.py."""

from forum import services as forum_services
from forum.models import Post
from moderation import permissions
from moderation.actions.base import Kind, because, forget_open_count, moderator_action, post_keys
from moderation.models import HeldPost


def hide_post(*, moderator, post: Post, reason: str = "", now=None) -> Post:
    """Hide a post: it keeps its place as "hidden by a moderator"; its author sees why, on
    the post and in a notification. Resolves the post's reports (and its thread's, for an
    opening post). Atomic."""
    with moderator_action(
        moderator=moderator, action=Kind.HIDE_POST, target=post, reason=reason, now=now,
        allowed=permissions.can_hide_post(moderator, post), refusal="This post can't be hidden.",
    ) as act:  # fmt: skip
        forum_services.hide_post(post=post, reason=reason.strip(), now=act.now)
        act.notify(
            post.author,
            "A moderator hid your post"
            + because(reason)
            + " Please read the community guidelines before posting again.",
            post=post,
        )
        act.resolve(post_keys(post), "hid it")
    return post


def unhide_post(*, moderator, post: Post, reason: str = "", now=None) -> Post:
    """Show a hidden post again. Atomic."""
    with moderator_action(
        moderator=moderator, action=Kind.UNHIDE_POST, target=post, reason=reason, now=now,
        allowed=permissions.can_unhide_post(moderator, post), refusal="This post isn't hidden.",
    ) as act:  # fmt: skip
        forum_services.unhide_post(post=post, now=act.now)
    return post


def redact_post(*, moderator, post: Post, body: str, reason: str = "", now=None) -> Post:
    """Edit a member's post as a moderator (remove a name, a number). The original stays in
    the post's edit history (forum.PostRevision), which only its author and moderators may
    read, and in the audit row's `before`. Resolves the post's reports. Atomic."""
    with moderator_action(
        moderator=moderator, action=Kind.EDIT_POST, target=post, reason=reason, now=now,
        allowed=permissions.can_redact_post(moderator, post),
        refusal="This post can't be edited.",
    ) as act:  # fmt: skip
        if body == post.body:
            raise act.refused("The text is unchanged — edit it, or hide the post instead.")
        act.before, act.after = post.body, body
        forum_services.edit_post(editor=moderator, post=post, body=body, now=act.now)
        act.notify(post.author, "A moderator edited your post" + because(reason), post=post)
        act.resolve(post_keys(post), "edited it")
    return post


def approve_post(*, moderator, post: Post, reason: str = "", now=None) -> Post:
    """Publish a post that screening held (a held opening post publishes its thread)."""
    with moderator_action(
        moderator=moderator, action=Kind.APPROVE_POST, target=post, reason=reason, now=now,
        allowed=permissions.can_approve_post(moderator, post),
        refusal="This post isn't waiting for approval.",
    ) as act:  # fmt: skip
        forum_services.publish_held_post(post=post, now=act.now)
        HeldPost.objects.filter(post=post).delete()
        forget_open_count()
    return post


def reject_post(*, moderator, post: Post, reason: str = "", now=None) -> Post:
    """Refuse a held post: it stays out of view, and its author is told why."""
    with moderator_action(
        moderator=moderator, action=Kind.REJECT_POST, target=post, reason=reason, now=now,
        allowed=permissions.can_approve_post(moderator, post),
        refusal="This post isn't waiting for approval.",
    ) as act:  # fmt: skip
        forum_services.hide_post(post=post, reason=reason.strip(), now=act.now)
        HeldPost.objects.filter(post=post).delete()
        forget_open_count()
        act.notify(
            post.author,
            "A moderator didn't approve your post"
            + because(reason)
            + " Your words are still yours — you're welcome to write it again within the "
            "community guidelines.",
            post=post,
        )
    return post
