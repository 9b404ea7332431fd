"""Who a member is to the community: a moderator, a guide, or neither — answered here and
nowhere else (STYLE.md: roles live in accounts, at the bottom of the import chain, so the
forum, moderation and the page cache may all ask).

* Moderators: staff, and members of the "Moderators" group. They work the queues and may
  sanction members.
* Guides: members with lived experience whom moderators trust to welcome newcomers
  (`User.is_guide`, granted and revoked by moderators through moderation.care.services,
  audit-logged). Guides answer first posts and see the "Waiting for a first reply" queue;
  they never sanction anyone.
* New members: joined a few days ago or with few posts; they get lower rate limits and may
  not share links yet.
* On shift: a guide's or moderator's own hours (`User.shift_start`–`shift_end`, on their
  own clock), when the care net and the crisis clock call on them first.

`is_moderator` is remembered on the user object for the length of a request, so a page
that asks about fifty posts pays for the group lookup once.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.prepared import prepared

MODERATORS_GROUP = "Moderators"

_CACHE_ATTRIBUTE = "_holdfast_is_moderator"


def _is_member(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


@prepared
def _moderators_group_of(member_id):
    """The "Moderators" group, if this member is in it (every signed-in page asks: its SQL is
    compiled once per process, core.prepared)."""
    from django.contrib.auth.models import Group  # the auth app is ready by the first ask

    return Group.objects.filter(user=member_id, name=MODERATORS_GROUP).values_list("pk")[:1]


def in_moderators_group() -> models.Exists:
    """Whether the row's member is in the "Moderators" group, as an annotation: the query
    that reads the member behind a session asks it too, and is_moderator() needs no query of
    its own (remember_is_moderator)."""
    from django.contrib.auth.models import Group  # the auth app is ready by the first ask

    return models.Exists(Group.objects.filter(user=models.OuterRef("pk"), name=MODERATORS_GROUP))


def is_moderator(user) -> bool:
    """Staff, and members of the "Moderators" group. Asked once per user object."""
    if not _is_member(user):
        return False
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = user.is_staff or bool(_moderators_group_of.fetch(member_id=user.pk))
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def remember_is_moderator(user, answer: bool) -> None:
    """Give is_moderator() its answer for this user object, without a query."""
    setattr(user, _CACHE_ATTRIBUTE, answer)


def moderators_group_members():
    """Everyone in the "Moderators" group, as a queryset of members: a few people."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(groups__name=MODERATORS_GROUP)


@prepared
def _moderators_group_members():
    return moderators_group_members().values_list("pk")  # core.prepared


def remember_moderators(users, *, in_group: set | None = None) -> None:
    """Answer is_moderator() for many users with one query (say, the authors on a page), so
    that asking about each of them afterwards costs nothing. `in_group`: the ids of the
    Moderators group's members, if the caller read them already (moderators_group_members()
    in a query of its own), and then no query."""
    pending = [u for u in users if u is not None and getattr(u, _CACHE_ATTRIBUTE, None) is None]
    if not pending:
        return
    # A deferred field is one missing from the instance's __dict__ (Django's own test in
    # get_deferred_fields(), which walks all 45 of a member's fields to answer).
    if any("is_staff" not in user.__dict__ for user in pending):
        model = type(pending[0])
        moderator_ids = set(
            model.objects.filter(pk__in={u.pk for u in pending})
            .filter(models.Q(is_staff=True) | models.Q(groups__name=MODERATORS_GROUP))
            .values_list("pk", flat=True)
        )
    else:  # the rows carry is_staff: only the group is asked
        if in_group is None:
            in_group = {pk for (pk,) in _moderators_group_members.fetch()}
        moderator_ids = {u.pk for u in pending if u.is_staff or u.pk in in_group}
    for user in pending:
        setattr(user, _CACHE_ATTRIBUTE, user.is_active and user.pk in moderator_ids)


def is_guide(user) -> bool:
    """A member moderators made a guide (a field on the member's row: no query)."""
    return _is_member(user) and bool(getattr(user, "is_guide", False))


def is_guide_or_moderator(user) -> bool:
    """Who answers first posts and is called by the care net: guides and moderators."""
    return is_guide(user) or is_moderator(user)


def carers_q() -> models.Q:
    """The same question as a filter on the member table: active guides and moderators."""
    return models.Q(is_active=True) & (
        models.Q(is_guide=True) | models.Q(is_staff=True) | models.Q(groups__name=MODERATORS_GROUP)
    )


def moderators_q(*, active: bool = True) -> models.Q:
    """is_moderator() as a filter on the member table (may repeat a member: add distinct()).
    `active=False` also finds deactivated moderators (whose audit-log entries remain)."""
    q = models.Q(is_staff=True) | models.Q(groups__name=MODERATORS_GROUP)
    return models.Q(is_active=True) & q if active else q


# Defaults of HOLDFAST_NEW_ACCOUNT_DAYS and HOLDFAST_NEW_ACCOUNT_POSTS (config/settings.py).
NEW_MEMBER_DAYS = 3
NEW_MEMBER_POSTS = 3


def is_new_member(member, *, now: datetime.datetime | None = None) -> bool:
    """Joined less than HOLDFAST_NEW_ACCOUNT_DAYS (3) days ago, or fewer than
    HOLDFAST_NEW_ACCOUNT_POSTS (3) posts so far: lower rate limits, no links yet."""
    now = now or timezone.now()
    days = getattr(settings, "HOLDFAST_NEW_ACCOUNT_DAYS", NEW_MEMBER_DAYS)
    posts = getattr(settings, "HOLDFAST_NEW_ACCOUNT_POSTS", NEW_MEMBER_POSTS)
    return now - member.date_joined < datetime.timedelta(days=days) or member.post_count < posts


def is_on_shift(user, now: datetime.datetime) -> bool:
    """Whether `now`, on the member's own clock, falls within the hours they set. A shift
    may run past midnight (22:00–06:00). No hours set: never on shift (they are still
    called by the wider round)."""
    start, end = getattr(user, "shift_start", None), getattr(user, "shift_end", None)
    if start is None or end is None or start == end:
        return False
    local = now.astimezone(user.zone).time()
    if start < end:
        return start <= local < end
    return local >= start or local < end
