"""The installable app (issue 16, item 6): the web app manifest, the service worker and the
offline page. docs/app-and-push.md describes how they fit together.

They live in config, the composition root, because the service worker names pages of every
app (the SOS page in accounts, the crisis lines in moderation, log-out in allauth).

The service worker is served from the site root (/sw.js) so that its scope is the whole
site, as a rendered template so that it carries the URLs it keeps and a version: the hash
of its own source and of every static file it pre-caches, so any deployment that changes
one of them is a new worker, which the browser installs on the next page load (the page
asks for /sw.js without the HTTP cache: `updateViaCache: "none"`)."""

import functools
import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

THEME_COLOR = "#2f5d62"  # the icon's background (static/icons/app.svg)
# What every offline page needs, kept when the worker installs: the styles, the scripts (each
# only enhances), the icon sprite and the app icons.
PRECACHED_STATIC = (
    "vendor/holdfast.css",
    "vendor/icons.svg",
    "js/holdfast.js",
    "js/app.js",
    "favicon.svg",
    "icons/app-192.png",
)


def manifest(request):
    """The web app manifest. Its name is the site's and nothing more, as it is written under
    the icon on a home screen (discreet, like the pushes). A member in discreet mode links
    `?discreet=1` (templates/base.html): a neutral name and icon, nothing said of the site. The
    query, not the session, decides: browsers fetch manifests without cookies."""
    discreet = request.GET.get("discreet") == "1"
    body = {
        "name": "Notes" if discreet else "Holdfast",
        "short_name": "Notes" if discreet else "Holdfast",
        "description": "" if discreet else "Peer support, one day at a time.",
        "id": "/",
        "start_url": reverse("forum:home"),
        "scope": "/",
        "display": "standalone",
        "background_color": THEME_COLOR,
        "theme_color": THEME_COLOR,
        "icons": _discreet_icons() if discreet else _icons(),
        "shortcuts": [{"name": "Breathe" if discreet else "SOS", "url": reverse("accounts:sos")}],
    }
    response = HttpResponse(json.dumps(body, indent=1), content_type="application/manifest+json")
    response["Cache-Control"] = "public, max-age=3600"
    return response


def _icons() -> list[dict]:
    png = {"type": "image/png"}
    return [
        {"src": static("icons/app.svg"), "sizes": "any", "type": "image/svg+xml"},
        {"src": static("icons/app-192.png"), "sizes": "192x192", **png},
        {"src": static("icons/app-512.png"), "sizes": "512x512", **png},
        {"src": static("icons/app-512.png"), "sizes": "512x512", "purpose": "maskable", **png},
    ]


def _discreet_icons() -> list[dict]:
    return [{"src": static("favicon-discreet.svg"), "sizes": "any", "type": "image/svg+xml"}]


@require_GET
def service_worker(request):
    source = _worker_source()
    response = HttpResponse(source, content_type="text/javascript; charset=utf-8")
    # Always asked again (the browser also checks at least daily): a new deployment's worker
    # must reach every device.
    response["Cache-Control"] = "no-cache"
    return response


@functools.cache
def _worker_source() -> str:
    precached = [static(path) for path in PRECACHED_STATIC]
    digest = hashlib.sha256()
    for path in PRECACHED_STATIC:
        found = finders.find(path)
        digest.update(Path(found).read_bytes() if found else path.encode())
    urls = {
        "precached": precached,
        "offline": reverse("app_offline"),
        "kept": [reverse("accounts:sos"), reverse("moderation:crisis_resources")],
        "logout": reverse("account_logout"),
        "icon": static("icons/app-192.png"),
    }
    template = loader.get_template("app/service-worker.js")
    digest.update(template.template.source.encode())
    # Our own URLs, as JSON: a JavaScript object literal, in a file that is not HTML.
    context = {"version": digest.hexdigest()[:16], "urls_json": json.dumps(urls)}
    return template.render(context)


@require_GET
def offline(request):
    """What the service worker shows when a page is not kept and the network is gone. It is
    kept at install time as a visitor would see it (no cookies), so it holds nothing
    private; it lists the crisis lines that work for everyone. Rendered as for a visitor
    even when asked with a session, so that no copy of it can hold a member's name."""
    request.user = AnonymousUser()
    return render(request, "app/offline.html", {"resources": settings.CRISIS_RESOURCES})
