import pytest

from tests.accounts.push.push_service import PushService, new_vapid_private_key


@pytest.fixture
def vapid(settings):
    """Web push switched on with a key made for this test (no key lives in the repository)."""
    settings.VAPID_PRIVATE_KEY = new_vapid_private_key()
    settings.VAPID_SUBJECT = "mailto:tests@holdfast.local"
    return settings.VAPID_PRIVATE_KEY


@pytest.fixture
def push_service():
    with PushService() as service:
        yield service
