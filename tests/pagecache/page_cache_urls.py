"""URLs for tests/pagecache/test_visitors.py: views marked for the visitors' page cache."""

from django.http import HttpResponse
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


urlpatterns = [
    path("badge/<str:name>.svg", public_badge),
    path("unmarked/<str:name>.svg", unmarked_badge),
    path("changing/<str:name>.svg", badge_changed_while_drawn),
]
