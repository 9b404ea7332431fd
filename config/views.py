"""Error pages. The 500 page is rendered without a request context so that it
works when the database is the thing that failed; it still lists crisis help.

A request body over DATA_UPLOAD_MAX_MEMORY_SIZE reaches Django's 400 handler as
RequestDataTooBig (raised wherever the body is first read — usually the CSRF check, before
any view runs), so the 400 handler tells that case apart and answers 413 with a page that
says what happened instead of "bad request"."""

from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponsePermanentRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.views import defaults

TOO_MUCH = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


def bad_request(request, exception):
    if isinstance(exception, TOO_MUCH):
        return render(request, "413.html", status=HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
    return defaults.bad_request(request, exception)


def server_error(request):
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"resources": settings.CRISIS_RESOURCES}))


def favicon(request):
    # Browsers ask for /favicon.ico whatever the page says; point them at ours.
    return HttpResponsePermanentRedirect(static("favicon.svg"))
