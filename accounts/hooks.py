"""Where moderation plugs into accounts: accounts asks, without importing it.

Accounts sits below moderation (docs/architecture.md), yet what a member writes on their
profile — display name, bio — and the username they choose are public like a post, so they
must pass the same screen: the site's watched words, the member's list of names to watch for
and the privacy screen (issue 15, item 7). As forum/hooks.py does for posts, accounts
declares here what it needs, with a default that lets everything through, and
ModerationConfig.ready() installs moderation's.
"""

from collections.abc import Callable


def _allow_everything(member, text: str) -> list[str]:
    return []


# screen_member_text(member | None, text) -> list[str]: kind sentences for the member saying
# why the text cannot be published as it is; empty when it can. `member` is None at sign-up.
screen_member_text: Callable[..., list[str]] = _allow_everything


def set_member_text_screening(function: Callable[..., list[str]]) -> None:
    """Install the screen for profile texts (moderation's ready() calls this)."""
    global screen_member_text
    screen_member_text = function


# The member behind a session is read on every signed-in request, in one query
# (accounts.selectors.member_with_pk). An app above accounts may add to that row a figure
# every one of its pages shows: it then costs no query of its own. Name -> a function
# returning the expression to annotate (called when the query is first built, after every
# app's ready()).
member_row_figures: dict[str, Callable] = {}


def add_member_row_figure(name: str, expression: Callable) -> None:
    """Read `name` with the session's member (the forum's unread count: ForumConfig.ready)."""
    member_row_figures[name] = expression
