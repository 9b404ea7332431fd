"""Deployment checks (`manage.py check --deploy`) for settings Holdfast itself reads."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    # Emails are sent in the background, outside any request, so their links (and the
    # one-click unsubscribe header) take the site's address from HOLDFAST_SITE_URL. Unset,
    # accounts.email.sending.absolute_url falls back to the development server: members would get
    # emails whose every link points at http://localhost:8000.
    if settings.HOLDFAST_SITE_URL:
        return []
    return [
        Warning(
            "HOLDFAST_SITE_URL is not set: links in emails would point at http://localhost:8000.",
            hint="Set HOLDFAST_SITE_URL to the site's address, e.g. https://holdfast.example.",
            id="holdfast.W001",
        )
    ]


# Caches that each process keeps to itself. Rate limits, lock-outs, the visitors' page cache
# and its version counts all live in the default cache: with one of these and more than one
# worker, each process counts and forgets on its own — a streak made private stayed visible
# to visitors for about a minute, and a limit of 3 allowed 3 per worker.
_PROCESS_LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if settings.DEBUG or backend not in _PROCESS_LOCAL_CACHES:
        return []
    return [
        Warning(
            f"The default cache ({backend.rsplit('.', 1)[-1]}) is kept by each process on its "
            "own: rate limits, lock-outs and forgetting cached pages would not hold across "
            "workers or servers.",
            hint="Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) so that every worker shares "
            "one cache. Only a site served by a single process can do without.",
            id="holdfast.W002",
        )
    ]
