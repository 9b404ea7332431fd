"""Specification of accounts.backends: a session's member found by prepared SQL, exactly as
Django's ModelBackend finds them."""

import pytest
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from accounts.backends import AuthenticationBackend, ModelBackend
from tests.factories import make_member

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("backend", [ModelBackend(), AuthenticationBackend()])
def test_backend_get_user_finds_the_member_as_django_does(backend, django_assert_num_queries):
    member = make_member(display_name="Robin")
    with django_assert_num_queries(1):
        found = backend.get_user(member.pk)
    assert found == member
    assert found.display_name == "Robin"
    assert found.date_joined == member.date_joined
    assert (
        found.get_session_auth_hash()
        == DjangoModelBackend().get_user(member.pk).get_session_auth_hash()
    )


@pytest.mark.parametrize("backend", [ModelBackend(), AuthenticationBackend()])
def test_backend_get_user_refuses_the_unknown_the_deactivated_and_nonsense(backend):
    gone = make_member(is_active=False)
    assert backend.get_user(gone.pk) is None
    assert backend.get_user(gone.pk + 1000) is None
    assert backend.get_user("not a number") is None
    assert backend.get_user(None) is None


def test_backend_signed_in_pages_know_the_member(client):
    member = make_member(display_name="Robin")
    client.force_login(member)
    response = client.get("/notifications/")
    assert response.status_code == 200
    assert response.wsgi_request.user == member
