"""The outbox's tasks (Django's tasks framework; django-tasks-db in production).

A task carries only the email's id: the row holds the message and its state, so a task that
runs twice, late or never loses nothing (outbox.delivery claims the row before sending, and
`manage.py send_queued_mail` sends whatever a lost task left queued).

Django's tasks framework has no retries of its own. A try that should be repeated queues
the next task itself, deferred to the row's next_attempt_at (run_after) — on a backend that
can defer (the database one). The immediate backend (DEBUG, tests) cannot: there the row
waits, queued, for `manage.py send_queued_mail`.
"""

import logging
from datetime import datetime

from django.db import transaction
from django.tasks import task

from outbox import delivery

logger = logging.getLogger(__name__)


@task
def deliver_email_task(*, email_id: int) -> str:
    """One try at sending one queued email; on a temporary failure, the next try is queued."""
    result = delivery.deliver_email(email_id=email_id)
    if result.outcome == delivery.RETRY:
        schedule_delivery(email_id, run_after=result.next_attempt_at)
    return result.outcome


@task
def send_queued_mail_task() -> dict[str, int]:
    """`manage.py send_queued_mail` from the task queue (for a scheduler that enqueues tasks)."""
    return delivery.send_due_emails()


def schedule_delivery(email_id: int, *, run_after: datetime | None = None) -> bool:
    """Queue a try at sending `email_id` (at once, or not before `run_after`). Returns whether
    a task was queued. Never raises: a task that could not be queued is logged, and the email,
    still queued in its row, goes out with the next `send_queued_mail`."""
    job = deliver_email_task
    if run_after is not None:
        if not job.get_backend().supports_defer:
            return False  # the immediate backend: send_queued_mail sends it when due
        job = job.using(run_after=run_after)
    try:
        # A savepoint: with django-tasks-db the task's row joins the caller's transaction
        # (queued together with the email, or rolled back with it), and a failure here must
        # not break that transaction on PostgreSQL.
        with transaction.atomic():
            job.enqueue(email_id=email_id)
    except Exception:  # noqa: BLE001 — the email waits in its row; the sweep sends it
        logger.exception("Could not queue the delivery of email %s", email_id)
        return False
    return True
