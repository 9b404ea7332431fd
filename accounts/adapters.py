"""Holdfast's extension points into django-allauth (never a fork of its views)."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.stagekit import clear_login
from allauth.core import context
from allauth.core.internal import ratelimit
from django.db.models import Q
from django.shortcuts import render

from accounts import lockouts, names, selectors
from accounts.models import User


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_taken": "That name is taken. Try adding a word or a number.",
        "username_confusable": (
            "That name looks too much like an existing member's name. "
            "Please choose one that is clearly your own."
        ),
        "username_reserved": (
            "Names that sound official (admin, moderator, support, Holdfast team…) are kept "
            "for the team, so nobody is misled. Please choose another."
        ),
        "rate_limited": (
            "That was a lot of tries in a short time. Please wait a minute and try again."
        ),
        "too_many_login_attempts": (
            "Several wrong passwords in a row: tries from here are paused for a little while. "
            "Please wait a minute or two and try again, or reset your password if it has "
            "slipped your mind."
        ),
    }

    def clean_username(self, username: str, shallow: bool = False) -> str:
        username = super().clean_username(username, shallow=shallow)
        if names.is_reserved_username(username):
            raise self.validation_error("username_reserved")
        if not shallow and selectors.look_alikes_of(username).exists():
            raise self.validation_error("username_confusable")
        return username

    # Failed log-ins are counted per account and address and slow the guesser down rather
    # than lock the member out (accounts.lockouts says how and why). allauth's own per-IP
    # limit (ACCOUNT_RATE_LIMITS["login_failed"]) still runs first, in super().

    def pre_authenticate(self, request, **credentials):
        # Not super(): allauth's "login_failed" limit counts per address *and* per login
        # string, locking a name out for anyone. The per-address part is kept, under its own
        # name ("login_failed_address" in ACCOUNT_RATE_LIMITS); "login_failed" itself still
        # limits guesses at a member's second factor, which allauth counts under it.
        self._login_failed_rl_usage = ratelimit.consume(
            request, app="allauth.account", action="login_failed_address"
        )
        if not self._login_failed_rl_usage:
            raise self.validation_error("too_many_login_attempts")
        if lockouts.seconds_to_wait(_account_of(credentials), self.get_client_ip(request)):
            raise self.validation_error("too_many_login_attempts")

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None:
            lockouts.record_success(_account_of(credentials), self.get_client_ip(request))
        return user

    def authentication_failed(self, request, **credentials):
        lockouts.record_failure(_account_of(credentials), self.get_client_ip(request))
        super().authentication_failed(request, **credentials)

    def _delete_login_attempts_cached_email(self, request, **credentials):
        # allauth calls this after a password reset: the account-wide wait goes with it.
        super()._delete_login_attempts_cached_email(request, **credentials)
        lockouts.forget(_account_of(credentials))

    def reauthenticate(self, user, password: str) -> bool:
        # A new session key on re-authentication as at log-in (ASVS 7.2.4): a key that leaked
        # before the member proved themselves again is not the one that carries the proof.
        confirmed = super().reauthenticate(user, password)
        if confirmed and context.request is not None:
            context.request.session.cycle_key()
        return confirmed

    def pre_login(self, request, user, **kwargs):
        if user.is_suspended():
            # A suspended member may not start a session; the page says until when.
            clear_login(request)
            return render(request, "account/suspended.html", {"member": user}, status=403)
        return super().pre_login(request, user, **kwargs)


def _account_of(credentials: dict) -> str:
    """What failed log-ins count under: the member's id when the login names one — by username
    or by email, so both count together — else the login as typed (lower case). One query
    either way, so a known and an unknown login cost the same."""
    login = (credentials.get("email") or credentials.get("username") or "").strip()
    member_id = (
        User.objects.filter(Q(username__iexact=login) | Q(emailaddress__email__iexact=login))
        .values_list("pk", flat=True)
        .first()
    )
    return f"member:{member_id}" if member_id else f"login:{login.casefold()}"
