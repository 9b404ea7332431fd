"""URLs for tests/pagecache: views marked for the page cache."""

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template import engines
from django.urls import path
from django.views.decorators.cache import cache_control

import pagecache as page_cache

renders = []


@page_cache.for_visitors(lambda request, name: [f"member:{name}"], everyone=True)
@cache_control(public=True, max_age=300)
def public_badge(request, name):
    renders.append(name)
    return HttpResponse(f"<svg>{name}</svg>", content_type="image/svg+xml")


@page_cache.for_visitors(lambda request, name: [f"member:{name}"], everyone=True)
def unmarked_badge(request, name):
    renders.append(name)
    return HttpResponse(f"<svg>{name}</svg>", content_type="image/svg+xml")


@page_cache.for_visitors(lambda request, name: [f"member:{name}"], everyone=True)
@cache_control(public=True, max_age=300)
def badge_changed_while_drawn(request, name):
    renders.append(name)
    page_cache.bump(f"member:{name}")  # as a write in another thread of this process would
    return HttpResponse(f"<svg>{name}</svg>", content_type="image/svg+xml")


_FORM = engines["django"].from_string(
    '<form method="post">{% csrf_token %}<button>Go</button></form>{{ extra }}'
)


@page_cache.for_visitors(lambda request: [])
def form_page(request):
    renders.append("form")
    return HttpResponse(_FORM.render({}, request))


@page_cache.for_visitors(lambda request: [])
def form_page_with_a_raw_token(request):
    renders.append("raw")
    extra = f'<meta name="csrf" content="{get_token(request)}">'  # around the placeholder
    return HttpResponse(_FORM.render({"extra": extra}, request))


urlpatterns = [
    path("form/", form_page),
    path("raw-form/", form_page_with_a_raw_token),
    path("badge/<str:name>.svg", public_badge),
    path("unmarked/<str:name>.svg", unmarked_badge),
    path("changing/<str:name>.svg", badge_changed_while_drawn),
]
