"""Error pages. The 500 page is rendered without a request context so that it
works when the database is the thing that failed; it still lists crisis help."""

from django.conf import settings
from django.http import HttpResponsePermanentRedirect, HttpResponseServerError
from django.template import loader
from django.templatetags.static import static


def server_error(request):
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"resources": settings.CRISIS_RESOURCES}))


def favicon(request):
    # Browsers ask for /favicon.ico whatever the page says; point them at ours.
    return HttpResponsePermanentRedirect(static("favicon.svg"))
