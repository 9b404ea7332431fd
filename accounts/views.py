"""Members' pages: the profile (/u/<username>/), its SVG badge and the profile settings.

The profile and the badge are cached for visitors (pagecache) under the member's
scope, which every accounts service that changes them bumps (services.profile_scope), and
under "lists", which forum.services bumps whenever a post appears or disappears: the post
count and recent posts come from the forum, which sits above accounts and so cannot be asked
to bump a scope of ours by name.
"""

import copy
import hashlib
import re
from http import HTTPStatus

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST, require_safe

import pagecache as page_cache
from accounts import permissions, selectors, services, theme
from accounts.forms import ProfileForm
from accounts.models import Theme
from accounts.streaks import badge_svg, counting
from core import ratelimit
from core.markdown import render_markdown

_NAME_IN_URL = re.compile(r"[A-Za-z0-9_-]{1,30}")


def _member_scope(request, username, **kwargs) -> list[str]:
    # A name no member can have gets no scope of its own (its 404 is never stored anyway),
    # so a cache key never carries a NUL byte or a space.
    scope = services.profile_scope(username) if _NAME_IN_URL.fullmatch(username) else "member:-"
    return [scope]


def _profile_scopes(request, username, **kwargs) -> list[str]:
    return ["lists", *_member_scope(request, username)]


# Members get it from their own cache too: the owner's rows are covered by the profile scope,
# which any save of them bumps (pagecache._bump_profiles_of).
@page_cache.for_visitors(_profile_scopes)
@require_safe
def profile(request, username):
    # A visitor: member and streak figures, milestones, recent posts (3 queries); a member
    # adds their session and user, and the menu's counts.
    member = selectors.active_member_named(username)
    if member is None or not permissions.can_see_profile(request.user, member):
        raise Http404("No such member.")
    context = {"profile": selectors.profile_for(member, viewer=request.user), "member": member}
    return render(request, "accounts/profile.html", context)


def _badge_snippets(request, member) -> dict[str, str]:
    """Markdown and HTML that embed the member's badge elsewhere, with absolute URLs."""
    base = settings.HOLDFAST_SITE_URL or request.build_absolute_uri("/").rstrip("/")
    profile_url = base + reverse("accounts:profile", args=[member.username])
    image_url = base + reverse("accounts:streak_badge", args=[member.username])
    alt = "My no-contact streak on Holdfast"
    return {
        "markdown": f"[![{alt}]({image_url})]({profile_url})",
        "html": f'<a href="{profile_url}"><img src="{image_url}" alt="{alt}"></a>',
        "image_url": image_url,
    }


def _preview_alone(request, preview: str) -> HttpResponse:
    """Just the bio preview, for accounts.js. It inserts an answer only when it carries the
    X-Holdfast-Partial header; any other (a mistake in the form, the log-in page) it replaces
    by submitting the form as it would be without JavaScript."""
    response = render(request, "accounts/settings_profile.html#bio-preview", {"preview": preview})
    response["X-Holdfast-Partial"] = "bio-preview"
    return response


@login_required
def settings_profile(request):
    # A copy: a form that fails validation must not leave its values on request.user (the
    # menu would show a refused display name).
    form = ProfileForm(request.POST or None, instance=copy.copy(request.user))
    preview, status = None, HTTPStatus.OK
    if request.method == "POST":
        if not ratelimit.allow(request, "accounts:profile"):
            form.add_error(None, ratelimit.TOO_FAST)
            status = HTTPStatus.TOO_MANY_REQUESTS
        elif form.is_valid() and "preview" in request.POST:
            preview = render_markdown(form.cleaned_data["bio"])
            if request.headers.get("X-Requested-With") == "fetch":
                return _preview_alone(request, preview)
        elif form.is_valid():
            services.update_profile(member=request.user, **form.cleaned_data)
            messages.success(request, "Your profile is saved.")
            return redirect("accounts:settings_profile")
    context = {
        "form": form,
        "preview": preview,
        "snippets": _badge_snippets(request, request.user),
        "streak_is_public": permissions.streak_is_public(request.user),
    }
    return render(request, "accounts/settings_profile.html", context, status=status)


# The badge answers every viewer alike (as a visitor would see it), touches no session and
# runs two queries: the member, then their streak figures (accounts.selectors).
_BADGE_CACHE = "public, max-age=1800"
_SVG = "image/svg+xml; charset=utf-8"


def _badge_member(username):
    """The member a badge or card names (the privacy fields only), or None. One query."""
    return selectors.badge_member_named(username)


def _public_badge(member):
    """The member's streak as a visitor sees it, or None (private, or never started). One
    query, none for a private streak."""
    if not permissions.streak_is_public(member):
        return None
    return selectors.streak_badge_for(member, viewer=AnonymousUser())


def _svg(request, body: str, status=HTTPStatus.OK) -> HttpResponse:
    """An SVG answer, the same for every viewer: an ETag of the body (304 when the browser
    has it) and public caching. Errors are not cached and carry no ETag."""
    if status != HTTPStatus.OK:
        return HttpResponse(body, content_type=_SVG, status=status)
    etag = f'"{hashlib.sha256(body.encode()).hexdigest()[:32]}"'
    if etag in request.META.get("HTTP_IF_NONE_MATCH", ""):
        response = HttpResponse(status=HTTPStatus.NOT_MODIFIED)
    else:
        response = HttpResponse(body, content_type=_SVG)
    response["ETag"] = etag
    response["Cache-Control"] = _BADGE_CACHE
    return response


@page_cache.for_visitors(_member_scope, everyone=True)
def streak_badge_svg(request, username):
    member = _badge_member(username)
    if member is None:
        body = badge_svg.render(
            value="Holdfast", label="unknown", title="No such member", muted=True
        )
        return _svg(request, body, HTTPStatus.NOT_FOUND)
    badge = _public_badge(member)
    if badge is None:
        # Private, or no streak yet: the same neutral badge, so it reveals nothing.
        body = badge_svg.render(value="Holdfast", label="member", title="A Holdfast member")
    else:
        value = badge.current_label if badge.current_days is not None else "between streaks"
        if badge.self_reported:
            value += " (self-reported)"
        milestone = f"{badge.top_milestone}-day milestone" if badge.top_milestone else ""
        body = badge_svg.render(
            value=value, label="no contact", milestone=milestone, title=badge.summary
        )
    return _svg(request, body)


def _card_shows(badge, days: int) -> bool:
    """Whether a visitor may see the `days` milestone card: the streak reached it (the
    longest streak includes the running one) and, when the member shows ranges, the
    milestone is one of the range floors (a "60 days" card would say more than "30+")."""
    if badge is None or badge.longest_days < days:
        return False
    return badge.exact or days in counting.RANGE_FLOORS


@page_cache.for_visitors(_member_scope, everyone=True)
def milestone_card_svg(request, username, days):
    """/u/<username>/milestone/<days>.svg: a milestone card to share, under the badge's
    privacy rules. An unknown member or a number that is no milestone: 404; a streak that is
    not public, or a milestone not reached: the same neutral card, so it reveals nothing.
    Two queries, as the badge."""
    member = _badge_member(username) if days in counting.MILESTONES else None
    neutral = badge_svg.render_card(
        days=None,
        title="Holdfast: one day at a time",
        description="A peer-support space for people keeping no contact.",
    )
    if member is None:
        return _svg(request, neutral, HTTPStatus.NOT_FOUND)
    if not _card_shows(_public_badge(member), days):
        return _svg(request, neutral)
    body = badge_svg.render_card(
        days=days,
        title=f"A {days}-day no-contact milestone on Holdfast",
        description=f"{counting.plural_days(days)} of no contact, kept one day at a time.",
    )
    return _svg(request, body)


# --- Light or dark (accounts.theme) -----------------------------------------------------------


def _back_to(request) -> str:
    """The page the switch was pressed on (the Referer, sent same-origin by our
    Referrer-Policy), if it is one of ours; else the home page."""
    target = request.META.get("HTTP_REFERER", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/"


@csrf_protect
def _member_theme(request, choice: str) -> HttpResponse:
    services.set_theme(member=request.user, theme=choice)
    return redirect(_back_to(request))


# Exempt from the CSRF middleware for visitors only: their switch sits on pages cached for
# every visitor, which cannot carry a per-visitor token, and all it sets is their own
# cookie. A member's choice is saved to their row, so it is checked (_member_theme).
@csrf_exempt
@require_POST
def choose_theme(request):
    choice = request.POST.get("theme", "")
    if choice not in Theme.values:
        return HttpResponse("Choose light, dark or your device's setting.", status=400)
    if request.user.is_authenticated:
        return _member_theme(request, choice)
    response = redirect(_back_to(request))
    response.set_cookie(
        theme.COOKIE,
        choice,
        max_age=theme.COOKIE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response
