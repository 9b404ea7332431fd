"""Holdfast's extension points into django-allauth (never a fork of its views)."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.stagekit import clear_login
from allauth.core import context
from allauth.core.internal import ratelimit
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import strip_tags

from accounts import hooks, lockouts, names, selectors
from accounts.models import User
from outbox.services import content_key, queue_email


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
        # A username is as public as a post: watched words and the privacy screen (issue 15,
        # item 7), through accounts.hooks; moderation's sentence says what to change.
        problems = [] if shallow else hooks.screen_member_text(None, username)
        if problems:
            raise ValidationError(problems[0], code="username_screened")
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

    def save_user(self, request, user, form, commit=True):
        # The sign-up form's time zone (from the browser, or picked): days are counted on
        # the member's calendar from their very first day.
        time_zone = getattr(form, "cleaned_data", {}).get("time_zone")
        if time_zone:
            user.time_zone = time_zone
        return super().save_user(request, user, form, commit=commit)

    def get_email_verification_redirect_url(self, email_address) -> str:
        """A new member who verifies their email in the browser they signed up in is logged
        in and sent to ACCOUNT_SIGNUP_REDIRECT_URL, the welcome. One who opens the link
        elsewhere (signed out, never logged in yet) logs in first, then gets the welcome. A
        member confirming a changed address goes where allauth sends them."""
        member = email_address.user
        if not self.request.user.is_authenticated and member.last_login is None:
            return f"{reverse('account_login')}?next={reverse('accounts:welcome')}"
        return super().get_email_verification_redirect_url(email_address)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth sends every email of its own (verification, password reset, "someone tried
        # to sign up with your address", notices) inside the request, through here. Render it
        # as allauth would, then queue it (outbox) instead of sending: a mail server that is
        # down delays the email, and never turns sign-up or a password reset into a 500.
        request = globals()["context"].request  # allauth.core.context: the argument shadows it
        message = self.render_mail(
            template_prefix,
            email,
            {"request": request, "email": email, "current_site": get_current_site(request)}
            | context,
        )
        text, html = message.body, None
        if message.content_subtype == "html":
            text, html = strip_tags(message.body), message.body  # only an HTML template
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = content
        for address in message.to:
            queue_email(
                to=address,
                subject=message.subject,
                text=text,
                html=html,
                headers=message.extra_headers,
                from_email=message.from_email,
                # The verification and reset links carry their own timestamps, so each request
                # is its own message; a double-submitted form within the hour is one.
                idempotency_key=content_key(
                    to=address, subject=message.subject, text=text + (html or "")
                ),
            )


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
