"""Specification of core.loading.QuickLoad: an instance made from a row holds exactly what
Django's own from_db() would give it, and behaves the same afterwards."""

import pytest
from django.db import connection, models
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Streak, User
from core.loading import QuickLoad
from forum.models import Category, Post, Thread
from tests.factories import make_member, make_reply, make_thread

pytestmark = pytest.mark.django_db

QUICK = (Category, Post, Streak, Thread, User)


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
    return make_reply(author=make_member(), thread=thread)


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
