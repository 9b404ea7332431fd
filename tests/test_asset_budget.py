"""The CSS and the JavaScript Holdfast ships, compressed, are each under a third of what they
were before the design system (issue 12): the whole Bootstrap 5.3 dist build, which every page
linked, plus our own files of then.

Bootstrap's dist files are measured here from node_modules (the same version we compile from);
our old files' sizes are recorded below, measured at commit 751a5ae with
`git show 751a5ae:static/css/holdfast.css | gzip -9 | wc -c` (and likewise for each).
"""

import gzip
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BOOTSTRAP = ROOT / "node_modules" / "bootstrap" / "dist"
OLD_CSS = {
    "holdfast": 1247,
    "accounts": 872,
    "forum": 1367,
    "moderation": 740,
    "data_rights": 261,
    "streak": 981,
}
OLD_JS = {"holdfast": 94, "accounts": 1498, "forum": 1430}


def gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def shipped_css() -> int:
    """Every page links the one stylesheet, and no other."""
    return gzipped(ROOT / "static" / "vendor" / "holdfast.css")


def test_one_stylesheet_is_all_the_css_shipped():
    # A page stylesheet outside the bundle would be shipped without being counted here.
    stylesheets = {path.name for path in (ROOT / "static" / "vendor").rglob("*.css")}
    assert stylesheets == {"holdfast.css"}
    linking = [
        path.relative_to(ROOT)
        for path in (ROOT / "templates").rglob("*.html")
        if 'rel="stylesheet"' in path.read_text() and path.name != "base.html"
    ]
    assert linking == []


@pytest.mark.parametrize(
    "page, old_files",
    [
        # What each kind of page linked then (templates/base.html and the layouts of 751a5ae).
        ("an account page (sign-up, settings)", ["holdfast", "accounts"]),
        ("a forum page", ["holdfast", "accounts", "forum"]),
        ("the streak page and SOS", ["holdfast", "accounts", "streak"]),
        ("a data-rights page", ["holdfast", "accounts", "data_rights"]),
        ("a moderation page", ["holdfast", "accounts", "forum", "moderation"]),
        ("the whole site", list(OLD_CSS)),
    ],
)
def test_css_is_under_a_third_of_before(page, old_files):
    before = gzipped(BOOTSTRAP / "css" / "bootstrap.min.css") + sum(
        OLD_CSS[name] for name in old_files
    )
    assert shipped_css() * 3 < before, f"{page}: {shipped_css()} B of {before} B"


def test_javascript_is_under_a_third_of_before():
    before = gzipped(BOOTSTRAP / "js" / "bootstrap.bundle.min.js") + sum(OLD_JS.values())
    ours = sum(gzipped(path) for path in (ROOT / "static" / "js").glob("*.js"))
    assert ours * 3 < before, f"{ours} B of {before} B"


def test_no_bootstrap_javascript_is_linked():
    scripts = [
        tag
        for path in (ROOT / "templates").rglob("*.html")
        for tag in re.findall(r"<script[^>]*>", path.read_text())
    ]
    assert scripts, "the templates' script tags were not found"
    assert not [tag for tag in scripts if "bootstrap" in tag.lower()]
