"""The shape of the code, checked on every run (CI runs only the suite): the import contract
in pyproject.toml holds (and would catch a break), no two files import each other round a
circle, and no module outside migrations and tests grows past 400 lines.

docs/architecture.md explains the layers; `make lint` runs the same contract.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
# The apps the contract covers (pyproject's [tool.importlinter] root_packages).
APPS = ("accounts", "core", "forum", "moderation", "outbox", "pagecache")
MAX_LINES = 400
SKIPPED_DIRECTORIES = {".venv", "node_modules", "migrations", "tests", ".git", "static"}


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=cwd,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )


def test_import_contract_is_kept():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("forum/views/pages.py", "import moderation.models", "forum reaches moderation only"),
        ("core/markdown.py", "import accounts.models", "above the bottom apps"),
        ("accounts/models.py", "from forum import hooks", "accounts knows no higher app"),
        ("accounts/roles.py", "import moderation", "moderation above forum above accounts"),
    ],
)
def test_import_contract_fails_on_a_deliberate_violation(tmp_path, module, line, contract):
    for app in APPS:
        shutil.copytree(ROOT / app, tmp_path / app, ignore=shutil.ignore_patterns("__pycache__"))
    with open(tmp_path / module, "a") as source:
        source.write(f"\n{line}  # the deliberate violation\n")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert f"{contract}" in result.stdout
    assert "BROKEN" in result.stdout


def _cycles(graph) -> list[set[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(group)

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_no_import_cycle_between_files():
    graph = grimp.build_graph(*APPS, "config", include_external_packages=False, cache_dir=None)
    assert _cycles(graph) == []


def test_cycle_finder_finds_a_circle():
    graph = grimp.ImportGraph()
    for module in ("a", "b", "c"):
        graph.add_module(module)
    graph.add_import(importer="a", imported="b")
    graph.add_import(importer="b", imported="a")
    graph.add_import(importer="b", imported="c")
    assert _cycles(graph) == [{"a", "b"}]


def _python_files():
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if not SKIPPED_DIRECTORIES.intersection(relative.parts):
            yield relative


def test_no_module_is_over_400_lines():
    too_long = {
        str(path): count
        for path in _python_files()
        if (count := len((ROOT / path).read_text().splitlines())) > MAX_LINES
    }
    assert too_long == {}
