import hashlib
from http import HTTPStatus

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse
from django.shortcuts import render

from accounts import badge_svg, permissions, selectors
from accounts.models import User


def _plausible(username: str) -> bool:
    """Whether `username` could name a member at all: PostgreSQL refuses a NUL byte in a
    query (a 500), and no name is longer than the column."""
    return "\x00" not in username and len(username) <= 150


def profile(request, username):
    member = None
    if _plausible(username):
        member = User.objects.active().filter(username__iexact=username).first()
    if member is None:
        raise Http404("No such member.")
    return render(request, "accounts/profile.html", {"member": member})


# The badge answers every viewer alike (as a visitor would see it), touches no session and
# runs two queries: the member, then their streak figures (accounts.selectors).
_BADGE_CACHE = "public, max-age=1800"
_SVG = "image/svg+xml; charset=utf-8"


def streak_badge_svg(request, username):
    member = None
    if _plausible(username):
        member = (
            User.objects.active()
            .filter(username__iexact=username)
            .only("pk", "username", "time_zone", "streak_visibility", "streak_display")
            .first()
        )
    if member is None:
        body = badge_svg.render(
            label="no contact", value="unknown", title="No such member", colour="#777"
        )
        return HttpResponse(body, content_type=_SVG, status=HTTPStatus.NOT_FOUND)
    badge = None
    if permissions.streak_is_public(member):
        badge = selectors.streak_badge_for(member, viewer=AnonymousUser())
    if badge is None:
        # Private, or no streak yet: the same neutral badge, so it reveals nothing.
        body = badge_svg.render(
            label="holdfast", value="member", title="A Holdfast member", colour="#777"
        )
    else:
        value = badge.current_label if badge.current_days is not None else "between streaks"
        body = badge_svg.render(label="no contact", value=value, title=badge.summary)
    etag = f'"{hashlib.sha256(body.encode()).hexdigest()[:32]}"'
    if etag in request.META.get("HTTP_IF_NONE_MATCH", ""):
        response = HttpResponse(status=HTTPStatus.NOT_MODIFIED)
    else:
        response = HttpResponse(body, content_type=_SVG)
    response["ETag"] = etag
    response["Cache-Control"] = _BADGE_CACHE
    return response
