"""A member's own private list of names to watch for in their posts (read by screening
through moderation.post_screening). The member's actions, not a moderator's: no audit row."""

from django.db import IntegrityError, transaction
from django.utils import timezone

import pagecache as page_cache
from accounts.models import User
from moderation import permissions
from moderation.actions.base import ActionRefused
from moderation.models import ExName

EX_NAMES_MAX = 30


def add_ex_name(*, member: User, name: str, now=None) -> ExName:
    """Add a name or handle to the member's private list. Refuses duplicates (whatever the
    case) and lists longer than EX_NAMES_MAX."""
    if not permissions.can_keep_ex_names(member):
        raise ActionRefused("Please log in to keep a list of names.")
    name = " ".join(name.split())
    if ExName.objects.filter(owner=member).count() >= EX_NAMES_MAX:
        raise ActionRefused(
            f"Your list holds up to {EX_NAMES_MAX} names. Remove one to add another."
        )
    try:
        with transaction.atomic():
            return ExName.objects.create(owner=member, name=name, created_at=now or timezone.now())
    except IntegrityError:
        raise ActionRefused("That name is already on your list.") from None


def remove_ex_name(*, member: User, ex_name: ExName) -> None:
    if ex_name.owner_id != member.pk:
        raise ActionRefused("That name isn't on your list.")
    ex_name.delete()
    page_cache.bump_member(member.pk)  # a DELETE: page_cache hears only saves
