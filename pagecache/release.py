"""The per-deploy key prefix: cached markup never outlives the code that drew it.

Pages and post fragments are stored under keys that start with this release's name, so a
deploy that changes a template (or the Python that fills it) never serves the old markup:
the new code looks under new keys, and the old entries expire. This replaces a version
number that had to be bumped by hand whenever a partial changed (and was forgotten).

The name is HOLDFAST_RELEASE when set (a deploy may pass its git commit), otherwise a hash
of our own source — every .py and .html file under BASE_DIR but the virtualenv, node
modules and static files — computed once per process, in about 25 ms at the first
request. Two processes running the same code agree on it without being told.
"""

import functools
import hashlib
import os
from pathlib import Path

from django.conf import settings

_SKIPPED = {"node_modules", "static", "staticfiles", "media", "__pycache__", "tests"}
_SUFFIXES = (".py", ".html")


def _source_hash(root: Path) -> str:
    digest = hashlib.blake2b(digest_size=6)
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIPPED)
        for name in sorted(files):
            if name.endswith(_SUFFIXES):
                path = Path(folder, name)
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.cache
def release() -> str:
    """This deploy's name, part of every stored page's and fragment's key."""
    configured = getattr(settings, "HOLDFAST_RELEASE", "")
    return configured or _source_hash(Path(settings.BASE_DIR))
