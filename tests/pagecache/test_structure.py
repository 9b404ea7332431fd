"""pagecache sits at the bottom of the stack: it imports no app of ours, uses no private
Django API, and keeps its modules short. Checked here as well as by `make lint`, since CI
runs only the suite."""

import ast
from pathlib import Path

import pagecache

PACKAGE = Path(pagecache.__file__).parent
HIGHER = {"accounts", "forum", "moderation", "outbox", "config", "core", "bench"}


def _modules():
    return sorted(PACKAGE.glob("*.py"))


def _imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_pagecache_imports_no_app_of_ours():
    found = {path.name: _imported(path) & HIGHER for path in _modules()}
    assert {name: apps for name, apps in found.items() if apps} == {}


def test_pagecache_uses_no_private_django_name():
    private = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("django"):
                private += [f"{path.name}: {a.name}" for a in node.names if a.name[0] == "_"]
    assert private == []


def test_pagecache_modules_stay_under_400_lines():
    long = {p.name: n for p in _modules() if (n := len(p.read_text().splitlines())) > 400}
    assert long == {}
