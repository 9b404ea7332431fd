"""`make lighthouse`: Lighthouse (npm, mobile preset) on the main pages of a production-mode
site with the demo content, printing the four scores of each page against issue 12's targets.

The site is served as in production: config.settings with DEBUG off, gunicorn, whitenoise
serving collectstatic's compressed, hashed files; a fresh SQLite database in a temporary
folder with `load_demo` (run with DEBUG on, as it insists). Signed-in pages (the streak, SOS,
a moderation queue) get the demo member's or moderator's session cookie through Lighthouse's
extra headers. Chromium is Debian's (CHROME_PATH, headless); nothing is downloaded.

    make lighthouse                 # or: .venv/bin/python -m bench.lighthouse
    LIGHTHOUSE_KEEP=1 make lighthouse   # also keep the JSON reports (the path is printed)
    LIGHTHOUSE_PAGES=thread,profile make lighthouse   # only these pages
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.run import SITE_ENV, collect_static
from tests.scale.servers import ROOT, AppServer, Browser, ScaleDatabase

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME = shutil.which("chromium") or "/usr/bin/chromium"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# Issue 12's targets; SEO counts on public pages that search engines may index.
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 90}
DEMO_PASSWORD = "holdfast-demo"  # noqa: S105 — load_demo publishes it (demo accounts only)


def demo_urls(database: ScaleDatabase) -> dict:
    """A thread and a moderation queue of the demo content."""
    return database.run_script(
        "from django.urls import reverse\n"
        "from forum.models import Thread\n"
        "thread = Thread.objects.filter(author__username='demo_member').order_by('pk').first()\n"
        "result = {'thread': thread.get_absolute_url(),"
        " 'queue': reverse('moderation:rules_queue')}\n",
        **SITE_ENV,
    )


def log_in(port: int, username: str) -> str:
    browser = Browser(port=port, cookies={})
    answer = browser.post_form("/accounts/login/", {"login": username, "password": DEMO_PASSWORD})
    if answer.status != 302 or "sessionid" not in browser.cookies:
        raise RuntimeError(f"log-in of {username} failed ({answer.status})")
    return browser.cookies["sessionid"]


def run_lighthouse(url: str, report: Path, session: str | None) -> dict:
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run",
    ]
    if session:
        command.append("--extra-headers=" + json.dumps({"Cookie": f"sessionid={session}"}))
    # Headless Chromium now and then fails to start on a busy machine: one more try.
    for attempt in (1, 2):
        done = subprocess.run(command, check=False, env={**os.environ, "CHROME_PATH": CHROME})
        if done.returncode == 0:
            break
        if attempt == 2:
            raise RuntimeError(f"Lighthouse failed twice on {url}")
    result = json.loads(report.read_text())
    scores = {name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES}
    failing = [
        audit["id"]
        for audit in result["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 1
        and audit.get("scoreDisplayMode") in ("binary", "metricSavings")
    ]
    return {"scores": scores, "failing": failing}


def main() -> int:
    if not LIGHTHOUSE.exists():
        print("Lighthouse is missing: run `make install` (npm ci).", file=sys.stderr)
        return 2
    collect_static()
    database = ScaleDatabase.create()
    reports = Path(tempfile.mkdtemp(prefix="holdfast-lighthouse-"))
    server = None
    try:
        # load_demo's app commands run only with DEBUG on; the server below runs with it off.
        subprocess.run(
            [sys.executable, "manage.py", "load_demo", "-v", "0"],
            cwd=ROOT,
            env=database.env(**SITE_ENV, DEBUG="1"),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        urls = demo_urls(database)
        server = AppServer.start(database, workers=2, threads=2, **SITE_ENV)
        member = log_in(server.port, "demo_member")
        moderator = log_in(server.port, "demo_moderator")
        pages = [
            ("home", "/", None, True),
            ("thread", urls["thread"], None, True),
            # Public, but a member's profile asks search engines not to index it (their
            # privacy): Lighthouse's is-crawlable fails there by design, so SEO is not judged.
            ("profile", "/u/demo_member/", None, False),
            ("sign-up", "/accounts/signup/", None, True),
            ("streak", "/streak/", member, False),
            ("sos", "/sos/", member, False),
            ("mod queue", urls["queue"], moderator, False),
        ]
        header = f"{'page':<11}{'perf':>6}{'a11y':>6}{'best':>6}{'seo':>6}  below target"
        lines = [header, "-" * len(header)]
        missed = 0
        only = os.environ.get("LIGHTHOUSE_PAGES", "")  # e.g. "thread,profile"
        for name, path, session, public in pages:
            if only and name not in only.split(","):
                continue
            found = run_lighthouse(
                f"http://127.0.0.1:{server.port}{path}", reports / f"{name}.json", session
            )
            scores = found["scores"]
            below = [
                category
                for category, target in TARGETS.items()
                if scores[category] < target and (public or category != "seo")
            ]
            missed += bool(below)
            lines.append(
                f"{name:<11}"
                + "".join(f"{scores[c]:>6}" for c in CATEGORIES)
                + (
                    "  " + ", ".join(below) + f" ({', '.join(found['failing'][:6])})"
                    if below
                    else ""
                )
            )
        print("\n".join(lines))
        print(f"Targets: {TARGETS} (SEO on indexable public pages only).")
        if os.environ.get("LIGHTHOUSE_KEEP"):
            print(f"Reports: {reports}")
        return 1 if missed else 0
    finally:
        if server is not None:
            server.stop()
        database.destroy()
        if not os.environ.get("LIGHTHOUSE_KEEP"):
            shutil.rmtree(reports, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
