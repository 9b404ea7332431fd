"""Specification of core.loading.QuickLoad: an instance made from a row holds exactly what
Django's own from_db() would give it, and behaves the same afterwards."""

import pytest
from django.db import connection, models
from django.db.models import FETCH_ONE, FETCH_PEERS, FETCH_RAISE, Value
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Streak, User
from core.loading import QuickLoad, Rows
from core.prepared import PreparedQuery
from forum.models import Category, DailyPledge, Notification, Post, Thread
from tests.factories import make_member, make_reply, make_thread

pytestmark = pytest.mark.django_db

QUICK = (Category, DailyPledge, Post, Streak, Thread, User)


def djangos_own(instance):
    """The same row made by Model.from_db, Django's way."""
    names = [name for name in instance.__dict__ if name != "_state"]
    values = [instance.__dict__[name] for name in names]
    return models.Model.from_db.__func__(type(instance), "default", names, values)


def fields_of(instance):
    return {name: value for name, value in instance.__dict__.items() if name != "_state"}


@pytest.fixture
def reply():
    member = make_member()
    thread = make_thread(author=member)
    now = timezone.now()
    Streak.objects.create(member=member, started_on=now.date(), created_at=now)
    DailyPledge.objects.create(day=now.date(), thread=thread, created_at=now)
    opening = Post.objects.get(thread=thread, number=1)
    return make_reply(author=make_member(), thread=thread, reply_to=opening)


@pytest.mark.parametrize("model", QUICK)
def test_the_hot_models_load_quickly(model):
    assert issubclass(model, QuickLoad)
    assert model.from_db.__func__ is QuickLoad.from_db.__func__


@pytest.mark.parametrize("model", QUICK)
def test_an_instance_holds_what_djangos_from_db_gives(model, reply):
    for instance in model.objects.all():
        own = djangos_own(instance)
        assert fields_of(instance) == fields_of(own)
        assert instance._state.adding is False and instance._state.db == "default"
        assert instance.get_deferred_fields() == own.get_deferred_fields() == set()


def test_related_rows_and_deferred_fields_behave_as_before(reply):
    post = (
        Post.objects.select_related("thread__author")
        .only("body", "thread__title", "thread__author__username")
        .get(pk=reply.pk)
    )
    assert post.thread.author.username == reply.thread.author.username
    assert post.get_deferred_fields() == djangos_own(post).get_deferred_fields()
    assert "body_html" in post.get_deferred_fields()
    with CaptureQueriesContext(connection) as queries:
        assert post.body_html == reply.body_html  # a deferred field loads on first use
    assert len(queries) == 1


def test_a_loaded_instance_saves_as_an_update(reply):
    thread = Thread.objects.get(pk=reply.thread_id)
    thread.title = "A new title"
    with CaptureQueriesContext(connection) as queries:
        thread.save(update_fields=["title"])
    assert [q["sql"].split()[0] for q in queries] == ["UPDATE"]
    assert Thread.objects.get(pk=thread.pk).title == "A new title"


def test_a_model_with_an_init_receiver_is_loaded_djangos_way(reply):
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance.pk)

    post_init.connect(receiver, sender=Thread)
    try:
        thread = Thread.objects.get(pk=reply.thread_id)
    finally:
        post_init.disconnect(receiver, sender=Thread)
    assert seen == [thread.pk]


# --- Rows: a kept query's loop --------------------------------------------------------------


def posts_with_everything(thread_id, fetch_mode=FETCH_ONE):
    """Every kind of relation a kept query brings: forward, nested, nullable (the opening post
    replies to nothing) and a reverse one-to-one (the thread's daily pledge)."""
    return (
        Post.objects.fetch_mode(fetch_mode)
        .filter(thread_id=thread_id)
        .select_related("author", "thread__category", "thread__daily_pledge", "reply_to__author")
        .annotate(later=Value(1))
        .order_by("number")
    )


def state_of(instance):
    return (instance._state.adding, instance._state.db, instance._state.fetch_mode)


def assert_made_alike(made, own, made_parent=None, own_parent=None):
    """The same class, fields, annotations and state, and the same related objects cached,
    down every relation (a relation back to the parent is the parent, in both)."""
    assert type(made) is type(own)
    assert fields_of(made) == fields_of(own)
    assert state_of(made) == state_of(own)
    assert made._state.fields_cache.keys() == own._state.fields_cache.keys()
    for name, related in own._state.fields_cache.items():
        other = made._state.fields_cache[name]
        if related is None or related is own_parent:
            assert other is (None if related is None else made_parent)
        else:
            assert_made_alike(other, related, made, own)


@pytest.mark.parametrize("fetch_mode", [FETCH_ONE, FETCH_RAISE])
def test_a_kept_query_makes_its_rows_as_djangos_loop_does(reply, monkeypatch, fetch_mode):
    thread_id = reply.thread_id
    own = list(posts_with_everything(thread_id, fetch_mode))
    assert own[0].reply_to is None and own[1].reply_to is not None
    assert own[0].thread.daily_pledge is not None

    def from_db(*args, **kwargs):
        raise AssertionError("the kept loop does not go through from_db()")

    monkeypatch.setattr(QuickLoad, "from_db", classmethod(from_db))
    made = PreparedQuery(lambda thread_id: posts_with_everything(thread_id, fetch_mode)).fetch(
        thread_id=thread_id
    )

    assert len(made) == len(own) == 2
    for made_post, own_post in zip(made, own, strict=True):
        assert_made_alike(made_post, own_post)
    with CaptureQueriesContext(connection) as queries:
        assert made[1].thread.daily_pledge.thread is made[1].thread
        assert made[1].reply_to.author.username == own[1].reply_to.author.username
    assert queries.captured_queries == []


def test_a_kept_query_over_a_model_with_init_receivers_runs_djangos_loop(reply):
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance.pk)

    query = PreparedQuery(posts_with_everything, ids=("thread_id",))
    query.fetch(thread_id=reply.thread_id)  # planned while nobody listens
    post_init.connect(receiver, sender=User)
    try:
        made = query.fetch(thread_id=reply.thread_id)
    finally:
        post_init.disconnect(receiver, sender=User)
    assert sorted(seen) == sorted([post.author_id for post in made] + [reply.reply_to.author_id])
    for made_post, own_post in zip(made, posts_with_everything(reply.thread_id), strict=True):
        assert_made_alike(made_post, own_post)


def planned(queryset):
    compiler = queryset.query.get_compiler(using="default")
    compiler.as_sql()
    return Rows.plan(queryset, compiler, "default")


def test_rows_leave_what_they_would_not_make_alike_to_django(reply):
    thread = Thread.objects.get(pk=reply.thread_id)
    assert planned(posts_with_everything(thread.pk)) is not None
    # A model with Django's own from_db(), anywhere in the rows.
    assert planned(Notification.objects.all()) is None
    assert planned(Post.objects.select_related("hold")) is None
    # Known related objects (a related manager's rows point at its instance).
    assert planned(thread.posts.all()) is None
    # A fetch mode that keeps track of each row's peers.
    assert planned(Post.objects.fetch_mode(FETCH_PEERS)) is None
