"""forum.emails: reply and mention emails, sent in the background after the commit, and the
daily digest."""

import datetime
import io
from http import HTTPStatus

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client

from accounts import services as account_services
from accounts.email import sending as account_emails
from accounts.models import EmailDelivery, User
from forum import emails, services
from forum.models import Notification
from tests import factories

SITE = "https://holdfast.example"
# 06:00 UTC on a Monday: before the digest hour in London (07:00 BST), after it in Tokyo.
MORNING = datetime.datetime(2026, 6, 15, 6, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.HOLDFAST_SITE_URL = SITE


def reply(author, thread, body="You're not alone in this.", **kwargs):
    return factories.make_reply(author=author, thread=thread, body=body, **kwargs)


def sent_to(member):
    return [m for m in mail.outbox if m.to == [f"{member.username}@example.org"]]


# --- Replies and mentions as they happen ------------------------------------------------------


def test_reply_email_to_the_thread_author_watching_it(
    member, other_member, thread, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post = reply(other_member, thread)
    [message] = mail.outbox
    assert message.to == ["rowan@example.org"]
    assert message.subject == "[Holdfast] sasha replied in “Day one again”"
    assert "You're not alone in this." in message.body
    assert f"{SITE}{post.get_absolute_url()}" in message.body
    html = message.alternatives[0].content
    assert f'href="{SITE}{post.get_absolute_url()}"' in html
    assert "You&#x27;re not alone in this." in html


def test_reply_email_carries_the_unsubscribe_headers_for_replies(
    member, other_member, thread, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reply(other_member, thread)
    headers = mail.outbox[0].extra_headers
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = headers["List-Unsubscribe"].removeprefix(f"<{SITE}/email/unsubscribe/")[:-2]
    assert account_emails.read_unsubscribe_token(token) == (member.pk, account_emails.REPLIES)


def test_reply_to_a_post_says_so(member, other_member, thread, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reply(other_member, thread, reply_to=thread.posts.get(number=1))
    assert mail.outbox[0].subject == "[Holdfast] sasha replied to your post in “Day one again”"


def test_reply_email_not_sent_when_replies_are_off(
    member, other_member, thread, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=member.pk).update(email_replies=False)
    with django_capture_on_commit_callbacks(execute=True):
        reply(other_member, thread)
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=member).count() == 1  # still on the site


def test_reply_email_waits_for_the_digest(
    member, other_member, thread, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=member.pk).update(email_delivery=EmailDelivery.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        reply(other_member, thread)
    assert mail.outbox == []


def test_no_email_about_ones_own_reply(member, thread, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reply(member, thread)
    assert mail.outbox == []


def test_reply_email_only_after_the_commit(
    member, other_member, thread, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reply(other_member, thread)
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_no_email_about_someone_blocked_before_the_email_goes(
    member, other_member, thread, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reply(other_member, thread, body="Words from someone rowan blocks.")
    services.block_member(blocker=member, blocked=other_member)
    for callback in callbacks:
        callback()
    assert not any("Words from someone" in m.body for m in mail.outbox)
    assert mail.outbox == []


def test_no_email_about_a_post_hidden_before_the_email_goes(
    member, other_member, thread, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post = reply(other_member, thread)
    services.hide_post(post=post, reason="Unkind.")
    for callback in callbacks:
        callback()
    assert mail.outbox == []


def test_no_email_about_a_notification_already_read(
    member, other_member, thread, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reply(other_member, thread)
    services.mark_notifications_read(member=member)
    for callback in callbacks:
        callback()
    assert mail.outbox == []


def test_no_email_to_an_unverified_or_inactive_member(
    db, other_member, category, django_capture_on_commit_callbacks
):
    unverified = factories.make_member(username="unverified", verified=False)
    inactive = factories.make_member(username="inactive")
    first = factories.make_thread(author=unverified, category=category)
    second = factories.make_thread(author=inactive, category=category)
    User.objects.filter(pk=inactive.pk).update(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        reply(other_member, first)
        reply(other_member, second)
    assert mail.outbox == []


def test_mention_email_sent_when_on(
    member, other_member, thread, django_capture_on_commit_callbacks
):
    third = factories.make_member(username="jules")
    with django_capture_on_commit_callbacks(execute=True):
        reply(other_member, thread, body="@jules you said this helped you too.")
    [message] = sent_to(third)
    assert message.subject == "[Holdfast] sasha mentioned you in “Day one again”"
    token = message.extra_headers["List-Unsubscribe"].removeprefix(f"<{SITE}/email/unsubscribe/")[
        :-2
    ]
    assert account_emails.read_unsubscribe_token(token) == (third.pk, account_emails.MENTIONS)
    assert len(sent_to(member)) == 1  # the thread's author hears of the reply, once


def test_mention_email_not_sent_when_off(
    member, other_member, thread, django_capture_on_commit_callbacks
):
    third = factories.make_member(username="jules", email_mentions=False)
    with django_capture_on_commit_callbacks(execute=True):
        reply(other_member, thread, body="@jules you said this helped you too.")
    assert sent_to(third) == []


def test_mention_added_by_an_edit_is_emailed(
    member, other_member, thread, django_capture_on_commit_callbacks
):
    post = reply(other_member, thread)
    third = factories.make_member(username="jules")
    with django_capture_on_commit_callbacks(execute=True):
        services.edit_post(editor=other_member, post=post, body="And @jules, thank you.")
    assert [m.subject for m in sent_to(third)] == [
        "[Holdfast] sasha mentioned you in “Day one again”"
    ]


def test_unsubscribe_link_from_a_reply_email_stops_replies_only(
    member, other_member, thread, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reply(other_member, thread)
    link = mail.outbox[0].extra_headers["List-Unsubscribe"][1:-1].removeprefix(SITE)
    assert Client().post(link).status_code == HTTPStatus.OK
    member.refresh_from_db()
    assert (member.email_replies, member.email_mentions) == (False, True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply(other_member, thread, body="Another reply.")
    assert mail.outbox == []


# --- The daily digest -------------------------------------------------------------------------


@pytest.fixture
def digest_member(member):
    """rowan, in London, who chose the daily digest the evening before MORNING."""
    User.objects.filter(pk=member.pk).update(time_zone="Europe/London")
    member.refresh_from_db()
    account_emails.update_email_preferences(
        member=member,
        email_replies=True,
        email_mentions=True,
        email_moderation=True,
        email_milestones=True,
        email_delivery=EmailDelivery.DIGEST,
        now=MORNING - datetime.timedelta(hours=12),
    )
    return member


def test_digest_gathers_the_days_notifications_in_one_email(
    digest_member, other_member, thread, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reply(other_member, thread, body="First reply.", now=MORNING - datetime.timedelta(hours=3))
        reply(other_member, thread, body="Second reply.", now=MORNING - datetime.timedelta(hours=2))
    assert mail.outbox == []  # nothing as it happens
    assert emails.send_digests(now=MORNING + datetime.timedelta(hours=1)) == 1
    [message] = mail.outbox
    assert message.subject == "[Holdfast] Your day on Holdfast: 2 new notifications"
    assert "First reply." in message.body and "Second reply." in message.body
    assert f"{SITE}/notifications/" in message.body
    token = message.extra_headers["List-Unsubscribe"].removeprefix(f"<{SITE}/email/unsubscribe/")[
        :-2
    ]
    assert account_emails.read_unsubscribe_token(token) == (digest_member.pk, "digest")


def test_digest_is_sent_once_a_day_however_often_it_runs(digest_member, other_member, thread):
    reply(other_member, thread, now=MORNING - datetime.timedelta(hours=3))
    later = MORNING + datetime.timedelta(hours=1)
    assert emails.send_digests(now=later) == 1
    assert emails.send_digests(now=later) == 0
    reply(other_member, thread, body="Later that day.", now=later + datetime.timedelta(hours=1))
    assert emails.send_digests(now=later + datetime.timedelta(hours=5)) == 0
    assert len(mail.outbox) == 1
    # The next morning the new reply comes, and the first one does not come again.
    assert emails.send_digests(now=later + datetime.timedelta(days=1)) == 1
    assert "Later that day." in mail.outbox[1].body
    assert "You're not alone" not in mail.outbox[1].body


def test_digest_waits_for_the_morning_on_the_members_clock(digest_member, other_member, thread):
    reply(other_member, thread, now=MORNING - datetime.timedelta(hours=3))
    # 06:00 UTC is 07:00 in London (summer time): due. 05:30 UTC is 06:30 there: not yet.
    assert emails.send_digests(now=MORNING - datetime.timedelta(minutes=30)) == 0
    User.objects.filter(pk=digest_member.pk).update(time_zone="America/New_York")
    assert emails.send_digests(now=MORNING) == 0  # 02:00 in New York
    assert emails.send_digests(now=MORNING + datetime.timedelta(hours=5)) == 1  # 07:00


def test_digest_not_sent_when_there_is_nothing_new(digest_member):
    assert emails.send_digests(now=MORNING + datetime.timedelta(hours=1)) == 0
    assert mail.outbox == []


def test_digest_leaves_out_someone_blocked(digest_member, other_member, thread):
    third = factories.make_member(username="jules")
    reply(other_member, thread, body="Words from sasha.", now=MORNING - datetime.timedelta(hours=3))
    reply(third, thread, body="Words from jules.", now=MORNING - datetime.timedelta(hours=2))
    services.block_member(blocker=digest_member, blocked=other_member)
    assert emails.send_digests(now=MORNING + datetime.timedelta(hours=1)) == 1
    assert "Words from jules." in mail.outbox[0].body
    assert "Words from sasha." not in mail.outbox[0].body
    assert "Words from sasha." not in mail.outbox[0].alternatives[0].content


def test_digest_respects_the_switch_for_each_kind(digest_member, other_member, thread):
    User.objects.filter(pk=digest_member.pk).update(email_replies=False)
    factories.make_member(username="jules")
    reply(other_member, thread, body="Plain reply.", now=MORNING - datetime.timedelta(hours=3))
    reply(other_member, thread, body="@rowan look.", now=MORNING - datetime.timedelta(hours=2))
    assert emails.send_digests(now=MORNING + datetime.timedelta(hours=1)) == 1
    assert "@rowan look." in mail.outbox[0].body
    assert "Plain reply." not in mail.outbox[0].body


def test_digest_includes_a_milestone(digest_member):
    account_services.start_streak(
        member=digest_member,
        started_on=datetime.date(2026, 6, 8),
        now=MORNING - datetime.timedelta(hours=1),
    )
    assert emails.send_digests(now=MORNING + datetime.timedelta(hours=1)) == 1
    assert mail.outbox[0].subject == "[Holdfast] Your day on Holdfast: a 7-day milestone"


def test_digest_not_for_members_who_chose_otherwise(member, other_member, thread):
    reply(other_member, thread, now=MORNING - datetime.timedelta(hours=3))
    assert emails.send_digests(now=MORNING + datetime.timedelta(hours=1)) == 0
    User.objects.filter(pk=member.pk).update(email_delivery=EmailDelivery.NEVER)
    assert emails.send_digests(now=MORNING + datetime.timedelta(hours=1)) == 0
    assert mail.outbox == []


def test_digest_unsubscribe_link_stops_the_digest(digest_member, other_member, thread):
    reply(other_member, thread, now=MORNING - datetime.timedelta(hours=3))
    emails.send_digests(now=MORNING + datetime.timedelta(hours=1))
    link = mail.outbox[0].extra_headers["List-Unsubscribe"][1:-1].removeprefix(SITE)
    Client().post(link)
    digest_member.refresh_from_db()
    assert digest_member.email_delivery == EmailDelivery.NEVER
    assert digest_member.email_replies is True


def test_send_digests_command_is_idempotent(digest_member, other_member, thread, capsys):
    reply(other_member, thread, now=MORNING - datetime.timedelta(hours=3))
    when = (MORNING + datetime.timedelta(hours=1)).isoformat()
    call_command("send_digests", "--now", when)
    call_command("send_digests", "--now", when)
    assert len(mail.outbox) == 1
    assert capsys.readouterr().out.splitlines() == ["1 digest sent.", "0 digests sent."]


def test_send_digests_command_refuses_a_bad_time(db):
    with pytest.raises(CommandError, match="--now"):
        call_command("send_digests", "--now", "yesterday")


def test_send_digests_task_sends_the_due_digests(digest_member, other_member, thread):
    reply(other_member, thread, now=MORNING - datetime.timedelta(hours=3))
    with time_machine.travel(MORNING + datetime.timedelta(hours=1), tick=False):
        result = emails.send_digests_task.enqueue()
    assert result.return_value == 1
    assert len(mail.outbox) == 1


def test_email_html_escapes_what_members_wrote(
    member, category, django_capture_on_commit_callbacks
):
    author = factories.make_member(username="mallory", display_name="<b>Mal</b>")
    thread = factories.make_thread(author=member, category=category, title="<script>x</script>")
    with django_capture_on_commit_callbacks(execute=True):
        reply(author, thread, body='<img src=x onerror="alert(1)"> hello')
    html = mail.outbox[0].alternatives[0].content
    assert "<script>" not in html and "<b>Mal</b>" not in html and "<img" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert "&lt;b&gt;Mal&lt;/b&gt;" in html


@pytest.fixture
def database_queue(settings):
    """TASKS_BACKEND=database, as in production: tasks wait in django-tasks-db's table."""
    from django.tasks import task_backends

    def reset():  # the handler reads TASKS once; start it afresh (as at start-up)
        task_backends.__dict__.pop("settings", None)
        task_backends.__init__()

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    reset()
    yield
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    reset()


# Transactional: the worker opens its own connections, which a test's atomic block forbids.
@pytest.mark.django_db(transaction=True)
def test_reply_email_waits_in_the_database_queue_for_the_worker(
    database_queue, member, other_member, thread
):
    from django_tasks_db.models import DBTaskResult

    reply(other_member, thread)  # commits, so the task is queued for real
    assert mail.outbox == []  # queued, not sent inside the request
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "forum.emails.send_notification_emails"
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [["rowan@example.org"]]


def test_digest_mail_outage_queued_and_delivered_once_after(
    digest_member, other_member, thread, monkeypatch
):
    from django.core.mail.backends.locmem import EmailBackend

    reply(other_member, thread, now=MORNING - datetime.timedelta(hours=3))
    later = MORNING + datetime.timedelta(hours=1)

    def refuse(self, messages):
        raise ConnectionRefusedError("the mail server is down")

    with monkeypatch.context() as patched:
        patched.setattr(EmailBackend, "send_messages", refuse)
        # The digest is queued (outbox) although the mail server is down: the day is kept,
        # and a second run the same day queues nothing more.
        assert emails.send_digests(now=later) == 1
        assert emails.send_digests(now=later + datetime.timedelta(hours=1)) == 0
    assert mail.outbox == []
    # The server is back: the next sweep after the first retry's minute delivers it, once.
    with time_machine.travel(datetime.timedelta(minutes=2)):
        call_command("send_queued_mail", stdout=io.StringIO())
        call_command("send_queued_mail", stdout=io.StringIO())
    [message] = mail.outbox
    assert "You're not alone in this." in message.body


def test_digest_one_email_for_each_member_who_chose_it(digest_member, other_member, thread):
    jules = factories.make_member(username="jules", time_zone="Europe/London")
    account_emails.update_email_preferences(
        member=jules,
        email_replies=True,
        email_mentions=True,
        email_moderation=True,
        email_milestones=True,
        email_delivery=EmailDelivery.DIGEST,
        now=MORNING - datetime.timedelta(hours=12),
    )
    services.set_watching(member=jules, thread=thread, watching=True)
    reply(other_member, thread, now=MORNING - datetime.timedelta(hours=3))
    reply(other_member, thread, now=MORNING - datetime.timedelta(hours=2))
    assert emails.send_digests(now=MORNING + datetime.timedelta(hours=1)) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["jules@example.org", "rowan@example.org"]
