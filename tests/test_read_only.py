"""Specification of config.read_only (and core.read_only): read-only while the primary
database is away. The run that crashes a real primary under a real server is
tests/scale/test_primary_down.py; these are the parts, in process."""

from http import HTTPStatus

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

import pagecache
from accounts.models import User
from config import read_only, routers
from core import read_only as core_read_only
from pagecache import plan as page_plan

BANNER = "Holdfast is read-only for a few minutes"


@pytest.fixture
def primary_state(monkeypatch):
    """A process that believes the primary is there, asks again at once, and has a replica
    alias (this thread's "replica" is the test database's connection)."""
    monkeypatch.setattr(read_only, "_state", {"down": False, "recheck_at": 0.0})
    monkeypatch.setattr(read_only, "RECHECK_SECONDS", 0)
    monkeypatch.setattr(read_only, "_drop_primary_pool", lambda: None)
    answers = {"primary": True}
    monkeypatch.setattr(read_only, "primary_answers", lambda: answers["primary"])
    original_getitem = type(connections).__getitem__

    def getitem(self, alias):
        return original_getitem(self, "default" if alias == read_only.REPLICA else alias)

    monkeypatch.setattr(type(connections), "__getitem__", getitem)
    return answers


def test_read_only_refusal_keeps_the_members_text_and_never_a_password(rf):
    request = rf.post(
        "/t/1/reply/",
        {
            "body": "Tonight was hard <b>but</b> I held on.",
            "title": "Day 12",
            "password": "hunter2-secret",
            "csrfmiddlewaretoken": "abc",
        },
    )
    response = read_only.refusal(request)
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response["Retry-After"] == "60"
    assert response["Cache-Control"] == "no-store"
    text = response.content.decode()
    assert "We couldn't save that just now" in text
    assert "Tonight was hard &lt;b&gt;but&lt;/b&gt; I held on." in text  # kept, escaped
    assert "Day 12" in text
    assert "hunter2-secret" not in text
    assert 'href="/"' in text  # no same-site Referer: back to the home page
    assert "Emergency services" in text  # the crisis lines, under "If you need someone"


def test_read_only_refusal_goes_back_only_to_this_site(rf):
    here = rf.post("/t/1/reply/", {"body": "x"}, HTTP_REFERER="http://testserver/t/1/x/")
    assert 'href="http://testserver/t/1/x/"' in read_only.refusal(here).content.decode()
    away = rf.post("/t/1/reply/", {"body": "x"}, HTTP_REFERER="https://evil.example/")
    assert "evil.example" not in read_only.refusal(away).content.decode()


@pytest.mark.django_db
def test_read_only_banner_shows_only_while_read_only(client):
    with core_read_only.serving():
        assert BANNER in client.get("/guidelines/").content.decode()
    cache.clear()  # the page cache may have kept it (config.read_only stops that, not this test)
    assert BANNER not in client.get("/guidelines/").content.decode()


def test_read_only_router_reads_the_replica_even_when_pinned():
    router = routers.ReplicaRouter()
    token = routers._pinned.set(True)
    try:
        assert router.db_for_read(User) == "default"
        with core_read_only.serving():
            assert router.db_for_read(User) == "replica"
    finally:
        routers._pinned.reset(token)


def test_read_only_pages_are_not_stored_by_the_page_cache():
    request = RequestFactory().get("/")
    response = HttpResponse("page")
    response["Cache-Control"] = "public"
    plan = page_plan.Plan(version_keys=[], page_key="k", on_hit=None, kwargs={}, everyone=True)
    assert page_plan.storable(plan, request, response)
    with pagecache.not_storing():
        assert not page_plan.storable(plan, request, response)


@pytest.mark.django_db
def test_read_only_middleware_draws_a_failed_read_again_from_the_replica(rf, primary_state):
    seen = []

    def view(request):
        seen.append(read_only.is_read_only())
        return HttpResponse(status=500 if len(seen) == 1 else 200)

    middleware = read_only.ReadOnlyMiddleware(view)
    primary_state["primary"] = False
    response = middleware(rf.get("/"))
    assert response.status_code == HTTPStatus.OK
    assert seen == [False, True]  # failed against the primary, then drawn read-only
    assert read_only._state["down"]


@pytest.mark.django_db
def test_read_only_middleware_refuses_writes_until_the_primary_returns(rf, primary_state):
    calls = []
    middleware = read_only.ReadOnlyMiddleware(lambda request: calls.append(1) or HttpResponse())
    read_only._state["down"], read_only._state["recheck_at"] = True, float("inf")
    primary_state["primary"] = False
    refused = middleware(rf.post("/t/1/reply/", {"body": "Keep this."}))
    assert refused.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert "Keep this." in refused.content.decode()
    assert calls == []  # the view never ran: nothing was written
    # The primary answers again: the next request after the recheck writes as usual.
    primary_state["primary"] = True
    read_only._state["recheck_at"] = 0.0
    assert middleware(rf.post("/t/1/reply/", {"body": "Now."})).status_code == HTTPStatus.OK
    assert calls == [1]
    assert not read_only._state["down"]


def test_read_only_middleware_leaves_an_ordinary_error_alone(rf, primary_state):
    middleware = read_only.ReadOnlyMiddleware(lambda request: HttpResponse(status=500))
    assert middleware(rf.get("/")).status_code == 500  # the primary answers: not an outage
    assert not read_only._state["down"]


@pytest.mark.django_db
def test_read_only_refusal_shows_a_signed_in_member_their_own_navigation(client, primary_state):
    member = User.objects.create_user("rowan", "rowan@example.com", "a long passphrase 2026")
    client.force_login(member)
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(
        middleware.index("pagecache.visitors.VisitorPageCacheMiddleware"),
        "config.read_only.ReadOnlyMiddleware",
    )
    read_only._state["down"], read_only._state["recheck_at"] = True, float("inf")
    primary_state["primary"] = False
    with override_settings(MIDDLEWARE=middleware):
        refused = client.post("/t/1/reply/", {"body": "Keep this."})
    assert refused.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert "Keep this." in refused.content.decode()
    assert refused.context["user"] == member  # the member's menu, not "Log in" and "Join"
    assert 'class="is-member"' in refused.content.decode()
