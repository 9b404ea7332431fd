"""Email through a real SMTP server (aiosmtpd, in the test process): what arrives, what a
mail-server outage does to the pages that send mail, and retries. Every test name carries
"smtp", "mail_outage" or "retry", so `pytest -k "smtp or mail_outage or retry"` runs them all.
"""

import datetime
import io
import re
from http import HTTPStatus

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from outbox.models import OutgoingEmail
from outbox.services import queue_email
from tests import factories

SITE = "https://holdfast.example"
SIGNUP = {
    "username": "new_leaf",
    "email": "leaf@example.org",
    "password1": "a long quiet evening",
    "password2": "a long quiet evening",
}
Status = OutgoingEmail.Status


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.HOLDFAST_SITE_URL = SITE


def send_queued_mail():
    out = io.StringIO()
    call_command("send_queued_mail", stdout=out)
    return out.getvalue()


def later(minutes):
    """Travel `minutes` ahead (past the retries' backoff), time standing still there."""
    return time_machine.travel(timezone.now() + datetime.timedelta(minutes=minutes), tick=False)


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", text_of(message)).group(1)


# --- What arrives -----------------------------------------------------------------------------


def test_smtp_reply_email_arrives_with_its_headers(
    smtp_server, member, other_member, thread, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        factories.make_reply(author=other_member, thread=thread, body="You are not alone.")
    [message] = smtp_server.messages
    row = OutgoingEmail.objects.get()
    assert message["To"] == "rowan@example.org"
    assert message["From"] == "Holdfast <no-reply@holdfast.local>"
    assert message["Subject"] == "[Holdfast] sasha replied in “Day one again”"
    # The Message-ID fixed when it was queued, so that every try carries the same one.
    assert message["Message-ID"] == row.headers["Message-ID"]
    assert message["Message-ID"].endswith("@holdfast.local>")
    assert message["List-Unsubscribe"].startswith(f"<{SITE}/email/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Auto-Submitted"] == "auto-generated"
    assert "You are not alone." in text_of(message)
    assert "You are not alone." in message.get_body(preferencelist=("html",)).get_content()
    assert row.status == Status.SENT and row.attempts == 1


def test_smtp_signup_verification_arrives_and_its_link_confirms(smtp_server, db):
    client = Client()
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == HTTPStatus.FOUND
    [message] = smtp_server.messages
    assert message["To"] == "leaf@example.org"
    assert message["From"] == "Holdfast <no-reply@holdfast.local>"
    assert message["Subject"].startswith("[Holdfast] ")
    assert message["Message-ID"]
    client.post(link_in(message))
    assert User.objects.get(username="new_leaf").emailaddress_set.get().verified


# --- A mail-server outage ---------------------------------------------------------------------


def test_mail_outage_signup_answers_and_the_email_arrives_once_the_server_is_back(smtp_server, db):
    smtp_server.stop()
    client = Client()
    response = client.post(reverse("account_signup"), SIGNUP, follow=True)
    assert response.status_code == HTTPStatus.OK
    assert response.redirect_chain[-1][0] == reverse("account_email_verification_sent")
    assert "on its way" in response.content.decode()
    row = OutgoingEmail.objects.get(to="leaf@example.org")
    assert row.status == Status.QUEUED
    assert "Connection refused" in row.last_error

    smtp_server.start()
    with later(2):
        send_queued_mail()
        send_queued_mail()  # the worker running twice sends nothing twice
    [message] = smtp_server.messages
    assert message["To"] == "leaf@example.org"
    client.post(link_in(message))
    assert User.objects.get(username="new_leaf").emailaddress_set.get().verified


def test_mail_outage_password_reset_answers_and_the_email_arrives_once(smtp_server, member):
    smtp_server.stop()
    client = Client()
    response = client.post(
        reverse("account_reset_password"), {"email": "rowan@example.org"}, follow=True
    )
    assert response.status_code == HTTPStatus.OK
    assert "on its way" in response.content.decode()
    assert smtp_server.messages == []

    smtp_server.start()
    with later(2):
        send_queued_mail()
        send_queued_mail()
    [message] = smtp_server.messages
    assert message["To"] == "rowan@example.org"
    page = client.get(link_in(message), follow=True)
    assert page.status_code == HTTPStatus.OK
    response = client.post(
        page.redirect_chain[-1][0],
        {"password1": "a brand new evening", "password2": "a brand new evening"},
    )
    assert response.status_code == HTTPStatus.FOUND
    member.refresh_from_db()
    assert member.check_password("a brand new evening")


def test_mail_outage_pages_that_send_mail_answer_without_error(
    smtp_server, member, other_member, thread, django_capture_on_commit_callbacks
):
    moderator = factories.make_moderator(username="mod_morgan")
    smtp_server.stop()
    author = Client()
    author.force_login(other_member)
    with django_capture_on_commit_callbacks(execute=True):
        # A reply (an email to the thread's author), and a post in crisis (an alert to the
        # moderators), both answered while the mail server is down.
        replied = author.post(
            reverse("forum:reply_create", args=[thread.pk]), {"body": "Hang in there."}
        )
        crisis = author.post(
            reverse("forum:reply_create", args=[thread.pk]),
            {"body": "Honestly I want to kill myself tonight."},
        )
    assert replied.status_code == crisis.status_code == HTTPStatus.FOUND
    # A moderator's decision (an email to the post's author).
    post = thread.posts.order_by("pk").last()
    mod = Client()
    mod.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        hidden = mod.post(
            reverse("moderation:act", args=[f"post:{post.pk}"]),
            {"action": "hide", "reason": "Let's keep this thread safe."},
        )
    assert hidden.status_code == HTTPStatus.FOUND
    expected = [
        "mod_morgan@example.org",  # the crisis alert
        "rowan@example.org",  # the reply, in rowan's thread; the post in crisis right after
        # it waits for the coalesced "new posts in …" email (HOLDFAST_NOTIFY_COALESCE_MINUTES)
        "sasha@example.org",  # the moderators' decision
    ]
    waiting = OutgoingEmail.objects.filter(status=Status.QUEUED)
    assert sorted(waiting.values_list("to", flat=True)) == expected

    smtp_server.start()
    with later(2):
        send_queued_mail()
        send_queued_mail()
    assert sorted(m["To"] for m in smtp_server.messages) == expected


# Transactional: the worker opens its own connections, which a test's atomic block forbids.
@pytest.mark.django_db(transaction=True)
def test_mail_outage_the_database_worker_retries_and_delivers_once(smtp_server, database_queue):
    from django_tasks_db.models import DBTaskResult

    def run_worker():
        call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())

    smtp_server.stop()
    response = Client().post(reverse("account_signup"), SIGNUP)
    assert response.status_code == HTTPStatus.FOUND
    run_worker()  # tries, fails, and queues its retry a minute later
    row = OutgoingEmail.objects.get()
    assert row.status == Status.QUEUED and row.attempts == 1
    assert DBTaskResult.objects.filter(status="READY", run_after=row.next_attempt_at).exists()

    smtp_server.start()
    run_worker()  # the retry is not due yet
    assert smtp_server.messages == []
    with later(2):
        run_worker()
        run_worker()
    [message] = smtp_server.messages
    assert message["To"] == "leaf@example.org"
    row.refresh_from_db()
    assert row.status == Status.SENT and row.attempts == 2


# --- Refusals and retries ---------------------------------------------------------------------


def test_smtp_permanent_rejection_is_recorded_and_not_retried(smtp_server, db):
    smtp_server.handler.refuse_rcpt = "550 5.1.1 No such user here"
    row = queue_email(
        to="gone@example.org", subject="Hello", text="Hello.", idempotency_key="t:gone"
    )
    row.refresh_from_db()
    assert row.status == Status.REJECTED
    assert row.last_error == "Address refused: 550 5.1.1 No such user here"
    with later(60 * 24 * 3):
        send_queued_mail()
    row.refresh_from_db()
    assert row.status == Status.REJECTED and row.attempts == 1
    assert smtp_server.handler.tries == 1


def test_smtp_4xx_is_retried_with_exponential_backoff(smtp_server, db):
    smtp_server.handler.refuse_data = "451 4.3.0 Try again later"
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        row = queue_email(to="a@example.org", subject="Hi", text="Hi.", idempotency_key="t:451")
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (
        Status.QUEUED,
        1,
        "451 4.3.0 Try again later",
    )
    retries = []
    for minutes in [0.5, 1, 2, 3, 6, 7, 14, 15]:
        with time_machine.travel(start + datetime.timedelta(minutes=minutes), tick=False):
            send_queued_mail()
        row.refresh_from_db()
        retries.append(row.attempts)
    # Tried again after 1, then 2, then 4, then 8 minutes; never before it was due.
    assert retries == [1, 2, 2, 3, 3, 4, 4, 5]
    assert row.next_attempt_at == start + datetime.timedelta(minutes=15 + 16)

    smtp_server.handler.refuse_data = None
    with time_machine.travel(row.next_attempt_at, tick=False):
        send_queued_mail()
        send_queued_mail()
    assert len(smtp_server.messages) == 1
    row.refresh_from_db()
    assert row.status == Status.SENT and row.attempts == 6


def test_mail_outage_retry_gives_up_when_the_window_closes(smtp_server, settings, db):
    settings.HOLDFAST_MAIL_RETRY_HOURS = 1
    smtp_server.stop()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        row = queue_email(to="a@example.org", subject="Hi", text="Hi.", idempotency_key="t:w")
    for minutes in range(0, 120, 5):
        with time_machine.travel(start + datetime.timedelta(minutes=minutes), tick=False):
            send_queued_mail()
    row.refresh_from_db()
    assert row.status == Status.EXPIRED
    # 1, 2, 4, 8, 16 minutes after the first try: the next wait (32) would pass the hour.
    assert row.attempts == 6
    assert "Connection refused" in row.last_error
