"""Specification of config.routers: reads to the replica, writes and risky reads to the
primary; and of the settings that switch it on (DATABASE_REPLICA_URL). The two-database run
through real servers is tests/scale/test_replica.py."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from accounts.models import User
from config import routers

ROOT = Path(__file__).resolve().parents[1]
router = routers.ReplicaRouter()


def read_db():
    return router.db_for_read(User)


def test_router_reads_from_the_replica_and_writes_to_the_primary():
    assert read_db() == "replica"
    assert router.db_for_write(User) == "default"


@pytest.mark.django_db(transaction=True)
def test_router_reads_from_the_primary_inside_a_transaction():
    with transaction.atomic():
        assert read_db() == "default"
    assert read_db() == "replica"


def run_middleware(request):
    seen = {}

    def view(request):
        seen["db"] = read_db()
        return HttpResponse("ok")

    response = routers.PrimaryPinMiddleware(view)(request)
    return seen["db"], response


def test_pin_middleware_reads_from_the_primary_during_a_write_and_pins_the_next_reads():
    db, response = run_middleware(RequestFactory().post("/t/1/reply/"))
    assert db == "default"
    pin = response.cookies[routers.PIN_COOKIE]
    assert pin["max-age"] == 5 and pin["httponly"]
    follow = RequestFactory().get("/t/1/", HTTP_COOKIE=f"{routers.PIN_COOKIE}=1")
    assert run_middleware(follow)[0] == "default"
    assert read_db() == "replica"  # the pin ends with the request


def test_pin_middleware_leaves_plain_reads_on_the_replica():
    db, response = run_middleware(RequestFactory().get("/"))
    assert db == "replica"
    assert routers.PIN_COOKIE not in response.cookies


def test_router_reads_from_the_primary_while_a_page_for_the_cache_is_drawn():
    import pagecache

    with pagecache.from_primary():
        assert read_db() == "default"
    assert read_db() == "replica"


def test_router_migrates_the_primary_only():
    assert router.allow_migrate("default", "forum")
    assert not router.allow_migrate("replica", "forum")


def settings_with(**environ):
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "1",
        "DATABASE_URL": "sqlite:////tmp/holdfast-router-check.sqlite3",
        **environ,
    }
    code = (
        "from django.conf import settings as s; "
        "print(sorted(s.DATABASES), s.DATABASE_ROUTERS, "
        "'config.routers.PrimaryPinMiddleware' in s.MIDDLEWARE)"
    )
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_settings_add_the_replica_router_only_when_a_replica_is_configured():
    without = settings_with()
    assert without.stdout.strip() == "['default'] [] False", without.stderr
    replica = settings_with(DATABASE_REPLICA_URL="postgres://reader@replica.internal:5432/holdfast")
    assert replica.stdout.strip() == (
        "['default', 'replica'] ['config.routers.ReplicaRouter'] True"
    ), replica.stderr


def test_settings_name_the_variable_of_a_bad_replica_url():
    result = settings_with(DATABASE_REPLICA_URL="mysql://x/y")
    assert result.returncode != 0
    assert "DATABASE_REPLICA_URL must start with sqlite:// or postgres://" in result.stderr
