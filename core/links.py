"""reverse(), remembered per process: for the links a page draws again and again (a thread's
own address in its pager, a category's in every breadcrumb and badge). Django's reverse()
walks its patterns on each call, and a visitor's thread page spent a twentieth of its time
there. Keyed by everything reverse() reads: the name, the arguments, the URLconf and the
script prefix."""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

_KEPT = 4096  # addresses; the least recently used go first


def reverse_kept(name: str, **kwargs) -> str:
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reverse(name, tuple(sorted(kwargs.items())), urlconf, get_script_prefix())


@functools.lru_cache(maxsize=_KEPT)
def _reverse(name: str, kwargs: tuple, urlconf: str, script_prefix: str) -> str:
    return reverse(name, kwargs=dict(kwargs), urlconf=urlconf)
