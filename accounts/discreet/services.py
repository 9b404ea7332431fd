"""Discreet mode's one change of state (accounts.discreet says what the mode does)."""

from django.db import transaction

from accounts.models import User


def set_discreet_mode(*, member: User, on: bool) -> None:
    """Switch discreet mode for `member`. Saving the row bumps the member's cached pages
    (pagecache registry), so the next page already shows the neutral title."""
    with transaction.atomic():
        member.discreet_mode = on
        member.save(update_fields=["discreet_mode"])
