"""Site-wide response rules that Django has no setting for.

SecurityHeadersMiddleware adds Permissions-Policy to every response.

RefuseNulMiddleware answers 400 to a NUL character in the query string, and ignores a cookie
holding one.

PrivatePagesMiddleware keeps pages with private data out of shared caches: a response to a
signed-in member (or to anyone whose request carries a session) may show their name, their
notifications, their drafts — a proxy or CDN must never store it and hand it to the next
person. Pages for anonymous readers are untouched, so they stay cacheable.
"""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.utils.cache import patch_cache_control, patch_vary_headers


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        return response


class RefuseNulMiddleware:
    """No query string of ours has a NUL in it, and PostgreSQL refuses one in any query (a
    500 from every view that looks a slug, page or search term up). Refused here, once, with
    the 400 page, so a view added later cannot forget. A NUL in the path is the view's to
    answer (an unknown member's 404, an unknown badge's SVG); in a form body, the forms'
    (every CharField refuses it with a message)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            raise BadRequest("NUL character in the query string")
        # A cookie with one is ignored, as if it were not there (the session key is looked up
        # in the database; a browser holding such a cookie must not be locked out by a 400).
        # gunicorn refuses a NUL in a header before Django sees it; other servers may not.
        if any("\x00" in value for value in request.COOKIES.values()):
            request.COOKIES = {k: v for k, v in request.COOKIES.items() if "\x00" not in v}
        return self.get_response(request)


class PrivatePagesMiddleware:
    """`Cache-Control: private, no-store` and `Vary: Cookie` on every personal response.

    A view that declares its response `public` (a streak badge image that looks the same to
    everyone) is trusted and left alone. Sits after AuthenticationMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_personal(request) and not declares_public(response):
            patch_cache_control(response, private=True, no_store=True)
            patch_vary_headers(response, ["Cookie"])
        return response


def is_personal(request) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    session = getattr(request, "session", None)
    # A visitor with a session (half-way through log-in or 2FA) sees pages about them too.
    # Reading request.user marks the session accessed, so ask whether it holds anything.
    return session is not None and session.accessed and not session.is_empty()


def declares_public(response) -> bool:
    directives = response.get("Cache-Control", "").lower()
    return "public" in {directive.split("=")[0].strip() for directive in directives.split(",")}
