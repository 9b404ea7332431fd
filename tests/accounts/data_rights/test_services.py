"""Specification of accounts.data_rights (with its forum and moderation receivers): deleting an
account erases every kind of personal data, keeps or removes posts as the member chose, keeps
their reports without their identity, and leaves nothing findable by their name; the export
holds everything they wrote and nothing that names anyone else."""

import datetime
import json
import re
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.data_rights import selectors
from accounts.data_rights import services as data_rights
from accounts.models import (
    CheckIn,
    ContactEvent,
    DataExport,
    MilestoneAward,
    Streak,
    UnsentMessage,
    UrgeReason,
    User,
)
from accounts.streaks.services import triggers, urges
from forum import search
from forum import services as forum_services
from forum.models import (
    Block,
    Category,
    Notification,
    Post,
    Reaction,
    Thread,
    ThreadRead,
    ThreadSubscription,
)
from moderation import actions as moderation_services
from moderation.models import ExName, MemberWarning, ModerationAction
from tests import factories
from tests.moderation.conftest import establish

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.fixture
def rowan(member):
    """rowan, with a display name, a bio and one of everything private."""
    User.objects.filter(pk=member.pk).update(display_name="Rowan Ash", bio="Day by day.")
    member.refresh_from_db()
    services.start_streak(
        member=member, started_on=datetime.date.today() - datetime.timedelta(days=8)
    )
    services.check_in(member=member, mood=3, note="A hard morning")
    services.log_contact_event(member=member, kind="they_reached_out_no_reply", note="He texted")
    services.add_urge_reason(member=member, text="I deserve calm")
    urges.hold_urge(member=member)
    triggers.log_contact_with_triggers(
        member=member, kind="looked_at_profile", triggers=["late-night"]
    )
    services.save_unsent_message(member=member, body="I miss you, but no.")
    moderation_services.add_ex_name(member=member, name="Jordan")
    Authenticator.objects.create(user=member, type=Authenticator.Type.TOTP, data={})
    return member


@pytest.fixture
def forum_life(rowan, other_member, moderator):
    """rowan's thread answered by sasha, rowan's thread nobody answered, rowan's reply in
    sasha's thread; reactions, reads, a block, a notification and moderators' actions."""
    category = factories.make_category(name="Moving on", slug="moving-on")
    answered = factories.make_thread(
        author=rowan, category=category, title="Week two zephyrine", body="Opening quixotic"
    )
    factories.make_reply(author=other_member, thread=answered, body="Proud of you")
    lonely = factories.make_thread(
        author=rowan, category=category, title="Nobody answered", body="Echoing alone"
    )
    theirs = factories.make_thread(author=other_member, category=category, title="Sasha's day")
    reply = factories.make_reply(author=rowan, thread=theirs, body="Hold on, friend")
    sasha_post = theirs.posts.get(number=1)
    forum_services.toggle_reaction(member=rowan, post=sasha_post, kind="helped")
    forum_services.mark_thread_read(member=rowan, thread=theirs, up_to=2)
    forum_services.block_member(blocker=rowan, blocked=other_member)
    moderation_services.warn_member(moderator=moderator, member=rowan, message="Be gentle.")
    moderation_services.hide_post(moderator=moderator, post=reply, reason="Too much")
    return {
        "category": category,
        "answered": answered,
        "lonely": lonely,
        "theirs": theirs,
        "reply": reply,
        "sasha_post": sasha_post,
    }


def _delete(member, *, keep_posts):
    data_rights.delete_member(member=member, keep_posts=keep_posts)


# --- Deleting an account: personal data ------------------------------------------------------


def test_delete_member_erases_every_kind_of_personal_data(rowan, forum_life):
    pk = rowan.pk
    _delete(rowan, keep_posts=True)
    assert not User.objects.filter(pk=pk).exists()
    for model, field in [
        (EmailAddress, "user_id"),
        (Authenticator, "user_id"),
        (Streak, "member_id"),
        (CheckIn, "member_id"),
        (ContactEvent, "member_id"),
        (MilestoneAward, "member_id"),
        (UrgeReason, "member_id"),
        (UnsentMessage, "member_id"),
        (ExName, "owner_id"),
        (MemberWarning, "member_id"),
        (Reaction, "member_id"),
        (ThreadRead, "member_id"),
        (ThreadSubscription, "member_id"),
        (Notification, "recipient_id"),
        (Block, "blocker_id"),
        (DataExport, "member_id"),
    ]:
        assert not model.objects.filter(**{field: pk}).exists(), model.__name__
    assert not EmailAddress.objects.filter(email="rowan@example.org").exists()


def test_delete_member_forgets_their_emails_in_the_smtp_outbox(rowan, other_member):
    from outbox.models import OutgoingEmail
    from outbox.services import queue_email

    for key, to in [("theirs", "rowan@example.org"), ("sashas", "sasha@example.org")]:
        queue_email(to=to, subject="A reply", text="Words of a post", idempotency_key=key)
    _delete(rowan, keep_posts=True)
    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == ["sasha@example.org"]


def test_delete_member_takes_back_their_reactions_counts(rowan, forum_life):
    assert Post.objects.get(pk=forum_life["sasha_post"].pk).helped_count == 1
    _delete(rowan, keep_posts=True)
    assert Post.objects.get(pk=forum_life["sasha_post"].pk).helped_count == 0


def test_delete_member_keeping_posts_leaves_them_as_former_member(rowan, forum_life):
    reply = forum_life["reply"]
    _delete(rowan, keep_posts=True)
    reply.refresh_from_db()
    assert reply.author is None and reply.body == "Hold on, friend"
    answered = Thread.objects.get(pk=forum_life["answered"].pk)
    assert answered.author is None and answered.title == "Week two zephyrine"
    assert Thread.objects.filter(pk=forum_life["lonely"].pk).exists()


def test_delete_member_removing_posts_erases_their_text(rowan, forum_life):
    _delete(rowan, keep_posts=False)
    reply = Post.objects.get(pk=forum_life["reply"].pk)
    assert (reply.body, reply.body_html, reply.body_text) == ("", "", "")
    assert reply.deleted_at is not None and reply.deleted_by_author
    assert not reply.revisions.exists()
    # Answered by someone else: the thread stays for their sake, without rowan's title.
    answered = Thread.objects.get(pk=forum_life["answered"].pk)
    assert answered.title == "Removed by its author"
    assert answered.posts.get(number=1).body == ""
    assert answered.posts.get(number=2).body == "Proud of you"
    # Nobody else wrote in it: gone entirely.
    assert not Thread.objects.filter(pk=forum_life["lonely"].pk).exists()


def test_delete_member_removing_posts_recounts_threads_and_category(rowan, forum_life):
    _delete(rowan, keep_posts=False)
    category = Category.objects.get(pk=forum_life["category"].pk)
    # Left: "answered" (sasha's reply; rowan's opening removed) and sasha's own thread
    # (sasha's opening; rowan's reply removed and hidden anyway).
    assert (category.thread_count, category.post_count) == (2, 2)
    answered = Thread.objects.get(pk=forum_life["answered"].pk)
    assert answered.reply_count == 1 and answered.last_post.author_id is not None
    assert Thread.objects.get(pk=forum_life["theirs"].pk).reply_count == 0


def _search(words) -> list[int]:
    return [hit.post.pk for hit in search.RankedSearch(words, AnonymousUser())[0:20]]


def test_delete_member_removing_posts_leaves_nothing_findable_by_their_name(rowan, forum_life):
    signed = factories.make_reply(
        author=rowan, thread=forum_life["theirs"], body="Sending love, Rowan Ash"
    )
    assert _search("Rowan Ash") == [signed.pk] and _search("zephyrine")
    _delete(rowan, keep_posts=False)
    for words in ["rowan", "Rowan Ash", "zephyrine", "quixotic", "Echoing"]:
        assert _search(words) == [], words


@pytest.mark.parametrize("keep_posts", [True, False])
def test_delete_member_pages_by_their_name_are_gone(rowan, forum_life, keep_posts):
    client = Client()
    urls = [
        reverse("accounts:profile", args=["rowan"]),
        reverse("accounts:streak_badge", args=["rowan"]),
        reverse("forum:member_posts", args=["rowan"]),
    ]
    assert [client.get(url).status_code for url in urls] == [HTTPStatus.OK] * 3
    _delete(rowan, keep_posts=keep_posts)
    assert [client.get(url).status_code for url in urls] == [HTTPStatus.NOT_FOUND] * 3
    # Kept posts are still found by their words, under no name.
    opening = forum_life["answered"].posts.get(number=1).pk
    assert _search("quixotic") == ([opening] if keep_posts else [])


def test_delete_member_drops_their_cached_profile(rowan, client):
    url = reverse("accounts:profile", args=["rowan"])
    assert client.get(url).status_code == HTTPStatus.OK
    _delete(rowan, keep_posts=True)
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_every_reference_to_a_member_lets_their_row_go():
    """A new foreign key to the member that PROTECTs (or does nothing) would make deleting an
    account fail, or leave a dangling row: each must CASCADE (their private data) or SET_NULL
    (what stays, without their name)."""
    from django.apps import apps
    from django.db import models

    references = [
        (model._meta.label, field.name, field.remote_field.on_delete)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is User
    ]
    assert len(references) >= 25
    assert [r for r in references if r[2] not in (models.CASCADE, models.SET_NULL)] == []


# --- Deleting an account: moderation ---------------------------------------------------------


def test_delete_member_keeps_their_reports_without_their_identity(rowan, forum_life):
    establish(rowan)
    report = moderation_services.report_post(
        reporter=rowan,
        post=forum_life["sasha_post"],
        reason="spam",
        note="Selling things to me, rowan",
    )
    _delete(rowan, keep_posts=True)
    report.refresh_from_db()
    assert report.reporter is None and report.status == "open"
    assert report.note == "Selling things to me, a former member"
    assert not report.is_automatic  # a former member's report, not the site's


def test_report_is_automatic_from_its_source(forum_life, other_member):
    crisis = moderation_services.open_crisis_report(
        post=forum_life["sasha_post"], phrases=["hurt myself"]
    )
    member_report = moderation_services.report_post(
        reporter=other_member, post=forum_life["reply"], reason="spam"
    )
    assert crisis.is_automatic and not member_report.is_automatic


def test_delete_member_rewrites_audit_snapshots_of_their_name(rowan, forum_life, moderator):
    moderation_services.silence_member(
        moderator=moderator,
        member=rowan,
        until=NOW + datetime.timedelta(days=1),
        reason="Calm down, @Rowan; Rowan Ash was told. Rowanberry is fine.",
    )
    texts = ModerationAction.objects.filter(member=rowan).values_list("target_text", flat=True)
    assert any("Rowan Ash" in text for text in texts)
    count = ModerationAction.objects.count()
    _delete(rowan, keep_posts=True)
    assert ModerationAction.objects.count() == count  # every action stays
    for action in ModerationAction.objects.all():
        assert "Rowan Ash" not in action.target_text and "rowan" not in action.target_text
    hidden = ModerationAction.objects.get(action="hide_post")
    assert hidden.target_text.startswith("Post #2 by a former member in “Sasha's day”")
    assert "Hold on, friend" in hidden.target_text  # kept posts keep their words
    assert hidden.reason == "Too much" and hidden.moderator == moderator
    silenced = ModerationAction.objects.get(action="silence_member")
    assert silenced.reason == (
        "Calm down, a former member; a former member was told. Rowanberry is fine."
    )


def test_delete_member_removing_posts_erases_their_words_from_the_audit_log(rowan, forum_life):
    _delete(rowan, keep_posts=False)
    hidden = ModerationAction.objects.get(action="hide_post")
    assert "Hold on" not in hidden.target_text
    assert "removed by its author" in hidden.target_text


def test_audit_log_stays_append_only_after_the_bypass(rowan, forum_life):
    _delete(rowan, keep_posts=True)
    with pytest.raises(ModerationAction.AppendOnly):
        ModerationAction.objects.update(reason="")


def test_delete_member_removing_posts_closes_open_reports_on_them(rowan, forum_life, staff):
    report = moderation_services.report_post(
        reporter=staff, post=forum_life["answered"].posts.get(number=1), reason="spam"
    )
    _delete(rowan, keep_posts=False)
    report.refresh_from_db()
    assert report.status == "resolved" and "deleted their account" in report.outcome


def test_delete_member_is_all_or_nothing(rowan, forum_life, monkeypatch):
    def fail(**kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(User, "delete", lambda self: fail())
    with pytest.raises(RuntimeError):
        _delete(rowan, keep_posts=False)
    assert User.objects.filter(pk=rowan.pk).exists()
    assert Post.objects.get(pk=forum_life["reply"].pk).body == "Hold on, friend"
    assert ExName.objects.filter(owner=rowan).exists()


# --- Sessions --------------------------------------------------------------------------------


def test_delete_member_ends_every_session_of_theirs(rowan, other_member, client_for):
    from django.contrib.sessions.models import Session

    first, second, someone_else = client_for(rowan), client_for(rowan), client_for(other_member)
    assert Session.objects.count() == 3
    _delete(rowan, keep_posts=True)
    assert list(Session.objects.values_list("session_key", flat=True)) == [
        someone_else.session.session_key
    ]
    for client in (first, second):
        response = client.get(reverse("accounts:data_export"))
        assert response.status_code == HTTPStatus.FOUND  # to the log-in page


def test_delete_member_forgets_cached_db_sessions(
    rowan, settings, django_capture_on_commit_callbacks
):
    from django.contrib.sessions.backends import cached_db
    from django.core.cache import cache

    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    store = cached_db.SessionStore()
    store["_auth_user_id"] = str(rowan.pk)
    store.save()
    key = store.session_key
    assert cache.get(cached_db.KEY_PREFIX + key) is not None
    with django_capture_on_commit_callbacks(execute=True):
        _delete(rowan, keep_posts=True)
    assert cache.get(cached_db.KEY_PREFIX + key) is None
    assert cached_db.SessionStore(session_key=key).load() == {}


# --- Export ----------------------------------------------------------------------------------


def test_collect_member_data_holds_everything_they_wrote(rowan, forum_life, other_member):
    establish(rowan)
    moderation_services.report_member(
        reporter=rowan, member=other_member, reason="harassment", note="Unkind messages"
    )
    lonely_opening = forum_life["lonely"].posts.get(number=1)
    forum_services.edit_post(editor=rowan, post=lonely_opening, body="Echoing, and edited")
    data = data_rights.collect_member_data(rowan)
    assert data["profile"]["username"] == "rowan"
    assert data["profile"]["email_addresses"] == ["rowan@example.org"]
    assert data["profile"]["display_name"] == "Rowan Ash"
    assert data["profile"]["bio"] == "Day by day."
    assert data["profile"]["emails_about_replies"] is True
    assert data["check_ins"][0]["note"] == "A hard morning"
    assert data["contact_events"][0]["note"] == "He texted"
    assert data["streaks"][0]["ended_on"] is None
    assert [m["days"] for m in data["milestones"]] == [1, 3, 7]
    assert data["sos_reasons"] == ["I deserve calm"]
    assert len(data["urges_held"]) == 1  # issue 16: the urges held are theirs too
    assert [t["trigger"] for t in data["trigger_tags"]] == ["Late night"]
    assert data["unsent_messages"][0]["text"] == "I miss you, but no."
    assert data["ex_names"] == ["Jordan"]
    assert [t["title"] for t in data["threads"]] == ["Week two zephyrine", "Nobody answered"]
    assert {(p["thread"], p["text"]) for p in data["posts"]} == {
        ("Week two zephyrine", "Opening quixotic"),
        ("Nobody answered", "Echoing, and edited"),
        ("Sasha's day", "Hold on, friend"),
    }
    assert data["reactions"] == [{"thread": "Sasha's day", "reaction": "This helped"}]
    assert [(v["thread"], v["text"]) for v in data["earlier_versions"]] == [
        ("Nobody answered", "Echoing alone")
    ]
    assert data["reports_filed"][0]["about"] == "A member"
    assert data["reports_filed"][0]["note"] == "Unkind messages"
    assert data["warnings_received"][0]["message"] == "Be gentle."


def test_collect_member_data_names_no_other_member(rowan, forum_life, other_member, moderator):
    establish(rowan)
    moderation_services.report_member(reporter=rowan, member=other_member, reason="spam")
    text = json.dumps(data_rights.collect_member_data(rowan))
    for someone in (other_member, moderator):
        assert someone.username not in text
        assert someone.email not in text
    assert "Proud of you" not in text  # sasha's reply in rowan's thread


def test_collect_member_data_leaves_out_other_members_private_data(rowan, other_member):
    services.check_in(member=other_member, note="Sasha's private note")
    services.save_unsent_message(member=other_member, body="Sasha's letter")
    text = json.dumps(data_rights.collect_member_data(rowan))
    assert "Sasha's private note" not in text and "Sasha's letter" not in text


def test_request_export_builds_a_small_account_at_once(rowan):
    export = data_rights.request_export(member=rowan)
    assert export.is_ready and export.payload["sos_reasons"] == ["I deserve calm"]
    assert export.expires_at - export.created_at == datetime.timedelta(days=7)


def test_request_export_queues_a_large_account_as_a_task(
    rowan, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(data_rights, "LARGE_ACCOUNT_ROWS", 0)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        export = data_rights.request_export(member=rowan)
    assert export.is_pending and export.payload is None
    assert len(callbacks) == 1
    callbacks[0]()  # the task (the immediate backend runs it as it is enqueued)
    export.refresh_from_db()
    assert export.is_ready and export.payload["unsent_messages"]


def test_request_export_twice_while_preparing_makes_one(rowan, monkeypatch):
    monkeypatch.setattr(data_rights, "LARGE_ACCOUNT_ROWS", 0)
    first = data_rights.request_export(member=rowan)
    assert data_rights.request_export(member=rowan) == first
    assert DataExport.objects.count() == 1


def test_request_export_gives_up_on_a_copy_lost_in_the_queue(rowan, monkeypatch):
    monkeypatch.setattr(data_rights, "LARGE_ACCOUNT_ROWS", 0)
    lost = data_rights.request_export(member=rowan, now=NOW - datetime.timedelta(hours=2))
    fresh = data_rights.request_export(member=rowan, now=NOW)
    assert fresh != lost and fresh.is_pending
    lost.refresh_from_db()
    assert lost.status == DataExport.Status.FAILED


def test_build_export_marks_a_failure_kindly(rowan, monkeypatch):
    monkeypatch.setattr(data_rights, "LARGE_ACCOUNT_ROWS", 0)
    export = data_rights.request_export(member=rowan)

    def broken(member, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(data_rights, "collect_member_data", broken)
    data_rights.build_export(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == DataExport.Status.FAILED


def test_get_export_for_is_the_same_404_for_others_missing_and_expired(rowan, other_member):
    from django.http import Http404

    export = data_rights.request_export(member=rowan)
    assert selectors.get_export_for(rowan, export.pk) == export
    later = export.expires_at + datetime.timedelta(seconds=1)
    for who, export_id, now in [
        (other_member, export.pk, None),
        (AnonymousUser(), export.pk, None),
        (rowan, "00000000-0000-0000-0000-000000000000", None),
        (rowan, export.pk, later),
    ]:
        with pytest.raises(Http404):
            selectors.get_export_for(who, export_id, now=now)


def test_exports_of_hides_expired_exports_and_deletes_nothing(rowan):
    fresh = data_rights.request_export(member=rowan, now=NOW)
    old = DataExport.objects.create(
        member=rowan,
        created_at=NOW - datetime.timedelta(days=8),
        expires_at=NOW - datetime.timedelta(days=1),
    )
    assert [e.pk for e in selectors.exports_of(rowan, now=NOW)] == [fresh.pk]
    assert DataExport.objects.filter(pk=old.pk).exists()  # a read never writes


def test_exports_expire_after_seven_days_pruned_on_a_new_request_and_by_command(
    rowan, other_member
):
    old = data_rights.request_export(member=rowan, now=NOW - datetime.timedelta(days=8))
    fresh = data_rights.request_export(member=rowan, now=NOW)
    assert not DataExport.objects.filter(pk=old.pk).exists()
    data_rights.request_export(member=other_member, now=NOW - datetime.timedelta(days=8))
    call_command("prune_exports")
    assert list(DataExport.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_readable_sections_label_every_section(rowan, forum_life):
    payload = data_rights.collect_member_data(rowan)
    sections = {s["key"]: s for s in selectors.readable_sections(payload)}
    assert sections["posts"]["title"] == "Your posts"
    assert sections["sos_reasons"]["rows"] == [{"text": "I deserve calm"}]
    assert ("Note", "A hard morning") in sections["check_ins"]["rows"][0]["pairs"]
    assert "format" not in sections
    written = dict(sections["posts"]["rows"][0]["pairs"])["Written at"]
    assert re.fullmatch(r"\d{1,2} \w{3} \d{4}, \d\d:\d\d UTC", written)


@pytest.mark.parametrize("posts", [1, 25])
def test_collect_member_data_query_count(rowan, other_member, posts, django_assert_num_queries):
    establish(rowan)
    thread = factories.make_thread(author=other_member)
    opening = thread.posts.get(number=1)
    forum_services.toggle_reaction(member=rowan, post=opening, kind="helped")
    moderation_services.report_post(reporter=rowan, post=opening, reason="spam")
    for n in range(posts):
        factories.make_reply(author=rowan, thread=thread, body=f"Reply {n}")
    # One query per section whatever its length: email addresses, streaks, check-ins,
    # contact events, milestones, urges held, trigger tags, reasons, unsent messages, risky
    # dates, buddy pings, push devices and quiet hours (13, accounts); threads, posts, earlier
    # versions, watched threads, reactions, pledges (6, forum);
    # reports, names, warnings, care messages, messages with the moderators, appeals
    # (6, moderation).
    with django_assert_num_queries(25):
        data_rights.collect_member_data(rowan)


@pytest.mark.parametrize("posts", [1, 12])
# The care loop's tables add their cascades (care messages to and from them, the moment
# each was last emailed about a thread, care-item acknowledgements; when their threads go,
# the net's alerts and email windows on those threads): +4 and +6 (55 and 88 with the outbox's two).
# Issue 16's risky dates, daily pledges, urges held and trigger tags cascade from the member's
# row (+4), and when their threads go, a thread's DailyPledge row too (+1): 59 and 93.
# Issue 15's line to the moderators (docs/modmail.md): their conversations and the messages
# in them, the messages naming them as member or author, their appeals and the appeals they
# decided, the staff notes on them and by them (+7): 66 and 100.
# Issue 15's warning choices and thread and category mutes cascade from the member's row
# (+3), and when their threads go, others' mutes of those threads (+1): 69 and 104.
# Issue 16's push devices and quiet hours cascade from the member's row too (+2): 71 and 106.
# Issue 16's buddies (their pairings as inviter and invitee, with those pairings' pings, and the
# finder opt-in) cascade too (+4): 75 and 110.
# Issue 15's anonymous aliases (forum.AnonymousAlias) cascade from the member's row, and from
# the removed threads (a SELECT and a DELETE, whatever their number): 76 and 112.
@pytest.mark.parametrize(("keep_posts", "queries"), [(True, 76), (False, 112)])
def test_delete_member_query_count(
    member, other_member, posts, keep_posts, queries, django_assert_max_num_queries
):
    theirs = factories.make_thread(author=other_member)
    for n in range(posts):
        factories.make_reply(author=member, thread=theirs, body=f"Reply {n}")
        factories.make_thread(author=member, title=f"Nobody answered {n}")
        answered = factories.make_thread(author=member, title=f"Answered {n}")
        factories.make_reply(author=other_member, thread=answered)
    # Bulk statements only, never one per post or thread: the receivers (forum: reactions,
    # reads, subscriptions, notifications, blocks and, when removing, threads, posts,
    # revisions, the search index and counters; moderation: names, warnings, audit rows,
    # their reports' notes), the sessions, the emails to them in the outbox (their addresses,
    # then one DELETE), then the member's row with everything it cascades to.
    with django_assert_max_num_queries(queries):
        data_rights.delete_member(member=member, keep_posts=keep_posts)
