"""The screening every post goes through: the forum's `screen_post` hook.

ModerationConfig.ready() installs `screen_post` with forum.hooks.set_screening(), so the
forum asks moderation without importing it. This is where the database's part is loaded —
the site's watched words (cached) and the author's private list of names — and handed to
the pure moderation.screening.screen_text(), which folds the text once for every detector.
"""

from accounts.roles import is_new_member
from forum.hooks import Verdict
from forum.permissions import posts_await_approval
from moderation import selectors
from moderation.profile_screening import screen_profile_text
from moderation.screening import screen_text


def screen_post(author, text: str, *, editing: bool = False) -> Verdict:
    """Screen what `author` is about to post. `editing`: the text replaces a post the author
    already wrote, so it is not one of their first posts (the approval queue is for new
    posts only)."""
    return screen_text(
        text,
        rules=selectors.watch_rules(),
        ex_names=selectors.ex_names_of(author),
        is_new_member=is_new_member(author),
        awaiting_approval=not editing and posts_await_approval(author),
    )


def screen_member_text(member, text: str) -> list[str]:
    """accounts.hooks.screen_member_text: a display name, a bio or a username (`member` is
    None at sign-up, before there is a list of names)."""
    return screen_profile_text(
        text, rules=selectors.watch_rules(), ex_names=selectors.ex_names_of(member)
    )
