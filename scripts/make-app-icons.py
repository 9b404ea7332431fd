"""Renders static/icons/app.svg to the PNG sizes the web app manifest lists (Chromium, through
Playwright, as the browser tests use: no image library needed). Run after changing the SVG:
    .venv/bin/python scripts/make-app-icons.py
The glyph sits inside the middle 60 %, so the same picture is a safe "maskable" icon."""

import base64
from pathlib import Path

from playwright.sync_api import sync_playwright

ICONS = Path(__file__).resolve().parents[1] / "static" / "icons"

with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
    svg = base64.b64encode((ICONS / "app.svg").read_bytes()).decode()
    for size in (192, 512):
        page = browser.new_page(viewport={"width": size, "height": size})
        page.set_content(
            f'<body style="margin:0"><img src="data:image/svg+xml;base64,{svg}" '
            f'width="{size}" height="{size}" style="display:block"></body>'
        )
        page.screenshot(path=ICONS / f"app-{size}.png")
        page.close()
    browser.close()
