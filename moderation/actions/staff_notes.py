"""Moderators' notes on a member (docs/modmail.md): shown to moderators beside the member's
posts and on the member's moderation page, never to the member or anyone else."""

from django.utils import timezone

from accounts.models import User
from moderation import permissions
from moderation.actions.base import ActionRefused
from moderation.models import StaffNote

NOTE_MAX = 1000


def add_staff_note(*, moderator: User, member: User, text: str, now=None) -> StaffNote:
    """Keep a note on a member for the other moderators. Not a decision about the member
    (nothing they are told, nothing to appeal), so no audit row."""
    if not permissions.can_add_staff_note(moderator, member):
        raise ActionRefused("You can't keep a note on this member.")
    text = text.strip()
    if not text:
        raise ActionRefused("Please write the note.")
    if len(text) > NOTE_MAX:
        raise ActionRefused(f"Please keep the note under {NOTE_MAX} characters.")
    return StaffNote.objects.create(
        member=member, author=moderator, text=text, created_at=now or timezone.now()
    )
