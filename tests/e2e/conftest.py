"""Browser tests: Playwright driving Debian's Chromium against live_server.

Every page a test visits can be scanned with axe-core (from npm, read from
node_modules) and every test fails if the browser logged an error — which is how
a Content-Security-Policy violation (an inline script or style) shows up."""

import json
import os
import shutil
from pathlib import Path

import pytest
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


SETTLE_TRANSITIONS = """async () => {
    const running = document.getAnimations().filter((a) => a instanceof CSSTransition);
    await Promise.allSettled(running.map((a) => a.finished));
}"""


@pytest.fixture
def assert_accessible():
    """assert_accessible(page): no serious or critical axe-core violations on the page."""
    source = AXE_SOURCE.read_text()

    def check(page):
        # evaluate() runs through the DevTools protocol, outside the page's CSP.
        page.evaluate(source + ";undefined")
        # Colours are measured as they are now: a button still fading into its hover colour
        # (Bootstrap's 0.15 s transition, just after a click) has a contrast it never rests at.
        page.evaluate(SETTLE_TRANSITIONS)
        result = page.evaluate("async () => JSON.stringify(await axe.run(document))")
        violations = [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
            for v in json.loads(result)["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert violations == [], f"Accessibility violations on {page.url}: {violations}"

    return check
