"""Fragments of a page (a post, a thread row, a search hit) drawn once and then taken from
the cache, under a key made of a *fingerprint* of everything the fragment's partial reads.

The key is the content, so nothing needs invalidating: an edit or a rename changes the
fingerprint and the next view draws the fragment afresh (the old entry expires). The app
that owns the partial writes the fingerprint (forum.fragments); this module keeps the
machinery: the key (with this deploy's release, so a changed partial is never served in
its old markup) and the drawing of what the cache lacks, in one round trip each way.

Because a key names its content, a copy of a fragment in this process's memory can never be
outdated either: fragments are also kept here (at most KEPT_CHARS characters; past that,
the memory starts again empty), and the shared cache is asked only for the rest. A trip to
Redis for a page's fragments cost a visitor's home page a fifth of its time (two trips,
about 1 ms), most of it the client's CPU.
"""

import hashlib
import threading

from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from pagecache.local import drawing_afresh
from pagecache.release import release

TIMEOUT = 24 * 60 * 60
KEPT_CHARS = 8_000_000  # some 8 MB a worker: a few thousand posts and rows

_kept: dict[str, str] = {}
_kept_chars = 0
_kept_lock = threading.Lock()


def key(kind: str, pk, parts: tuple) -> str:
    """The cache key of one fragment: its kind, its object, this release and a hash of
    everything its partial reads (`parts`, whose repr must be stable)."""
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    return f"{kind}:{release()}:{pk}:{digest}"


def draw(objects, keys: list[str], partial_name: str, context, *, found=None) -> list[str]:
    """Each object's HTML from the cache under its key, or drawn by the partial with
    `context(obj)` (and stored); one cache round trip to read, one to store the misses.
    `found`: what read_with() already read for these keys."""
    if found is None:
        found = read_with(keys, [])
    drawn, fragments = {}, []
    partial = None
    for obj, fragment_key in zip(objects, keys, strict=True):
        html = found.get(fragment_key)
        if html is None:
            partial = partial or get_template(partial_name)
            html = partial.render(context(obj))
            drawn[fragment_key] = html
        fragments.append(html)
    if drawn:
        cache.set_many(drawn, timeout=TIMEOUT)
        _keep(drawn)
    return fragments


def read_with(keys: list[str], others: list[str]) -> dict:
    """The fragments under `keys` (those kept in this process, then the shared cache's) and a
    page's `others` cache values, in one round trip or none."""
    found = {} if drawing_afresh() else {key: _kept[key] for key in keys if key in _kept}
    asked = [key for key in keys if key not in found]
    if asked or others:
        shared = cache.get_many([*asked, *others])
        _keep({key: shared[key] for key in asked if key in shared})
        found.update(shared)
    return found


def _keep(fragments: dict[str, str]) -> None:
    global _kept_chars
    if drawing_afresh() or not fragments:
        return
    with _kept_lock:
        for fragment_key, html in fragments.items():
            if _kept_chars + len(html) > KEPT_CHARS:
                _kept.clear()
                _kept_chars = 0
            if fragment_key not in _kept:
                _kept[fragment_key] = html
                _kept_chars += len(html)


def forget_kept() -> None:
    """Forget the fragments kept in this process (tests do, as they clear the cache)."""
    global _kept_chars
    with _kept_lock:
        _kept.clear()
        _kept_chars = 0


def joined(fragments: list[str]) -> str:
    return mark_safe("".join(fragments))  # noqa: S308 — drawn by our own templates
