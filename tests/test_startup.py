"""config.startup: an app server's process loads every view and freezes what it loaded."""

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from config import startup

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()  # this test process goes on collecting as before


def test_settle_loads_the_views_and_freezes_what_is_loaded(unfrozen):
    assert gc.get_freeze_count() == 0
    startup.settle()
    assert "forum.views.pages" in sys.modules
    # The process's long-lived objects: modules, models, URL patterns, tens of thousands.
    assert gc.get_freeze_count() > 10_000
    assert len(gc.get_objects()) < gc.get_freeze_count() / 10


@pytest.mark.parametrize("module", ["config.wsgi", "config.asgi"])
def test_both_entry_points_settle_when_loaded(module):
    code = (
        f"import gc, sys; import {module}; "
        "print(gc.get_freeze_count(), 'forum.views.pages' in sys.modules)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    frozen, loaded = out.stdout.split()
    assert int(frozen) > 10_000 and loaded == "True"
