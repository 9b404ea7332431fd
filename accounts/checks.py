"""Deployment checks (`manage.py check --deploy`) for settings Holdfast itself reads."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    # Emails are sent in the background, outside any request, so their links (and the
    # one-click unsubscribe header) take the site's address from HOLDFAST_SITE_URL. Unset,
    # accounts.emails.absolute_url falls back to the development server: members would get
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
