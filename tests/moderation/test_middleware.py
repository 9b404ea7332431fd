"""Specification of moderation.middleware: a suspended member's session ends on their next
request; everyone else's page gets the user itself, not the lazy proxy."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.functional import LazyObject

from accounts.models import User
from moderation import actions

pytestmark = pytest.mark.django_db


def test_a_suspended_members_session_ends_on_their_next_request(client_for, moderator, member):
    client = client_for(member)
    assert client.get("/").wsgi_request.user == member
    actions.suspend_member(moderator=moderator, member=member, until=timezone.now() + timedelta(1))
    request = client.get("/").wsgi_request
    assert isinstance(request.user, AnonymousUser)
    assert "_auth_user_id" not in client.session


def test_the_page_gets_the_member_itself_as_authentication_loaded_it(client_for, member):
    request = client_for(member).get("/").wsgi_request
    assert type(request.user) is User and request.user == member
    assert not isinstance(request.user, LazyObject)
    assert request.user is request._cached_user  # the one row authentication read: no query


def test_a_visitor_is_the_anonymous_user_itself(client):
    assert type(client.get("/").wsgi_request.user) is AnonymousUser
