"""Browser tests: Playwright driving Debian's Chromium against live_server.

Every page a test visits can be scanned with axe-core (from npm, read from
node_modules) — WCAG 2.0, 2.1 and 2.2 A and AA and axe's best practices, no violation of
any impact — and every test fails if the browser logged an error, which is how a
Content-Security-Policy violation (an inline script or style) shows up. The Nu HTML
checker (vnu.jar, from npm) judges the HTML of every page in tests/e2e/test_every_page.py."""

import json
import os
import shutil
import threading
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connections
from django.test.testcases import LiveServerThread
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests
# make between browser steps are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE_SOURCE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.e2e)


class _OneRequestAtATime(ThreadedWSGIServer):
    """The live server, answering one request at a time.

    On SQLite the test database lives in memory, so every request thread shares one
    connection, and Python's sqlite3 module cannot run two statements on one connection at
    once ("bad parameter or other API misuse": a page the browser left while it still loaded,
    racing the next). Connections keep their own threads; only the application is queued."""

    def set_app(self, application):
        super().set_app(_Queued(application))


class _Queued:
    def __init__(self, application):
        self.application = application  # as Django's handlers name the one they wrap
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self._lock:
            return self.application(environ, start_response)


@pytest.fixture(scope="session", autouse=True)
def _one_request_at_a_time_on_sqlite():
    if connections["default"].vendor != "sqlite":
        yield
        return
    threaded = LiveServerThread.server_class
    LiveServerThread.server_class = _OneRequestAtATime
    yield
    LiveServerThread.server_class = threaded


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_errors():
    """Errors the browser logged; a test that provokes one on purpose removes it."""
    return []


@pytest.fixture
def page(browser, live_server, transactional_db, browser_errors):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 375, "height": 800})
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = browser_errors
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], f"The browser reported errors: {errors}"


# At most 2 s: a transition that never ends (one whose element left the rendering, such as
# inside a details element the page just closed) would otherwise hold the test for ever, as
# page.evaluate() has no timeout of its own.
SETTLE_TRANSITIONS = """async () => {
    const running = document.getAnimations().filter((a) => a instanceof CSSTransition);
    const settled = Promise.allSettled(running.map((a) => a.finished));
    await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, 2000))]);
}"""


# The judges of issue 12: every WCAG 2.x A/AA rule axe has, and its best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE_RUN = (
    "async (tags) => JSON.stringify(await axe.run(document, "
    "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}))"
)


def axe_violations(page) -> list[dict]:
    """axe-core's violations on the page as it is now, of every impact."""
    # evaluate() runs through the DevTools protocol, outside the page's CSP.
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE.read_text() + ";undefined")
    # Colours are measured as they are now: a button still fading into its hover colour
    # (a transition, just after a click) has a contrast it never rests at.
    page.evaluate(SETTLE_TRANSITIONS)
    result = json.loads(page.evaluate(AXE_RUN, AXE_TAGS))
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
    ]


@pytest.fixture
def assert_accessible():
    """assert_accessible(page): no axe-core violation at all on the page (AXE_TAGS)."""

    def check(page):
        violations = axe_violations(page)
        assert violations == [], f"Accessibility violations on {page.url}: {violations}"

    return check


VNU_JAR = (
    Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)


def nu_errors(pages: dict[str, str]) -> list[str]:
    """The Nu HTML checker's errors for many pages at once ({name: html}): one JVM for the
    whole batch, as starting one per page would take seconds each."""
    import subprocess
    import tempfile

    java = shutil.which("java")
    assert java, "Java is needed for the Nu HTML checker: scripts/system-deps installs it"
    with tempfile.TemporaryDirectory() as folder:
        names = {}
        for index, (name, html) in enumerate(pages.items()):
            path = Path(folder) / f"page{index}.html"
            path.write_text(html)
            names[path.name] = name
        done = subprocess.run(
            [
                java,
                "-jar",
                str(VNU_JAR),
                "--errors-only",
                "--format",
                "json",
                *map(str, sorted(Path(folder).iterdir())),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    found = json.loads(done.stderr or "{}").get("messages", [])
    return [
        f"{names.get(m.get('url', '').rsplit('/', 1)[-1], m.get('url'))}"
        f" line {m.get('lastLine')}: {m['message']} [{m.get('extract', '').strip()[:80]}]"
        for m in found
        if m.get("type") in ("error", "non-document-error")
    ]
