"""What the buddy feature needs from the forum, without importing it (accounts sits below
forum: STYLE.md). Blocks live in forum (forum.models.Block); a member who blocked another,
or was blocked by them, must not be invited, found, pinged or replied to by them. The forum
installs the real lookup in ForumConfig.ready() (forum/buddy_blocks.py); the default knows
of no blocks, which is only ever in effect in a project without the forum."""

from collections.abc import Callable


def _no_blocks(member) -> set[int]:
    return set()


# blocked_either_way(member) -> {user_id, ...}: everyone `member` blocked or was blocked by.
# One query.
blocked_either_way: Callable[..., set[int]] = _no_blocks


def set_block_lookup(function: Callable[..., set[int]]) -> None:
    global blocked_either_way
    blocked_either_way = function


def is_blocked_between(member, other) -> bool:
    return other.pk in blocked_either_way(member)
