"""Whether this request is served read-only because the primary database is away.

config.read_only (the composition root) decides and sets it for the length of a request;
apps below config ask active() before a write a page makes as a side effect of reading (a
thread's read marker), which waits for the primary rather than failing the page. Lives in
core, below every app, so that accounts, forum and moderation can ask it.
"""

import contextlib
import contextvars

_active = contextvars.ContextVar("holdfast_read_only", default=False)


def active() -> bool:
    return _active.get()


@contextlib.contextmanager
def serving():
    token = _active.set(True)
    try:
        yield
    finally:
        _active.reset(token)
