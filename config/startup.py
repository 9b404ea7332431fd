"""What an app server's process does once its application is loaded."""

import gc
from importlib import import_module

from django.conf import settings


def settle() -> None:
    """Load every view now, and take what is loaded out of the garbage collector's way.

    Nearly every object an app server makes while it starts (modules, models, URL patterns,
    the views and all they import) lives as long as the process, and Python's collector
    scanned them all again at every full collection: 140 ms, every few hundred requests of a
    cold workload. gc.freeze() (Python's own advice for long-lived servers) leaves them out;
    a full collection then took 34 ms (docs/cold-renders.md, round 29).
    """
    import_module(settings.ROOT_URLCONF)  # and with it, every view module
    gc.collect()  # what start-up left behind goes first, not into the frozen set
    gc.freeze()
