"""`manage.py vapid_key`: prints a new VAPID private key for VAPID_PRIVATE_KEY (web push,
docs/app-and-push.md) and the public key browsers will subscribe with. Changing the key
later means every device must turn push on again."""

import base64

from cryptography.hazmat.primitives.asymmetric import ec
from django.core.management.base import BaseCommand

from accounts.push import keys


class Command(BaseCommand):
    help = "Print a new VAPID private key for the VAPID_PRIVATE_KEY environment variable."

    def handle(self, *args, **options):
        secret = ec.generate_private_key(ec.SECP256R1()).private_numbers().private_value
        private = base64.urlsafe_b64encode(secret.to_bytes(32, "big")).rstrip(b"=").decode()
        self.stdout.write(f"VAPID_PRIVATE_KEY={private}")
        self.stdout.write(f"# public key (derived; nothing to set): {keys.public_key_for(private)}")
