"""outbox.services: one row per message (the idempotency key), a sending that never raises,
an operator's "send again", and forgetting an erased member's emails."""

import datetime

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from outbox import services
from outbox.models import OutgoingEmail

Status = OutgoingEmail.Status


def queue(key="k", to="a@example.org", **kwargs):
    return services.queue_email(
        to=to, subject="Hello", text="Hello there.", idempotency_key=key, **kwargs
    )


def test_smtp_queue_email_same_key_is_one_message(db):
    first = queue()
    second = queue()
    assert first.pk == second.pk
    assert OutgoingEmail.objects.count() == 1
    assert len(mail.outbox) == 1


def test_smtp_queue_email_sends_text_html_and_headers(db):
    email = queue(html="<p>Hello there.</p>", headers={"Auto-Submitted": "auto-generated"})
    [message] = mail.outbox
    assert message.body == "Hello there."
    assert message.alternatives[0].content == "<p>Hello there.</p>"
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    assert message.extra_headers["Message-ID"] == email.headers["Message-ID"]
    assert message.from_email == "Holdfast <no-reply@holdfast.local>"


def test_queue_email_mail_outage_does_not_raise(db, monkeypatch):
    def refuse(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    email = queue()
    email.refresh_from_db()
    assert email.status == Status.QUEUED and email.attempts == 1


def test_smtp_queue_email_rolled_back_with_the_callers_transaction(db, database_queue):
    """With the database task backend the email and its delivery task are rows of the
    caller's transaction: a change that rolled back sends nothing."""
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    class Rollback(Exception):
        pass

    with pytest.raises(Rollback), transaction.atomic():
        queue()
        assert DBTaskResult.objects.filter(task_path="outbox.tasks.deliver_email_task").exists()
        raise Rollback
    assert not OutgoingEmail.objects.exists()
    assert not DBTaskResult.objects.exists()
    assert mail.outbox == []


def test_smtp_queue_email_long_key_is_shortened_and_still_unique(db):
    long = "x" * 300
    assert queue(key=long).pk == queue(key=long).pk
    assert queue(key=long + "y").pk != queue(key=long).pk
    assert all(len(e.idempotency_key) <= 200 for e in OutgoingEmail.objects.all())


def test_smtp_content_key_same_words_same_hour_only():
    now = datetime.datetime(2026, 6, 15, 9, 10, tzinfo=datetime.UTC)
    key = services.content_key(to="A@x.org", subject="S", text="T", now=now)
    assert key == services.content_key(to="a@x.org", subject="S", text="T", now=now)
    assert key != services.content_key(to="a@x.org", subject="S", text="T2", now=now)
    next_hour = now + datetime.timedelta(hours=1)
    assert key != services.content_key(to="a@x.org", subject="S", text="T", now=next_hour)


def test_retry_resend_emails_sends_a_rejected_email_again_but_never_a_sent_one(db):
    sent = queue(key="sent")
    rejected = queue(key="rejected")
    OutgoingEmail.objects.filter(pk=rejected.pk).update(
        status=Status.REJECTED, attempts=1, last_error="550 No such user"
    )
    mail.outbox.clear()
    assert services.resend_emails(email_ids=[sent.pk, rejected.pk]) == 1
    assert [m.subject for m in mail.outbox] == ["Hello"]
    rejected.refresh_from_db()
    assert rejected.status == Status.SENT and rejected.attempts == 1


def test_smtp_forget_emails_to_deletes_only_that_members_emails(db):
    queue(key="a", to="Rowan@example.org")
    queue(key="b", to="sasha@example.org")
    assert services.forget_emails_to(addresses=["rowan@example.org"]) == 1
    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == ["sasha@example.org"]


def test_smtp_prune_sent_emails_after_thirty_days(db):
    old = queue(key="old")
    queue(key="new")
    OutgoingEmail.objects.filter(pk=old.pk).update(
        sent_at=timezone.now() - datetime.timedelta(days=31)
    )
    assert services.prune_sent_emails() == 1
    assert list(OutgoingEmail.objects.values_list("idempotency_key", flat=True)) == ["new"]
