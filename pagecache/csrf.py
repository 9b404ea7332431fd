"""One CSRF placeholder for every page and fragment the cache stores.

A form's CSRF token is per session, so a stored page must not keep the token of the
request that drew it. While a page that may be stored for a member is drawn (deferred()),
`{% csrf_token %}` and `{{ csrf_token }}` render a placeholder instead (context_processor,
listed in TEMPLATES after Django's own csrf processor, whose value it overrides), and the
cached post fragments keep theirs (token_for). On the way out — a fresh render or a page
from the cache alike — fill() puts in the current request's own token, with Django's public
get_token(), which also tells CsrfViewMiddleware to send the cookie.

The placeholder is derived from SECRET_KEY, so no member can type it into a post (which
would then receive each reader's token); it is the same in every process sharing the cache.

A page during whose drawing anything asked get_token() directly (and so holds a real token
where the placeholder should be) is not stored: see used_real_token().
"""

import contextlib
import contextvars
import functools

from django.middleware.csrf import get_token
from django.utils.crypto import salted_hmac
from django.utils.functional import SimpleLazyObject

_deferred = contextvars.ContextVar("holdfast_csrf_deferred", default=False)
_NEEDS_UPDATE = "CSRF_COOKIE_NEEDS_UPDATE"  # set by get_token(): the token was used


@functools.cache
def placeholder() -> str:
    return "csrf-" + salted_hmac("pagecache.csrf-placeholder", "1", algorithm="sha256").hexdigest()


def context_processor(request) -> dict:
    """`csrf_token` as the placeholder while a page to be stored is drawn; the request's
    real token (lazy, masked once: _token) otherwise."""
    if _deferred.get():
        return {"csrf_token": placeholder()}
    return {"csrf_token": SimpleLazyObject(lambda: _token(request))}


def token_for(request) -> str:
    """What a form drawn now should carry: the placeholder while a page to be stored is
    drawn (the way out fills it), the request's real token otherwise."""
    return placeholder() if _deferred.get() else _token(request)


def fill(content: bytes, request) -> bytes:
    """The content with every placeholder replaced by this request's own token."""
    marker = placeholder().encode()
    if marker not in content:
        return content
    return content.replace(marker, _token(request).encode())


_KEPT = "_holdfast_csrf_token"


def _token(request) -> str:
    """get_token(), masked once per request: it masks the secret afresh at every call (32
    random choices, a system call each), and a page asked for it four times (the layout's
    pieces, the posts, the page's own forms). One masked token serves a whole response, as
    Django's own context processor gives one to all of a template's forms. Asked again when
    the secret changed (a log-in rotates it) or the mark that the token was used is gone."""
    kept = getattr(request, _KEPT, None)
    secret = request.META.get("CSRF_COOKIE")
    if kept is None or kept[0] != secret or not request.META.get(_NEEDS_UPDATE):
        token = get_token(request)
        kept = (request.META.get("CSRF_COOKIE"), token)
        setattr(request, _KEPT, kept)
    return kept[1]


@contextlib.contextmanager
def deferred(request):
    """Draw the page with placeholders; yields a callable that says afterwards whether a
    real token was asked for all the same (get_token() called directly)."""
    before = request.META.pop(_NEEDS_UPDATE, None)
    token = _deferred.set(True)
    used = []
    try:
        yield lambda: bool(used and used[0])
    finally:
        _deferred.reset(token)
        used.append(request.META.get(_NEEDS_UPDATE, False))
        if before or used[0]:
            request.META[_NEEDS_UPDATE] = True
