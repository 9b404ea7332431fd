import pytest
from django.core.cache import cache
from django.test import Client

from tests import factories
from tests.accounts.push.push_service import PushService, new_vapid_private_key


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate limits, cached pages, fragments and view counts live in the cache (and views and
    # counters read wait a moment in this process: forum.view_counts; fragments and profiles'
    # names are kept there too: pagecache.fragments, accounts.selectors); each test starts
    # clean.
    import pagecache as page_cache
    from accounts import selectors
    from forum import view_counts
    from pagecache import fragments

    view_counts.push_soon()
    view_counts.forget_reads()
    cache.clear()
    page_cache.forget_local()
    fragments.forget_kept()
    selectors.forget_known_names()
    yield
    view_counts.push_soon()
    view_counts.forget_reads()
    cache.clear()
    page_cache.forget_local()
    fragments.forget_kept()
    selectors.forget_known_names()


@pytest.fixture
def template_draws(monkeypatch):
    """template_draws(module): the list of template names `module` loads from then on (its
    get_template counted), to tell what was drawn from what was kept."""

    def count(module) -> list:
        drawn = []
        real = module.get_template

        def counting(name):
            drawn.append(name)
            return real(name)

        monkeypatch.setattr(module, "get_template", counting)
        return drawn

    return count


@pytest.fixture
def member(db):
    return factories.make_member(username="rowan")


@pytest.fixture
def other_member(db):
    return factories.make_member(username="sasha")


@pytest.fixture
def moderator(db):
    return factories.make_moderator(username="mod_morgan")


@pytest.fixture
def staff(db):
    return factories.make_member(username="staff_sam", is_staff=True, is_superuser=True)


@pytest.fixture
def client_for():
    """client_for(user) -> a test Client logged in as that user (or anonymous for None)."""

    def make(user=None):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def vapid(settings):
    """Web push switched on with a key made for this test (no key lives in the repository)."""
    settings.VAPID_PRIVATE_KEY = new_vapid_private_key()
    settings.VAPID_SUBJECT = "mailto:tests@holdfast.local"
    return settings.VAPID_PRIVATE_KEY


@pytest.fixture
def push_service():
    """A push service inside the test process (tests/accounts/push/push_service.py)."""
    with PushService() as service:
        yield service


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"
