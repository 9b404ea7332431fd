"""pagecache.registry: every model of ours is declared — registered with the pages it
changes, or said to be on none — and a registered save forgets exactly those pages."""

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

import pagecache
from pagecache import registry, scopes
from tests import factories

OUR_APPS = ("accounts", "forum", "moderation", "outbox")


def test_registry_declares_every_model_of_ours():
    undeclared = [
        model._meta.label
        for app in OUR_APPS
        for model in apps.get_app_config(app).get_models()
        if not registry.declared(model)
    ]
    assert undeclared == [], (
        "declare these in their app's ready(): pagecache.register(Model, members=..., "
        f"scopes=...) or pagecache.not_shown(Model, why): {undeclared}"
    )


def test_registry_names_only_columns_that_point_at_members():
    for model, (members, _scopes) in registry._declared.items():
        for column in members:
            if column == "pk":
                assert model._meta.label == settings.AUTH_USER_MODEL
                continue
            field = model._meta.get_field(column.removesuffix("_id"))
            assert field.related_model._meta.label == settings.AUTH_USER_MODEL, column


def _member_version(pk):
    return cache.get(scopes.member_version_key(pk))


@pytest.mark.django_db
def test_registry_save_forgets_the_pages_of_the_members_it_names(member, other_member):
    from forum.models import Block

    before = (_member_version(member.pk), _member_version(other_member.pk))
    Block.objects.create(
        blocker=member, blocked=other_member, created_at=timezone.now()
    )  # as an admin would
    after = (_member_version(member.pk), _member_version(other_member.pk))
    assert after[0] not in (None, before[0]) and after[1] not in (None, before[1])


@pytest.mark.django_db
def test_registry_save_of_a_streak_forgets_its_owners_profile(member):
    from accounts.models import Streak

    before = pagecache.scope_versions(scopes.profile(member.username))
    Streak.objects.create(member=member, started_on="2026-01-01", created_at=timezone.now())
    assert pagecache.scope_versions(scopes.profile(member.username)) != before


@pytest.mark.django_db
def test_registry_save_of_a_post_forgets_its_thread(member):
    thread = factories.make_thread(author=member)
    before = pagecache.scope_versions(scopes.thread(thread.pk))
    post = thread.posts.get(number=1)
    post.save()  # an admin's edit goes through no service
    assert pagecache.scope_versions(scopes.thread(thread.pk)) != before


@pytest.mark.django_db
def test_registry_save_of_an_undeclared_model_bumps_nothing(member):
    from accounts.models import UrgeReason

    pagecache.scope_versions(scopes.profile(member.username))
    before = (_member_version(member.pk), pagecache.scope_versions(scopes.profile("rowan")))
    UrgeReason.objects.create(member=member, text="He never listened.", created_at=timezone.now())
    after = (_member_version(member.pk), pagecache.scope_versions(scopes.profile("rowan")))
    assert after == before


def test_scopes_helpers_return_the_strings_the_call_sites_use():
    assert scopes.thread(12) == "thread:12"
    assert scopes.profile("Rowan") == "member:rowan"
    assert (pagecache.SITE, pagecache.LISTS) == ("site", "lists")
