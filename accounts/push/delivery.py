"""Sends one push through pywebpush (RFC 8030 delivery, RFC 8291 aes128gcm encryption, RFC
8292 VAPID). A device the push service says is gone (404, 410) is forgotten."""

import json
import logging

from django.conf import settings

from accounts.models import PushSubscription
from accounts.push import messages

logger = logging.getLogger(__name__)

SENT, GONE, FAILED, MISSING = "sent", "gone", "failed", "missing"
TTL_SECONDS = 12 * 3600  # a push not delivered within half a day is stale: let it drop
TIMEOUT_SECONDS = 10


def deliver_push(*, subscription_id: int, kind: str, url: str) -> str:
    from pywebpush import WebPushException, webpush

    subscription = PushSubscription.objects.filter(pk=subscription_id).first()
    if subscription is None or not settings.VAPID_PRIVATE_KEY:
        return MISSING
    try:
        webpush(
            subscription_info=subscription.as_webpush_info(),
            data=json.dumps(messages.payload(kind, url)),
            vapid_private_key=settings.VAPID_PRIVATE_KEY,
            # A new dict each time: webpush() writes "aud" and "exp" into it.
            vapid_claims={"sub": settings.VAPID_SUBJECT},
            content_encoding="aes128gcm",
            ttl=TTL_SECONDS,
            timeout=TIMEOUT_SECONDS,
        )
    except WebPushException as error:
        status = getattr(error.response, "status_code", None)
        if status in (404, 410):
            subscription.delete()
            return GONE
        logger.warning("Push to subscription %s failed: %s", subscription_id, status or error)
        return FAILED
    except Exception:  # noqa: BLE001 — the push service unreachable: a nudge lost, no more
        logger.exception("Push to subscription %s failed", subscription_id)
        return FAILED
    return SENT
