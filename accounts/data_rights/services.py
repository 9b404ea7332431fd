"""A member's data rights: a copy of everything they wrote, and deleting their account.

accounts is the lowest app, so it cannot reach the forum's posts or the moderators' reports
itself. It announces instead (accounts.signals): `collecting_export` asks every app above for
its sections of the export, `erasing_member` asks them to erase or anonymise what they hold,
inside the same transaction as the deletion. What accounts holds itself (the profile, the
streak history, check-ins, contact events, milestones, SOS reasons, unsent messages, email
addresses, 2FA authenticators, exports) goes with the member's row (on_delete=CASCADE,
pinned by tests/accounts/test_data_rights.py).

Exports: an account with at most LARGE_ACCOUNT_ROWS rows of writing and history is copied
in the request, so the member has it at once even when the task queue is busy; a larger one
is queued as a task (django.tasks; with TASKS_BACKEND=database it runs in
`manage.py db_worker`) and its page says "being prepared" until it is ready. Either way it
expires EXPORT_DAYS after it was asked for: the pages stop showing it at once, and the row is
deleted by `manage.py prune_exports` (daily, from cron) or when the member asks for a new copy
— never by a page view (reads never write; accounts/data_rights/selectors.py).
"""

import datetime
import logging
from importlib import import_module
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone

import pagecache as page_cache
from accounts import signals
from accounts.models import BuddyPing, DataExport, PushPreference, User
from outbox.services import forget_emails_to

logger = logging.getLogger(__name__)

EXPORT_DAYS = 7
# Above this many rows (posts, check-ins, contact events, unsent messages) the copy is made
# in the background: a few hundred rows take well under a second to gather.
LARGE_ACCOUNT_ROWS = 500
STALE_AFTER = datetime.timedelta(hours=1)
EXPORT_FORMAT = "holdfast-export-1"
FORMER_MEMBER = "a former member"

# --- Export ----------------------------------------------------------------------------------


def request_export(*, member: User, now=None) -> DataExport:
    """Start a copy of the member's data, or return the one already being prepared (so a
    double click makes one export). Small accounts are copied at once; large ones are queued
    once the transaction commits. Expired exports of the member are pruned here."""
    now = now or timezone.now()
    with transaction.atomic():
        DataExport.objects.filter(member=member, expires_at__lte=now).delete()
        # A copy still pending after STALE_AFTER was lost (a worker stopped mid-task): it is
        # marked failed, so the member can ask again instead of waiting for its expiry.
        DataExport.objects.filter(
            member=member, status=DataExport.Status.PENDING, created_at__lte=now - STALE_AFTER
        ).update(status=DataExport.Status.FAILED, finished_at=now)
        pending = (
            DataExport.objects.filter(member=member, status=DataExport.Status.PENDING)
            .order_by("-created_at")
            .first()
        )
        if pending is not None:
            return pending
        export = DataExport.objects.create(
            member=member, created_at=now, expires_at=now + datetime.timedelta(days=EXPORT_DAYS)
        )
        large = account_size(member) > LARGE_ACCOUNT_ROWS
        if large:
            export_id = str(export.pk)
            transaction.on_commit(lambda: build_export_task.enqueue(export_id))
    if not large:
        build_export(export_id=export.pk, now=now)
        export.refresh_from_db()
    return export


def build_export(*, export_id, now=None) -> None:
    """Fill an export with the member's data and mark it ready (or failed, kindly, if an app
    raised). Idempotent: an export that is no longer pending is left alone."""
    export = DataExport.objects.select_related("member").filter(pk=export_id).first()
    if export is None or not export.is_pending:
        return
    now = now or timezone.now()
    try:
        payload = collect_member_data(export.member, now=now)
    except Exception:
        logger.exception("Building data export %s failed", export_id)
        DataExport.objects.filter(pk=export_id).update(
            status=DataExport.Status.FAILED, finished_at=now
        )
        return
    DataExport.objects.filter(pk=export_id, status=DataExport.Status.PENDING).update(
        status=DataExport.Status.READY, payload=payload, finished_at=now
    )


@task
def build_export_task(export_id: str) -> None:
    """The background form of build_export, for large accounts."""
    build_export(export_id=export_id)


def collect_member_data(member: User, *, now=None) -> dict:
    """Everything the member wrote and their streak history, as JSON-ready data. Each app
    above accounts adds its sections through accounts.signals.collecting_export; no section
    names another member."""
    now = now or timezone.now()
    data = {
        "format": EXPORT_FORMAT,
        "generated_at": now.isoformat(),
        "profile": _profile(member),
        "streaks": [
            {
                "started_on": s.started_on.isoformat(),
                "ended_on": s.ended_on.isoformat() if s.ended_on else None,
                "length_days": s.length_days,
                "self_reported": s.self_reported,
                "reflection": s.reflection,
            }
            for s in member.streaks.order_by("started_on", "pk")
        ],
        "check_ins": [
            {"day": c.day.isoformat(), "mood": c.mood, "note": c.note}
            for c in member.check_ins.order_by("day")
        ],
        "contact_events": [
            {"kind": e.get_kind_display(), "occurred_at": e.occurred_at.isoformat(), "note": e.note}
            for e in member.contact_events.order_by("occurred_at", "pk")
        ],
        "milestones": [
            {"days": m.days, "reached_at": m.awarded_at.isoformat()}
            for m in member.milestone_awards.order_by("days")
        ],
        "urges_held": [u.held_at.isoformat() for u in member.urges_held.order_by("held_at")],
        "trigger_tags": [
            {"trigger": t.words, "tagged_at": t.tagged_at.isoformat()}
            for t in member.trigger_tags.order_by("tagged_at", "pk")
        ],
        "sos_reasons": [r.text for r in member.urge_reasons.order_by("position", "pk")],
        "unsent_messages": [
            {"written_at": m.created_at.isoformat(), "text": m.body}
            for m in member.unsent_messages.order_by("created_at", "pk")
        ],
        "risky_dates": [
            {"label": d.label, "on": d.on.isoformat(), "every_year": d.repeats_yearly}
            for d in member.risky_dates.order_by("on", "pk")
        ],
        "buddy_pings": _buddy_pings(member),
        "push_devices": _push_devices(member),
        "quiet_hours": _quiet_hours(member),
    }
    for _receiver, sections in signals.collecting_export.send(sender=User, member=member):
        data.update(sections or {})
    return data


def _buddy_pings(member: User) -> list[dict]:
    """Pings the member sent or received and the replies: templated words only, and never
    the buddy's name (an export holds nothing that names anyone else)."""
    pings = BuddyPing.objects.filter(Q(sender=member) | Q(recipient=member)).order_by("sent_at")
    return [
        {
            "you": "sent" if ping.sender_id == member.pk else "received",
            "sent_at": ping.sent_at.isoformat(),
            "message": ping.get_message_display(),
            "reply": ping.get_reply_display(),
        }
        for ping in pings
    ]


def _push_devices(member: User) -> list[dict]:
    """The devices that receive the member's pushes, by their push service's address (the
    path, the browser's own random id, and the keys stay out). One query."""
    return [
        {"push_service": urlsplit(d.endpoint).hostname, "since": d.created_at.isoformat()}
        for d in member.push_subscriptions.order_by("created_at", "pk")
    ]


def _quiet_hours(member: User) -> dict:
    preference = PushPreference.objects.filter(member=member).first()
    return {
        "from_hour": preference.quiet_from if preference else None,
        "until_hour": preference.quiet_until if preference else None,
    }


def _profile(member: User) -> dict:
    return {
        "username": member.username,
        "display_name": member.display_name,
        "bio": member.bio,
        "time_zone": member.time_zone,
        "joined_at": member.date_joined.isoformat(),
        "email_addresses": list(member.emailaddress_set.values_list("email", flat=True)),
        "streak_visibility": member.get_streak_visibility_display(),
        "streak_display": member.get_streak_display_display(),
        "profile_visibility": member.get_profile_visibility_display(),
        "celebrate_milestones": member.celebrate_milestones,
        "emails_about_replies": member.email_replies,
        "emails_about_mentions": member.email_mentions,
        "emails_from_moderators": member.email_moderation,
        "emails_about_milestones": member.email_milestones,
        "email_delivery": member.get_email_delivery_display(),
        "discreet_mode": member.discreet_mode,
    }


def account_size(member: User) -> int:
    """Rows an export copies, roughly: decides between copying now and in the background."""
    return (
        member.post_count
        + member.check_ins.count()
        + member.contact_events.count()
        + member.unsent_messages.count()
    )


def prune_expired_exports(*, now=None) -> int:
    """Delete every expired export; returns how many. Run daily (manage.py prune_exports)."""
    now = now or timezone.now()
    deleted, _ = DataExport.objects.filter(expires_at__lte=now).delete()
    return deleted


# --- Deleting an account ---------------------------------------------------------------------


def delete_member(*, member: User, keep_posts: bool, now=None) -> None:
    """Delete the member's account and erase their personal data, at once and for good.

    In one transaction: the apps above erase what they hold (erasing_member: forum removes
    their posts, or keeps them as "former member", and drops reactions, read markers,
    subscriptions, blocks and notifications; moderation keeps the reports they filed without
    their name and rewrites audit snapshots of their name to "a former member"); every
    session of theirs is deleted, and every email to them in the outbox; then their row, with
    everything accounts holds (CASCADE). Visitors' cached pages are dropped, and cached
    sessions forgotten, now and after the commit. The caller has checked their password."""
    now = now or timezone.now()
    with transaction.atomic():
        signals.erasing_member.send(sender=User, member=member, keep_posts=keep_posts, now=now)
        keys = _session_keys_of(member, now=now)
        Session.objects.filter(session_key__in=keys).delete()
        # Emails to them, sent or waiting, carry their name and their notifications' words.
        forget_emails_to(
            addresses={member.email, *member.emailaddress_set.values_list("email", flat=True)}
        )
        member.delete()
        _forget_cached_sessions(keys)
        transaction.on_commit(lambda: _forget_cached_sessions(keys))
        page_cache.bump_on_commit(page_cache.SITE)


def _session_keys_of(member: User, *, now) -> list[str]:
    """The keys of the member's live sessions. Django stores sessions encoded and not by
    member, so this decodes the live ones once: an account is deleted rarely, and a stray
    session must not outlive it (ASVS 7.4.2)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    wanted = str(member.pk)
    keys = []
    live = Session.objects.filter(expire_date__gt=now).values_list("session_key", "session_data")
    for key, data in live.iterator(chunk_size=2000):
        if str(store.decode(data).get("_auth_user_id", "")) == wanted:
            keys.append(key)
    return keys


def _forget_cached_sessions(keys: list[str]) -> None:
    """With cached_db sessions the cache holds a copy of each; forget those too."""
    if keys and settings.SESSION_ENGINE.endswith("cached_db"):
        caches[settings.SESSION_CACHE_ALIAS].delete_many([cached_db.KEY_PREFIX + k for k in keys])
