"""Where the apps above the forum plug in: the forum asks, without importing them.

The forum sits below moderation (STYLE.md: imports run downward), yet it must ask moderation
before saving a post — watched words, crisis terms, personal details, a member's list of
names to watch for — and its templates ask moderation's rules too (`user|can:"report"`).
So the forum declares here what it needs, with defaults that let everything through, and
moderation sets the real ones in `ModerationConfig.ready()`. This module is the only way
the forum reaches moderation; the import contract in pyproject.toml forbids any other.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType


@dataclass(frozen=True)
class Verdict:
    """What screening decided about a text. Blocked posts go back to the member with
    `block_reasons`; held posts wait for a moderator (`awaiting_approval`: because they are
    one of the author's first posts); flagged posts are published and reported; crisis
    phrases show support."""

    blocked: bool
    block_reasons: list[str]
    hold_reasons: list[str]
    flag_reasons: list[str]
    crisis_phrases: list[str]
    # "kys" and the like, addressed to others: reported as harassment (not a crisis).
    harassment_phrases: list[str] = field(default_factory=list)
    awaiting_approval: bool = False

    @property
    def held(self) -> bool:
        return bool(self.hold_reasons)

    @property
    def flagged(self) -> bool:
        return bool(self.flag_reasons)


ALLOWED = Verdict(
    blocked=False, block_reasons=[], hold_reasons=[], flag_reasons=[], crisis_phrases=[]
)


def _allow_everything(author, text: str, *, editing: bool = False) -> Verdict:
    return ALLOWED


# screen_post(author, text, *, editing=False) -> Verdict: called by forum.services before
# every save of a member's text. `editing`: the text replaces a post the author wrote.
screen_post: Callable[..., Verdict] = _allow_everything


def _no_staff_notes(user, member_ids) -> dict:
    return {}


# staff_notes_for(user, member_ids) -> {member id: [notes]}: the moderators' notes on a page
# of authors, shown beside their posts — empty for anyone who may not see them.
staff_notes_for: Callable[..., dict] = _no_staff_notes

# Modules whose `can_<name>` functions the `can` template filter may also ask, after
# forum.permissions (moderation adds moderation.permissions).
rule_modules: list[ModuleType] = []


class LookNotLogged(Exception):
    """No audit log is installed: nobody may learn who wrote an anonymous post."""


def _refuse_unlogged_look(*, moderator, post, now) -> None:
    raise LookNotLogged("Who wrote an anonymous post is shown only when the look is logged.")


# log_author_look(*, moderator, post, now): called by forum.services.anonymity before a
# moderator is told who wrote an anonymous post, inside the same transaction. The default
# refuses: an anonymous author is never shown without the audit row moderation writes.
log_author_look: Callable[..., None] = _refuse_unlogged_look


def set_author_look_log(function: Callable[..., None]) -> None:
    """Install the audit log of looks behind anonymous posts (moderation's ready())."""
    global log_author_look
    log_author_look = function


def set_screening(function: Callable[..., Verdict]) -> None:
    """Install the screening every post goes through (moderation's ready() calls this)."""
    global screen_post
    screen_post = function


def add_rules(module: ModuleType) -> None:
    if module not in rule_modules:
        rule_modules.append(module)


def set_staff_notes(function: Callable[..., dict]) -> None:
    """Install the reader of moderators' notes on members (moderation's ready())."""
    global staff_notes_for
    staff_notes_for = function
