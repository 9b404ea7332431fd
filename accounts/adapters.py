"""Holdfast's extension points into django-allauth (never a fork of its views)."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.stagekit import clear_login
from allauth.core import context
from django.db.models import Q
from django.shortcuts import render

from accounts import names
from accounts.confusables import skeleton
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
    }

    def clean_username(self, username: str, shallow: bool = False) -> str:
        username = super().clean_username(username, shallow=shallow)
        if names.is_reserved_username(username):
            raise self.validation_error("username_reserved")
        look_alikes = User.objects.filter(
            Q(username_skeleton=skeleton(username))
            | Q(username_look_alike=names.look_alike_key(username))
        )
        if not shallow and look_alikes.exists():
            raise self.validation_error("username_confusable")
        return username

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
