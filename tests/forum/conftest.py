import pytest

from tests import factories


@pytest.fixture
def category(db):
    return factories.make_category(name="Daily check-ins", slug="daily-check-ins")


@pytest.fixture
def private_category(db):
    return factories.make_category(
        name="Urges & relapses", slug="urges-relapses", members_only=True
    )


@pytest.fixture
def thread(member, category):
    """A published thread by `member` (rowan) with its opening post "Hello."."""
    return factories.make_thread(author=member, category=category, title="Day one again")
