"""The site's VAPID keys (RFC 8292), from VAPID_PRIVATE_KEY (config/settings.py). Without a
key, web push is unavailable: nothing is sent and the settings page says so."""

import base64
import functools

from django.conf import settings


def is_available() -> bool:
    """Whether this site has VAPID keys (VAPID_PRIVATE_KEY): without them nothing is sent and
    the settings page says push is not available."""
    return bool(settings.VAPID_PRIVATE_KEY)


@functools.cache
def public_key_for(private_key: str) -> str:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
    from py_vapid import Vapid

    point = Vapid.from_string(private_key=private_key).public_key.public_bytes(
        Encoding.X962, PublicFormat.UncompressedPoint
    )
    return base64.urlsafe_b64encode(point).rstrip(b"=").decode()


def application_server_key() -> str:
    """The VAPID public key (base64url of the uncompressed point) the browser subscribes
    with; derived from the private key, so only one variable is needed."""
    return public_key_for(settings.VAPID_PRIVATE_KEY) if is_available() else ""
