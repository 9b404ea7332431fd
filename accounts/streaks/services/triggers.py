"""Trigger tags (issue 16): a check-in or a contact event may carry the triggers the member
names — from the starting list (TriggerTag.STARTING) or in their own words. Each function
wraps the streak's own service (accounts.services) and the tags in one transaction."""

from django.db import transaction
from django.utils import timezone

from accounts import services
from accounts.models import CheckIn, ContactEvent, TriggerTag

# A tag list this long is no longer a quick note of what set it off.
MAX_TAGS = 12


def _clean_names(names) -> list[str]:
    """The tags to keep: each stripped and lower-cased (own words) or a starting slug, at
    most TriggerTag.NAME_MAX characters, each once, at most MAX_TAGS, in the order given."""
    kept = []
    for name in names:
        name = " ".join(str(name).split()).lower()[: TriggerTag.NAME_MAX]
        if name and name not in kept:
            kept.append(name)
    return kept[:MAX_TAGS]


def _tag(*, member, names, now, check_in=None, contact_event=None) -> list[TriggerTag]:
    return TriggerTag.objects.bulk_create(
        TriggerTag(
            member=member, name=name, check_in=check_in, contact_event=contact_event, tagged_at=now
        )
        for name in _clean_names(names)
    )


def check_in_with_triggers(
    *, member, mood: int | None = None, note: str = "", triggers=(), now=None
) -> CheckIn:
    """accounts.services.check_in, tagged. A second check-in the same day counts once and
    adds no tags (the day's check-in is already written; `is_new` is False)."""
    now = now or timezone.now()
    with transaction.atomic():
        check = services.check_in(member=member, mood=mood, note=note, now=now)
        if check.is_new:
            _tag(member=member, names=triggers, now=now, check_in=check)
    return check


def log_contact_with_triggers(
    *, member, kind: str, note: str = "", reflection: str = "", triggers=(), now=None
) -> ContactEvent:
    """accounts.services.log_contact_event, tagged, in one transaction."""
    now = now or timezone.now()
    with transaction.atomic():
        event = services.log_contact_event(
            member=member, kind=kind, note=note, reflection=reflection, now=now
        )
        _tag(member=member, names=triggers, now=now, contact_event=event)
    return event
