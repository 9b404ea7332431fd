"""The forum's answer to accounts.buddies.hooks: whom a member blocked or was blocked by, so
a block also keeps the two apart as buddies (no invitation, no finder match, no ping)."""

from django.db.models import Q

from forum.models import Block


def blocked_either_way(member) -> set[int]:
    """{user_id} of everyone `member` blocked or who blocked `member`. One query."""
    # Only blocks in force: a timed ignore that has ended no longer keeps them apart.
    rows = (
        Block.objects.active()
        .filter(Q(blocker=member) | Q(blocked=member))
        .values_list("blocker_id", "blocked_id")
    )
    return {other for pair in rows for other in pair if other != member.pk}
