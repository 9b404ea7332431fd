"""The site's URLs plus one view that fails, so the 500 page's headers can be checked."""

from django.urls import path

from config.urls import handler400, handler500  # noqa: F401
from config.urls import urlpatterns as site_urlpatterns


def explode(request):
    raise RuntimeError("a deliberate failure for the 500 page test")


urlpatterns = [path("__security_test_500__/", explode), *site_urlpatterns]
