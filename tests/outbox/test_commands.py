"""manage.py send_queued_mail: sends what is due, once; --retry-failed sends failed ones again."""

import datetime
import io

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.utils import timezone

from outbox.models import OutgoingEmail
from outbox.services import queue_email

Status = OutgoingEmail.Status


def run(*args):
    out = io.StringIO()
    call_command("send_queued_mail", *args, stdout=out)
    return out.getvalue()


def test_send_queued_mail_retry_sends_what_is_due_once(db, monkeypatch):
    def refuse(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")

    with monkeypatch.context() as patched:
        patched.setattr(EmailBackend, "send_messages", refuse)
        email = queue_email(to="a@example.org", subject="Hi", text="Hi.", idempotency_key="k")
    OutgoingEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
    assert run().startswith("1 sent, 0 to be tried again, 0 refused, 0 given up; ")
    assert run().startswith("0 sent")
    assert len(mail.outbox) == 1


def test_send_queued_mail_retry_failed_sends_failed_ones_again(db):
    email = queue_email(to="a@example.org", subject="Hi", text="Hi.", idempotency_key="k")
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=Status.EXPIRED, last_attempt_at=timezone.now() - datetime.timedelta(hours=1)
    )
    mail.outbox.clear()
    output = run("--retry-failed")
    assert output.startswith("1 failed email(s) queued again.")
    email.refresh_from_db()
    assert email.status == Status.SENT
    assert len(mail.outbox) == 1
