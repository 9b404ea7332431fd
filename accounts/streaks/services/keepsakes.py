"""What a member keeps beside their streak for the hard moments: their reasons to hold on (the
SOS page lists them) and the messages they wrote to the other person and never sent. Callers
import these through accounts.services.

Callers fetch a row through accounts.streaks.selectors (owner-only, the same 404 for someone
else's row as for a missing one) before updating or deleting it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import UnsentMessage, UrgeReason

# The SOS page lists every reason; a list this long has stopped being a quick read.
MAX_URGE_REASONS = 100


def add_urge_reason(*, member, text: str, now=None) -> UrgeReason:
    """Add a reason at the end of the member's list. Atomic. Refuses a reason beyond
    MAX_URGE_REASONS with a ValidationError whose message can be shown as is."""
    now = now or timezone.now()
    with transaction.atomic():
        reasons = UrgeReason.objects.filter(member=member)
        if reasons.count() >= MAX_URGE_REASONS:
            raise ValidationError(
                f"You have {MAX_URGE_REASONS} reasons written already — that's a lot of "
                "strength. To add another, edit or remove one you no longer need.",
                code="too_many",
            )
        last = reasons.order_by("-position").values_list("position", flat=True).first()
        return UrgeReason.objects.create(
            member=member,
            text=text.strip(),
            position=0 if last is None else last + 1,
            created_at=now,
        )


def update_urge_reason(*, reason: UrgeReason, text: str) -> UrgeReason:
    """Change a reason's words (its place in the list stays)."""
    reason.text = text.strip()
    reason.save(update_fields=["text"])
    return reason


def delete_urge_reason(*, reason: UrgeReason) -> None:
    """Remove a reason for good; the others keep their order."""
    reason.delete()


def save_unsent_message(*, member, body: str, now=None) -> UnsentMessage:
    """Keep words the member wrote to the other person. Never sent to anyone, never shown to
    anyone but the member."""
    now = now or timezone.now()
    return UnsentMessage.objects.create(member=member, body=body.strip(), created_at=now)


def delete_unsent_message(*, message: UnsentMessage) -> None:
    """Delete an unsent message: the row is removed, not hidden."""
    message.delete()
