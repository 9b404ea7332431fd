"""Suspension takes effect at once: a suspended member's open sessions end on their next
request, not when they happen to log out.

accounts' allauth adapter refuses a suspended member at log-in; this middleware covers the
sessions they already had. It reads only the user row that authentication loads anyway,
so it adds no query. Having asked, it leaves on the request the user itself (a member, or
a visitor's AnonymousUser) in place of the lazy proxy.
"""

from django.contrib.auth import logout
from django.contrib.auth.middleware import get_user
from django.utils.functional import LazyObject


class SuspendedMemberMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_suspended():
            # logout() flushes the session row and leaves an AnonymousUser on the request,
            # so the page renders as it would for a visitor.
            logout(request)
        elif isinstance(user, LazyObject):
            # The user behind the lazy proxy AuthenticationMiddleware left (evaluated just
            # above, so no query): every attribute read through the proxy is a function call,
            # and a member's thread page reads some hundreds (its permission checks).
            request.user = get_user(request)
        return self.get_response(request)
