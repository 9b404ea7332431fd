"""One push to one device, as a task of Django's tasks framework (django-tasks-db in
production, run by the same `manage.py db_worker` as the outbox's emails). The task carries
only ids and the kind: the words are built when it runs (accounts.push.messages), so no
private text waits in the queue. A push is not retried: it is a nudge, and the site's own
notification stays; a lost one costs nothing."""

import logging

from django.db import transaction
from django.tasks import task

from accounts.push import delivery

logger = logging.getLogger(__name__)


@task
def deliver_push_task(*, subscription_id: int, kind: str, url: str) -> str:
    return delivery.deliver_push(subscription_id=subscription_id, kind=kind, url=url)


def queue_push(subscription_id: int, kind: str, url: str) -> None:
    """Called on commit by accounts.push.services.push_to_members(). Never raises."""
    try:
        with transaction.atomic():
            deliver_push_task.enqueue(subscription_id=subscription_id, kind=kind, url=url)
    except Exception:  # noqa: BLE001 — a push is a nudge; the site's notification stays
        logger.exception("Could not queue a push to subscription %s", subscription_id)
