"""Fixtures for the scale tests: a database the app servers share, and a Redis server.

Both are started by the tests themselves; scripts/system-deps (run by `make test`) installs
Debian's redis-server when it is missing.
"""

import pytest

from tests.scale.servers import RedisServer, ScaleDatabase


@pytest.fixture(scope="session")
def scale_database():
    database = ScaleDatabase.create()
    yield database
    database.destroy()


@pytest.fixture
def redis_server():
    server = RedisServer.start()
    yield server
    server.stop()
