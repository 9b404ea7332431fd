"""The log-in backends, finding the member behind a session by SQL compiled once per process
(core.prepared): every signed-in request asks for that row, a page served from the members'
page cache included, and the ORM's building of the query cost twenty times the query."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend


class _PreparedGetUser:
    def get_user(self, user_id):
        """What Django's ModelBackend.get_user answers: the member, or None when there is
        none or they may not log in (deactivated)."""
        try:
            member_id = int(user_id)
        except (TypeError, ValueError):
            return None
        from accounts.selectors import member_with_pk  # the backends load before the models

        user = member_with_pk(member_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(_PreparedGetUser, DjangoModelBackend):
    """Django's, for the admin and force_login."""


class AuthenticationBackend(_PreparedGetUser, AllauthBackend):
    """allauth's: log-in by username or email."""
