"""Issue 16, item 6 in a real browser: the installed app's service worker keeps the member's
SOS page (their reasons, their unsent messages) and the crisis lines, so with the network cut
(Playwright's offline mode) they still open; any other page shows the offline page; online,
pages always come from the network (never a stale copy); log-out empties the kept copy.
Without a browser: tests/test_app.py and tests/accounts/push/."""

from django.urls import reverse
from playwright.sync_api import expect

from accounts import services
from tests import factories
from tests.e2e.test_streak_flow import sign_in

KEPT = "(path) => caches.open('holdfast-member').then((c) => c.match(path)).then(Boolean)"


def _until(page, script, arg=None):
    """Polls an async script until it is true (wait_for_function takes a promise for true)."""
    for _ in range(100):
        if page.evaluate(script, arg):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"Never true: {script} {arg}")


def _install(page):
    """The worker registered by static/js/app.js, active, and the member's pages kept."""
    page.goto("/")
    _until(page, "() => navigator.serviceWorker.ready.then(() => true)")
    for path in (reverse("accounts:sos"), reverse("moderation:crisis_resources")):
        _until(page, KEPT, path)


def test_offline_installed_sos_page_and_reasons_open_without_the_network(
    page, live_server, assert_accessible
):
    rowan = factories.make_member(username="rowan")
    services.add_urge_reason(member=rowan, text="I deserve peace.")
    services.save_unsent_message(member=rowan, body="I am not sending this.")
    sign_in(page, rowan, live_server.url)
    expect_manifest = page.locator('link[rel="manifest"]')
    _install(page)  # the SOS page was never opened: it was kept after the first page
    expect(expect_manifest).to_have_attribute("href", "/manifest.webmanifest")

    page.context.set_offline(True)
    page.goto("/sos/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Urge to contact?")
    expect(page.locator(".reason-text")).to_have_text(["I deserve peace."])
    page.locator(".unsent-message summary").click()
    expect(page.locator(".private-note")).to_have_text("I am not sending this.")
    assert_accessible(page)  # the kept page still has its styles (kept by the worker)

    page.goto("/help/crisis/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "If you are thinking about harming yourself"
    )

    # A page that is not kept: the offline page, with crisis help and the way to SOS.
    page.goto("/streak/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You're offline")
    expect(page.get_by_role("link", name="open your SOS page")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="open your SOS page").click()
    expect(page.locator(".reason-text")).to_have_text(["I deserve peace."])


def test_offline_copy_is_never_served_while_online(page, live_server):
    """Network first for pages: a reason added elsewhere (another device) shows at once
    online, and the kept copy follows it."""
    rowan = factories.make_member(username="rowan")
    services.add_urge_reason(member=rowan, text="I deserve peace.")
    sign_in(page, rowan, live_server.url)
    _install(page)
    services.add_urge_reason(member=rowan, text="They never listened.")
    page.goto("/sos/")
    expect(page.locator(".reason-text")).to_have_text(["I deserve peace.", "They never listened."])
    page.context.set_offline(True)
    page.goto("/sos/")
    expect(page.locator(".reason-text")).to_have_text(["I deserve peace.", "They never listened."])


def test_offline_nothing_private_is_kept_after_log_out(page, live_server):
    rowan = factories.make_member(username="rowan")
    services.add_urge_reason(member=rowan, text="I deserve peace.")
    sign_in(page, rowan, live_server.url)
    _install(page)
    page.goto("/sos/")
    menu = page.locator("details.menu-tabs")  # the phone's "Me" tab
    menu.locator("summary").click()
    menu.get_by_role("button", name="Log out").click()
    expect(page.locator("body.is-visitor")).to_have_count(1)
    _until(page, "() => caches.has('holdfast-member').then((kept) => !kept)")

    page.context.set_offline(True)
    page.goto("/sos/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You're offline")
    assert "I deserve peace." not in page.content()


def test_web_push_settings_page_in_the_browser(page, live_server, assert_accessible, settings):
    """The push settings at 375 px, light and dark: the device button appears once the
    script knows the browser can take pushes; quiet hours save without it."""
    from tests.accounts.push.push_service import new_vapid_private_key
    from tests.e2e.conftest import nu_errors

    settings.VAPID_PRIVATE_KEY = new_vapid_private_key()
    rowan = factories.make_member(username="rowan")
    sign_in(page, rowan, live_server.url)
    page.goto(reverse("accounts:settings_push"))
    on = page.get_by_role("button", name="Turn on for this device")
    expect(on).to_be_visible()  # Chromium has the Push API: app.js shows it
    assert on.bounding_box()["height"] >= 44
    page.get_by_label("Quiet from").select_option("22")
    page.get_by_label("Until").select_option("7")
    page.get_by_role("button", name="Save quiet hours").click()
    expect(page.locator(".messages")).to_contain_text("Your quiet hours are saved.")
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert_accessible(page)
    pages = {"push settings": page.content()}
    page.goto(reverse("app_offline"))
    assert_accessible(page)
    pages["offline"] = page.content()
    assert nu_errors(pages) == []


def test_manifest_makes_the_site_installable(page, live_server):
    """Chromium reads the manifest the page links and finds its icons."""
    page.goto("/")
    href = page.locator('link[rel="manifest"]').get_attribute("href")
    manifest = page.evaluate("(href) => fetch(href).then((r) => r.json())", href)
    for icon in manifest["icons"]:
        status = page.evaluate("(src) => fetch(src).then((r) => r.status)", icon["src"])
        assert status == 200, icon
