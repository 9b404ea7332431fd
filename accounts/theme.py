"""Light or dark pages: which theme a request is shown, and how a choice is remembered.

A member's choice is a column of their row (User.theme), so it follows them to every device
and costs no query: the user is loaded already. A visitor's is a cookie, read on the server:
the visitors' page cache keeps one copy of a page per theme (AccountsConfig.ready() declares
it: pagecache.vary_visitor_pages_on), so one visitor's choice never reaches another, and the
page is right before any script runs (none is needed: the switch is a form). "auto" follows
the device (prefers-color-scheme, in CSS), which is also what a visitor without the cookie
gets.
"""

from accounts.models import Theme

COOKIE = "holdfast_theme"
COOKIE_MAX_AGE = 365 * 24 * 3600
_KNOWN = frozenset(Theme.values)
_CHOICES = Theme.choices  # built anew at each use of the property, on every page


def visitor_theme(cookies) -> str:
    """The theme a visitor's cookie asks for; "auto" when missing or unknown."""
    value = cookies.get(COOKIE, "")
    return value if value in _KNOWN else Theme.AUTO


def theme_for(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user.theme if user.theme in _KNOWN else Theme.AUTO
    return visitor_theme(request.COOKIES)


def context(request) -> dict:
    """Context processor: `theme` ("auto", "light" or "dark") for <html data-theme> and
    <meta name="color-scheme">, and the choices for the switch."""
    return {"theme": theme_for(request), "theme_choices": _CHOICES}
