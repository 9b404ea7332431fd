"""The test that keeps the page cache honest as features are added: after EVERY service
call in the project, every cached page of a set of fixture viewers equals a fresh render.

Services are discovered, not listed: every public function defined in an app's `services`
module (or in a module of a `services` or `actions` package) of every app of ours. Each
needs a scenario below — a small function that calls it with the fixture world — and the
test fails for a service without one, so a new service is covered from the day it is
written. A scenario that changes nothing a page shows is still worth its line: it proves
the service leaves every cached page right.

For each service: the world is built, every page is drawn once for every viewer (and so
cached), the service runs (its on_commit callbacks too, as after a real commit), then each
viewer's page is fetched again — from the cache where the cache has it — and compared with
a fresh render: the same request with the page cache off and an empty cache (no stored
page, no post fragment, no remembered search). CSRF tokens differ per answer by design and
are compared as blanks.
"""

import datetime
import importlib
import inspect
import pkgutil
import re
import types
import uuid

import pytest
import time_machine
from django.apps import apps
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone

from accounts.models import DataExport
from forum.models import Post, Status
from moderation.models import Reason
from pagecache.templatetags.pagecache_tags import drawn_afresh
from tests import factories

OUR_APPS = ("accounts", "forum", "moderation", "outbox")
_SERVICE_PACKAGES = ("services", "actions")


def discover_services() -> dict:
    """{"<app>.<function>": function} for every public function of our services modules."""
    found = {}
    for label in OUR_APPS:
        app = apps.get_app_config(label)
        for info in pkgutil.walk_packages([app.path], prefix=f"{app.name}."):
            parts = info.name.split(".")[1:]
            if not any(part in _SERVICE_PACKAGES for part in parts) or parts[-1] == "base":
                continue  # base: an actions package's skeleton, which every action runs over
            module = importlib.import_module(info.name)
            for name, function in inspect.getmembers(module, inspect.isfunction):
                if not name.startswith("_") and function.__module__ == module.__name__:
                    found[f"{label}.{name}"] = function
    return found


def _pending_export(w):
    now = timezone.now()
    expires = now + datetime.timedelta(days=7)
    return DataExport.objects.create(member=w.member, created_at=now, expires_at=expires)


def _expired_export(w):
    long_ago = timezone.now() - datetime.timedelta(days=8)
    expired = long_ago + datetime.timedelta(days=7)
    return DataExport.objects.create(member=w.member, created_at=long_ago, expires_at=expired)


# --- The world ----------------------------------------------------------------------------

NOW = None  # services take now=None: the real clock, as the pages read it


def build_world():
    w = types.SimpleNamespace()
    w.author = factories.make_member(username="author_ash")
    w.member = factories.make_member(username="rowan")
    w.other = factories.make_member(username="sasha")
    w.moderator = factories.make_moderator(username="mod_morgan")
    w.category = factories.make_category(name="Hard days")
    w.elsewhere = factories.make_category(name="Small wins")
    w.thread = factories.make_thread(
        author=w.author, category=w.category, title="Week one without him", body="Day one."
    )
    w.opening = w.thread.posts.get(number=1)
    w.reply = factories.make_reply(author=w.member, thread=w.thread, body="You can do this.")
    w.held = factories.make_reply(author=w.other, thread=w.thread, body="Held for a look.")
    Post.objects.filter(pk=w.held.pk).update(status=Status.PENDING)
    w.held.refresh_from_db()
    return w


def _moderation():
    from moderation import actions as services
    from moderation import models

    return models, services


def _report(w):
    _models, services = _moderation()
    services.report_post(reporter=w.other, post=w.reply, reason=Reason.HARASSMENT)
    return f"post:{w.reply.pk}"


def _care_report(w):
    _models, services = _moderation()
    services.report_post(reporter=w.other, post=w.opening, reason=Reason.CRISIS)
    return f"post:{w.opening.pk}"


def _warning(w):
    _models, services = _moderation()
    return services.warn_member(moderator=w.moderator, member=w.member, message="Be kind.")


def _word(w):
    _models, services = _moderation()
    return services.add_watched_word(moderator=w.moderator, phrase="casino", action="flag")


def _silenced(w):
    _models, services = _moderation()
    until = timezone.now() + datetime.timedelta(days=3)
    services.silence_member(moderator=w.moderator, member=w.member, until=until)


def _suspended(w):
    _models, services = _moderation()
    services.suspend_member(moderator=w.moderator, member=w.other, forever=True)


def _modmail(w):
    _models, services = _moderation()
    return services.start_modmail(member=w.member, subject="A question", body="Hello.")


def _hidden_reply(w):
    """The audit row of a moderator hiding the member's reply."""
    models, services = _moderation()
    services.hide_post(moderator=w.moderator, post=w.reply, reason="Unkind")
    return models.ModerationAction.objects.get(action="hide_post")


def _appeal(w):
    _models, services = _moderation()
    return services.appeal_decision(member=w.member, action=_hidden_reply(w), text="Please.")


def _verdict(**reasons):
    from moderation.screening import Verdict

    fields = {"blocked": False, "block_reasons": [], "hold_reasons": [], "flag_reasons": []}
    return Verdict(**{**fields, "crisis_phrases": [], **reasons})


def _email(w):
    from outbox import services

    return services.queue_email(
        to="rowan@example.org", subject="Hello", text="Hi.", idempotency_key="k1"
    )


def _streak(w):
    from accounts import services

    services.start_streak(member=w.author, started_on=timezone.localdate() - _days(12))


def _days(n):
    return datetime.timedelta(days=n)


# Each scenario calls the service `fn` with the world `w` (and sets up what it needs first).
SCENARIOS = {
    # accounts
    "accounts.profile_scope": lambda fn, w: fn(w.author.username),
    "accounts.open_streak": lambda fn, w: (_streak(w), fn(w.author)),
    "accounts.start_streak": lambda fn, w: fn(
        member=w.author, started_on=timezone.localdate() - _days(8)
    ),
    "accounts.award_milestones": lambda fn, w: (
        _streak(w),
        fn(member=w.author, streak=w.author.streaks.get()),
    ),
    "accounts.check_in": lambda fn, w: (_streak(w), fn(member=w.author, mood=3, note="Okay.")),
    "accounts.end_streak": lambda fn, w: (_streak(w), fn(member=w.author, reflection="Hard.")),
    "accounts.log_contact_event": lambda fn, w: (
        _streak(w),
        fn(member=w.author, kind="i_reached_out", note="Texted."),
    ),
    "accounts.change_streak_start": lambda fn, w: (
        _streak(w),
        fn(member=w.author, started_on=timezone.localdate() - _days(30)),
    ),
    "accounts.mark_milestones_seen": lambda fn, w: (_streak(w), fn(member=w.author)),
    "accounts.add_urge_reason": lambda fn, w: fn(member=w.member, text="He lied."),
    "accounts.update_urge_reason": lambda fn, w: fn(reason=_urge_reason(w), text="He lied, often."),
    "accounts.delete_urge_reason": lambda fn, w: fn(reason=_urge_reason(w)),
    "accounts.save_unsent_message": lambda fn, w: fn(member=w.member, body="I miss you."),
    "accounts.hold_urge": lambda fn, w: (_streak(w), fn(member=w.author)),
    "accounts.check_in_with_triggers": lambda fn, w: (
        _streak(w),
        fn(member=w.author, mood=2, triggers=["late-night", "our song"]),
    ),
    "accounts.log_contact_with_triggers": lambda fn, w: (
        _streak(w),
        fn(member=w.author, kind="looked_at_profile", triggers=["loneliness"]),
    ),
    "accounts.delete_unsent_message": lambda fn, w: fn(message=_unsent(w)),
    "accounts.add_risky_date": lambda fn, w: fn(
        member=w.member, label="Our anniversary", on=timezone.localdate() + _days(1)
    ),
    "accounts.delete_risky_date": lambda fn, w: fn(risky_date=_risky_date(w)),
    "accounts.send_risky_date_reminders": lambda fn, w: (_risky_date(w), fn()),
    "accounts.set_theme": lambda fn, w: fn(member=w.member, theme="dark"),
    "accounts.set_discreet_mode": lambda fn, w: fn(member=w.member, on=True),
    # accounts.push.services (issue 16, item 6): devices and quiet hours show on no cached page.
    "accounts.subscribe_device": lambda fn, w: fn(
        member=w.member, endpoint="https://push.example/device", p256dh="key", auth="secret"
    ),
    "accounts.unsubscribe_device": lambda fn, w: fn(
        member=w.member, endpoint="https://push.example/device"
    ),
    "accounts.unsubscribe_all": lambda fn, w: fn(member=w.member),
    "accounts.set_quiet_hours": lambda fn, w: fn(member=w.member, quiet_from=22, quiet_until=7),
    "accounts.push_to_members": lambda fn, w: fn(member_ids=[w.member.pk], kind="reply", url="/"),
    # Accountability buddies (accounts/buddies/services.py): the author's streak is private
    # to the pages' viewers but shown to their buddy on /buddy/, which is never cached.
    "accounts.invite_buddy": lambda fn, w: fn(member=w.member, invitee=w.author),
    "accounts.accept_buddy_invitation": lambda fn, w: fn(
        member=w.author, pairing=_buddy_invitation(w)
    ),
    "accounts.decline_buddy_invitation": lambda fn, w: fn(
        member=w.author, pairing=_buddy_invitation(w)
    ),
    "accounts.end_buddy_pairing": lambda fn, w: fn(member=w.member, pairing=_buddies(w)),
    "accounts.ping_buddy": lambda fn, w: (_buddies(w), fn(member=w.member, message="urge")),
    "accounts.reply_to_buddy_ping": lambda fn, w: fn(
        member=w.author, ping=_buddy_ping(w), reply="here"
    ),
    "accounts.join_buddy_finder": lambda fn, w: (_veteran(w), fn(member=w.author)),
    "accounts.leave_buddy_finder": lambda fn, w: (
        _veteran(w),
        _buddy_services().join_buddy_finder(member=w.author),
        fn(member=w.author),
    ),
    "accounts.update_profile": lambda fn, w: fn(
        member=w.author,
        display_name="Ash",
        bio="Taking it a day at a time.",
        time_zone="Europe/Paris",
        streak_visibility=w.author.streak_visibility,
        streak_display=w.author.streak_display,
        profile_visibility=w.author.profile_visibility,
        celebrate_milestones=False,
    ),
    "accounts.set_display_name": lambda fn, w: fn(member=w.author, display_name="Ash A."),
    "accounts.update_care_shift": lambda fn, w: fn(
        member=w.moderator, shift_start=datetime.time(20), shift_end=datetime.time(23)
    ),
    # accounts.data_rights.services (a package since issue 14: its services are found too)
    "accounts.account_size": lambda fn, w: fn(w.member),
    "accounts.collect_member_data": lambda fn, w: fn(w.author),
    "accounts.request_export": lambda fn, w: fn(member=w.member),
    "accounts.build_export": lambda fn, w: fn(export_id=_pending_export(w).pk),
    "accounts.prune_expired_exports": lambda fn, w: (_expired_export(w), fn()),
    "accounts.delete_member": lambda fn, w: fn(member=w.other, keep_posts=False),
    # The author's shield keeps out the visitor and the (new) member; their copies change.
    "accounts.set_shield": lambda fn, w: fn(member=w.author, days=30),
    # forum
    "forum.create_thread": lambda fn, w: fn(
        author=w.member, category=w.category, title="Starting again today", body="Day zero."
    ),
    "forum.create_reply": lambda fn, w: fn(author=w.other, thread=w.thread, body="Me too."),
    # An anonymous reply appears (after the pages were cached), then a moderator looks.
    "forum.reveal_anonymous_author": lambda fn, w: fn(
        moderator=w.moderator, post=_anonymous_reply(w)
    ),
    "forum.open_daily_pledge": lambda fn, w: fn(author=w.moderator, category=w.category),
    "forum.take_pledge": lambda fn, w: fn(
        member=w.other, daily=_daily_pledge(w), seen=True, line="Day three. Holding."
    ),
    "forum.refresh_seeded_thread": lambda fn, w: fn(
        thread=w.thread, key="welcome", title="Welcome, read this first", body="Hello."
    ),
    "forum.edit_post": lambda fn, w: fn(editor=w.member, post=w.reply, body="You will."),
    "forum.delete_post": lambda fn, w: fn(member=w.member, post=w.reply),
    "forum.publish_held_post": lambda fn, w: fn(post=w.held),
    "forum.hide_post": lambda fn, w: fn(post=w.reply, reason="Rules"),
    "forum.unhide_post": lambda fn, w: (
        _forum().hide_post(post=w.reply, reason="Rules"),
        fn(post=w.reply),
    ),
    "forum.flag_post_for_care": lambda fn, w: fn(post=w.opening),
    "forum.set_thread_flags": lambda fn, w: fn(thread=w.thread, pinned=True, locked=True),
    "forum.toggle_reaction": lambda fn, w: fn(member=w.other, post=w.reply, kind="helped"),
    "forum.mark_thread_read": lambda fn, w: fn(member=w.author, thread=w.thread, up_to=2),
    "forum.set_watching": lambda fn, w: fn(member=w.member, thread=w.thread, watching=False),
    "forum.mark_notifications_read": lambda fn, w: fn(member=w.author),
    "forum.block_member": lambda fn, w: fn(blocker=w.author, blocked=w.member),
    "forum.unblock_member": lambda fn, w: (
        _forum().block_member(blocker=w.author, blocked=w.member),
        fn(blocker=w.author, blocked=w.member),
    ),
    # Issue 15: content warnings and muting (docs/mute-and-warnings.md).
    "forum.set_warning_choices": lambda fn, w: (
        _forum().create_reply(author=w.other, thread=w.thread, body="Hard.", warning="abuse"),
        fn(member=w.member, choices={"abuse": "hide"}),
    ),
    "forum.set_thread_muted": lambda fn, w: fn(member=w.member, thread=w.thread, muted=True),
    "forum.set_category_muted": lambda fn, w: fn(member=w.member, category=w.category, muted=True),
    "forum.ignore_member": lambda fn, w: fn(member=w.member, ignored=w.author, period="day"),
    # moderation
    "moderation.report_post": lambda fn, w: fn(
        reporter=w.other, post=w.reply, reason=Reason.HARASSMENT
    ),
    "moderation.report_thread": lambda fn, w: fn(
        reporter=w.other, thread=w.thread, reason=Reason.HARASSMENT
    ),
    "moderation.report_member": lambda fn, w: fn(
        reporter=w.other, member=w.member, reason=Reason.HARASSMENT
    ),
    "moderation.file_automatic_report": lambda fn, w: fn(
        post=w.reply, reason=Reason.OTHER, source="watched_word", note="casino"
    ),
    "moderation.open_crisis_report": lambda fn, w: fn(post=w.opening, phrases=["end it"]),
    "moderation.record_hold": lambda fn, w: fn(post=w.held, reasons=["A link"]),
    "moderation.respond_to_screening": lambda fn, w: fn(
        post=w.opening, verdict=_verdict(crisis_phrases=["end it"])
    ),
    "moderation.dismiss_reports": lambda fn, w: fn(moderator=w.moderator, key=_report(w)),
    "moderation.hide_post": lambda fn, w: fn(moderator=w.moderator, post=w.reply, reason="x"),
    "moderation.unhide_post": lambda fn, w: (
        _moderation()[1].hide_post(moderator=w.moderator, post=w.reply, reason="x"),
        fn(moderator=w.moderator, post=w.reply),
    ),
    "moderation.redact_post": lambda fn, w: fn(
        moderator=w.moderator, post=w.reply, body="[removed]", reason="Personal details"
    ),
    "moderation.approve_post": lambda fn, w: fn(moderator=w.moderator, post=w.held),
    "moderation.reject_post": lambda fn, w: fn(moderator=w.moderator, post=w.held, reason="No"),
    "moderation.lock_thread": lambda fn, w: fn(moderator=w.moderator, thread=w.thread),
    "moderation.unlock_thread": lambda fn, w: (
        _moderation()[1].lock_thread(moderator=w.moderator, thread=w.thread),
        fn(moderator=w.moderator, thread=w.thread),
    ),
    "moderation.pin_thread": lambda fn, w: fn(moderator=w.moderator, thread=w.thread),
    "moderation.unpin_thread": lambda fn, w: (
        _moderation()[1].pin_thread(moderator=w.moderator, thread=w.thread),
        fn(moderator=w.moderator, thread=w.thread),
    ),
    "moderation.move_thread": lambda fn, w: fn(
        moderator=w.moderator, thread=w.thread, category=w.elsewhere
    ),
    "moderation.warn_member": lambda fn, w: fn(
        moderator=w.moderator, member=w.member, message="Please be gentle."
    ),
    "moderation.acknowledge_warning": lambda fn, w: fn(member=w.member, warning=_warning(w)),
    "moderation.silence_member": lambda fn, w: fn(
        moderator=w.moderator, member=w.member, until=timezone.now() + _days(3)
    ),
    "moderation.suspend_member": lambda fn, w: fn(
        moderator=w.moderator, member=w.other, forever=True
    ),
    "moderation.lift_silence": lambda fn, w: (
        _silenced(w),
        fn(moderator=w.moderator, member=w.member),
    ),
    "moderation.lift_suspension": lambda fn, w: (
        _suspended(w),
        fn(moderator=w.moderator, member=w.other),
    ),
    "moderation.acknowledge_care": lambda fn, w: fn(moderator=w.moderator, key=_care_report(w)),
    "moderation.send_caring_message": lambda fn, w: fn(
        moderator=w.moderator, member=w.author, message="We're here."
    ),
    "moderation.grant_guide_role": lambda fn, w: fn(moderator=w.moderator, member=w.member),
    "moderation.revoke_guide_role": lambda fn, w: (
        _moderation()[1].grant_guide_role(moderator=w.moderator, member=w.member),
        fn(moderator=w.moderator, member=w.member),
    ),
    "moderation.act": lambda fn, w: fn(moderator=w.moderator, key=_report(w), action="hide"),
    "moderation.add_watched_word": lambda fn, w: fn(
        moderator=w.moderator, phrase="casino", action="flag"
    ),
    "moderation.change_watched_word": lambda fn, w: fn(
        moderator=w.moderator, word=_word(w), phrase="casinos", action="hold"
    ),
    "moderation.remove_watched_word": lambda fn, w: fn(moderator=w.moderator, word=_word(w)),
    "moderation.add_ex_name": lambda fn, w: fn(member=w.member, name="Jordan"),
    "moderation.remove_ex_name": lambda fn, w: fn(
        member=w.member,
        ex_name=_moderation()[1].add_ex_name(member=w.member, name="Jordan"),
    ),
    "moderation.silence_until": lambda fn, w: fn(3),
    # The line to the moderators (docs/modmail.md).
    "moderation.start_modmail": lambda fn, w: fn(member=w.member, subject="A question", body="Hi"),
    "moderation.reply_to_modmail": lambda fn, w: fn(
        author=w.moderator, conversation=_modmail(w), body="We hear you."
    ),
    "moderation.appeal_decision": lambda fn, w: fn(
        member=w.member, action=_hidden_reply(w), text="Please look again."
    ),
    "moderation.decide_appeal": lambda fn, w: fn(
        moderator=factories.make_moderator(username="mod_jules"),
        appeal=_appeal(w),
        overturn=True,
        outcome="You're right.",
    ),
    "moderation.add_staff_note": lambda fn, w: fn(
        moderator=w.moderator, member=w.author, text="Gentle with them."
    ),
    "moderation.log_author_look": lambda fn, w: fn(moderator=w.moderator, post=_anonymous_reply(w)),
    # outbox
    "outbox.queue_email": lambda fn, w: fn(
        to="rowan@example.org", subject="Hello", text="Hi.", idempotency_key="k1"
    ),
    "outbox.content_key": lambda fn, w: fn(to="rowan@example.org", subject="Hi", text="Hi."),
    "outbox.resend_emails": lambda fn, w: fn(email_ids=[_email(w).pk]),
    "outbox.resend_failed_emails": lambda fn, w: (_email(w), fn()),
    "outbox.prune_sent_emails": lambda fn, w: (_email(w), fn()),
    "outbox.forget_emails_to": lambda fn, w: (_email(w), fn(addresses=["rowan@example.org"])),
}


def _forum():
    from forum import services

    return services


def _anonymous_reply(w):
    """The world's category takes anonymous posts from now on; sasha replies as one."""
    w.category.allows_anonymous = True
    w.category.save()
    w.thread.refresh_from_db()
    return (
        _forum()
        .create_reply(author=w.other, thread=w.thread, body="Me too, quietly.", anonymous=True)
        .post
    )


def _urge_reason(w):
    from accounts import services

    return services.add_urge_reason(member=w.member, text="He lied.")


def _risky_date(w):
    from accounts.streaks.services import dates

    tomorrow = timezone.localdate() + _days(1)
    return dates.add_risky_date(
        member=w.member, label="Her birthday", on=tomorrow, email_reminder=True
    )


def _buddy_services():
    from accounts.buddies import services

    return services


def _buddy_invitation(w):
    return _buddy_services().invite_buddy(member=w.member, invitee=w.author)


def _buddies(w):
    services = _buddy_services()
    return services.accept_buddy_invitation(member=w.author, pairing=_buddy_invitation(w))


def _buddy_ping(w):
    _buddies(w)
    return _buddy_services().ping_buddy(member=w.member, message="hard_day")


def _veteran(w):
    from accounts import services

    services.start_streak(member=w.author, started_on=timezone.localdate() - _days(120))


def _daily_pledge(w):
    """The world's thread becomes today's pledge thread (after its pages were cached)."""
    from forum.models import DailyPledge

    return DailyPledge.objects.create(
        day=timezone.localdate(), thread=w.thread, created_at=timezone.now()
    )


def _unsent(w):
    from accounts import services

    return services.save_unsent_message(member=w.member, body="I miss you.")


# --- Viewers and pages --------------------------------------------------------------------

VIEWERS = ("visitor", "member", "author", "moderator")


def pages(w) -> list[str]:
    return [
        "/",
        w.category.get_absolute_url(),
        w.elsewhere.get_absolute_url(),
        w.thread.get_absolute_url(),
        f"/u/{w.author.username}/",
        "/search/?q=week",
    ]


_TOKEN = re.compile(rb"[A-Za-z0-9]{64}")
_NONCE = re.compile(rb'nonce="[^"]*"')
# A thread's view count is counted in the cache and written in batches (forum.view_counts):
# every GET of these tests counts, and the empty cache of a fresh render has not the
# pending ones. Not staleness of the page cache: compared as a blank.
_VIEWS = re.compile(rb"\d+ views?\b")


def _normal(content: bytes) -> bytes:
    content = _VIEWS.sub(b"<n> views", _TOKEN.sub(b"<csrf>", content))
    return _NONCE.sub(b'nonce=""', content)


def _clients(w) -> dict:
    clients = {"visitor": Client()}
    for name in VIEWERS[1:]:
        clients[name] = Client()
        clients[name].force_login(getattr(w, name))
    return clients


def fresh(client, url) -> bytes:
    """The page as if there were no cache at all: the page cache off, an empty cache (no
    stored page, fragment or remembered search), and the layout drawn afresh. Without side
    effects: what the render writes (a thread page writes the reader's read marker) is
    rolled back, and what it bumps goes to the throwaway cache — so the cached request after
    it sees the same rows."""
    empty = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    empty["default"]["LOCATION"] = f"fresh-{uuid.uuid4()}"
    with (
        override_settings(HOLDFAST_PAGE_CACHE_SECONDS=0, CACHES=empty),
        drawn_afresh(),
        transaction.atomic(),
    ):
        content = client.get(url).content
        transaction.set_rollback(True)
    return _normal(content)


# --- The tests ----------------------------------------------------------------------------

SERVICES = discover_services()


def test_every_service_has_a_scenario():
    missing = sorted(set(SERVICES) - set(SCENARIOS))
    assert missing == [], f"give each new service a scenario in {__name__}.SCENARIOS: {missing}"
    gone = sorted(set(SCENARIOS) - set(SERVICES))
    assert gone == [], f"scenarios for services that no longer exist: {gone}"


# Stale pages the test found that are not the page cache's to fix. Each fails strictly:
# when it is fixed, the entry must go.
KNOWN_STALE: dict[str, str] = {}


@pytest.fixture
def frozen_clock():
    """One instant for the whole test: "now" and "a second ago" are the bound every cached
    page has by design (HOLDFAST_PAGE_CACHE_SECONDS), not staleness a write causes."""
    with time_machine.travel(timezone.now(), tick=False):
        yield


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(SERVICES))
def test_cache_equals_fresh_render_after(
    name, request, django_capture_on_commit_callbacks, frozen_clock
):
    if name not in SCENARIOS:
        pytest.fail(f"{name} has no scenario (see test_every_service_has_a_scenario)")
    if name in KNOWN_STALE:
        request.applymarker(pytest.mark.xfail(reason=KNOWN_STALE[name], strict=True))
    w = build_world()
    clients = _clients(w)
    urls = pages(w)
    for client in clients.values():  # each page drawn and cached for each viewer
        for url in urls:
            client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        SCENARIOS[name](SERVICES[name], w)
    differing = []
    for viewer, client in clients.items():
        for url in urls:
            expected = fresh(client, url)  # first: the cached request may write (read marker)
            cached = client.get(url)
            if cached.status_code != 200:
                continue  # a suspended member is logged out; a moved thread 404s alike
            if _normal(cached.content) != expected:
                differing.append(f"{viewer} {url}")
    assert differing == [], f"after {name}, the cache serves stale pages: {differing}"
