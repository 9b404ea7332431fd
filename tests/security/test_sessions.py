"""Sessions: fixation (a new key at log-in and log-out, the old one dead), cookie flags,
other sessions ending when the password changes, the client address rate limits use (a
spoofed X-Forwarded-For is ignored unless TRUSTED_PROXY_COUNT trusts proxies), and pages
with private data kept out of shared caches (config.middleware.PrivatePagesMiddleware)."""

from http import HTTPStatus

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from tests import factories

SESSION = settings.SESSION_COOKIE_NAME


def log_in(client, member, password=factories.PASSWORD):
    return client.post(reverse("account_login"), {"login": member.username, "password": password})


def test_login_gives_a_new_session_key_and_the_old_one_is_dead(client, member):
    # A planted session (the attacker's) that holds something, so it is saved.
    session = client.session
    session["planted"] = True
    session.save()
    planted = session.session_key
    client.cookies[SESSION] = planted
    response = log_in(client, member)
    assert response.status_code == HTTPStatus.FOUND
    new_key = client.cookies[SESSION].value
    assert new_key != planted
    assert not Session.objects.filter(session_key=planted).exists()
    # The attacker, holding the planted key, is not signed in as the member.
    attacker = Client()
    attacker.cookies[SESSION] = planted
    assert not attacker.get(reverse("forum:home")).wsgi_request.user.is_authenticated


def test_reauthentication_gives_a_new_session_key(client, member):
    log_in(client, member)
    before = client.cookies[SESSION].value
    response = client.post(reverse("account_reauthenticate"), {"password": factories.PASSWORD})
    assert response.status_code == HTTPStatus.FOUND
    after = client.cookies[SESSION].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert client.get(reverse("forum:home")).wsgi_request.user == member  # still signed in


def test_failed_reauthentication_keeps_the_session_key(client, member):
    log_in(client, member)
    before = client.cookies[SESSION].value
    client.post(reverse("account_reauthenticate"), {"password": "not it"})
    assert client.cookies[SESSION].value == before


def test_logout_ends_the_session_on_the_server(client, member):
    log_in(client, member)
    key = client.cookies[SESSION].value
    client.post(reverse("account_logout"))
    assert not Session.objects.filter(session_key=key).exists()
    # A copy of the old cookie (a stolen one) no longer signs anyone in.
    thief = Client()
    thief.cookies[SESSION] = key
    assert not thief.get(reverse("forum:home")).wsgi_request.user.is_authenticated


def test_password_change_ends_the_members_other_sessions(member):
    laptop, phone = Client(), Client()
    log_in(laptop, member)
    log_in(phone, member)
    laptop.post(reverse("account_reauthenticate"), {"password": factories.PASSWORD})
    response = laptop.post(
        reverse("account_change_password"),
        {
            "oldpassword": factories.PASSWORD,
            "password1": "a brand new evening",
            "password2": "a brand new evening",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    assert laptop.get(reverse("forum:home")).wsgi_request.user == member  # still signed in
    assert not phone.get(reverse("forum:home")).wsgi_request.user.is_authenticated


def test_deleting_the_account_ends_every_session(member):
    laptop, phone = Client(), Client()
    log_in(laptop, member)
    log_in(phone, member)
    keys = [laptop.cookies[SESSION].value, phone.cookies[SESSION].value]
    response = laptop.post(
        reverse("accounts:data_delete"), {"keep_posts": "delete", "password": factories.PASSWORD}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert not Session.objects.filter(session_key__in=keys).exists()
    for client in (laptop, phone):
        assert not client.get(reverse("forum:home")).wsgi_request.user.is_authenticated


def test_session_cookie_flags_with_debug_off(client, member):
    assert not settings.DEBUG
    response = log_in(client, member)
    cookie = response.cookies[SESSION]
    assert cookie["httponly"] is True
    assert cookie["secure"] is True
    assert cookie["samesite"] == "Lax"
    csrf = client.get(reverse("account_login")).cookies.get(settings.CSRF_COOKIE_NAME)
    if csrf is not None:  # set when the page carries a form and no cookie was set yet
        assert csrf["secure"] is True


# --- X-Forwarded-For and the address rate limits use --------------------------------------


def fail_logins(times, *, forwarded_for):
    """Failed log-ins, each as a different made-up name and claiming a different address."""
    last = None
    for number in range(times):
        last = Client(REMOTE_ADDR="203.0.113.7").post(
            reverse("account_login"),
            {"login": f"guess{number}", "password": "wrong"},
            headers={"x-forwarded-for": forwarded_for(number)},
        )
    return last


def test_spoofed_forwarded_for_does_not_escape_the_per_address_limit(db):
    # allauth allows 10 failed log-ins a minute from one address.
    response = fail_logins(11, forwarded_for=lambda number: f"198.51.100.{number}")
    assert "tries from here are paused" in response.content.decode()


def test_forwarded_for_is_used_when_a_proxy_is_trusted(db, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    # Behind our proxy, every client arrives from the proxy's address; the proxy's
    # X-Forwarded-For names them, so eleven different people are eleven addresses.
    response = fail_logins(11, forwarded_for=lambda number: f"198.51.100.{number}")
    assert "tries from here are paused" not in response.content.decode()


def test_trusted_proxy_takes_the_address_its_proxy_saw(db, settings):
    """With one trusted proxy, the client cannot pick their address by writing their own
    X-Forwarded-For entries before the one the proxy appends."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    response = fail_logins(11, forwarded_for=lambda number: f"10.0.0.{number}, 198.51.100.1")
    assert "tries from here are paused" in response.content.decode()


def test_report_rate_limit_is_keyed_on_the_real_address(member):
    from core import ratelimit

    REPORT_LIMIT_IP = ratelimit.LIMITS["moderation:report"].ip

    reporters = [factories.make_member() for _ in range(REPORT_LIMIT_IP + 1)]
    thread = factories.make_thread(author=member)
    statuses = []
    for number, reporter in enumerate(reporters):
        reporter_client = Client(REMOTE_ADDR="203.0.113.9")
        reporter_client.force_login(reporter)
        response = reporter_client.post(
            reverse("moderation:report_thread", kwargs={"pk": thread.pk}),
            {"reason": "spam", "note": ""},
            headers={"x-forwarded-for": f"198.51.100.{number}"},
        )
        statuses.append(response.status_code)
    assert statuses[:REPORT_LIMIT_IP] == [HTTPStatus.FOUND] * REPORT_LIMIT_IP
    assert statuses[-1] == HTTPStatus.TOO_MANY_REQUESTS


# --- Private pages are never stored by shared caches ---------------------------------------


PRIVATE_PAGES = [
    "forum:home",
    "thread",
    "forum:notification_list",
    "forum:blocked_list",
    "moderation:ex_names",
    "moderation:warnings",
    "accounts:settings_profile",
    "accounts:settings_email",
    "accounts:data_export",
    "accounts:data_delete",
    "accounts:streak_dashboard",
    "accounts:sos",
    "account_email",
    "account_change_password",
    "mfa_index",
]
MODERATOR_PAGES = [
    "moderation:dashboard",
    "moderation:care_queue",
    "moderation:rules_queue",
    "moderation:approvals",
    "moderation:audit_log",
    "moderation:watched_words",
]


def assert_private(response):
    assert response.status_code in (HTTPStatus.OK, HTTPStatus.FOUND), response.status_code
    directives = {d.strip() for d in response.headers.get("Cache-Control", "").split(",")}
    assert {"private", "no-store"} <= directives, response.headers.get("Cache-Control")
    assert "public" not in directives
    assert "cookie" in response.headers.get("Vary", "").lower()


@pytest.mark.parametrize("page", PRIVATE_PAGES)
def test_member_pages_are_private_and_not_stored(client, member, page):
    thread = factories.make_thread(author=member)
    client.force_login(member)
    url = thread.get_absolute_url() if page == "thread" else reverse(page)
    assert_private(client.get(url))


@pytest.mark.parametrize("page", MODERATOR_PAGES)
def test_moderator_pages_are_private_and_not_stored(client, moderator, page):
    client.force_login(moderator)
    assert_private(client.get(reverse(page)))


def test_moderator_report_page_is_private(client, moderator, member):
    thread = factories.make_thread(author=member)
    client.force_login(moderator)
    assert_private(
        client.get(reverse("moderation:target_detail", kwargs={"key": f"thread:{thread.pk}"}))
    )


def test_a_visitors_page_stays_cacheable(client, db):
    """The private marking is for members: the same page for a visitor is not private."""
    response = client.get(reverse("forum:home"))
    assert "private" not in response.headers.get("Cache-Control", "")
    assert SESSION not in response.cookies  # no session for a visitor who only reads


def test_a_visitor_half_way_through_login_gets_private_pages(client, member):
    """After the password, before the second factor: the session holds who they are."""
    session = client.session
    session["account_login_state"] = {"user_pk": member.pk}
    session.save()
    assert_private(client.get(reverse("forum:home")))


# --- The visitors' page cache never mixes people up ----------------------------------------


def test_a_members_render_is_never_served_to_a_visitor(member):
    thread = factories.make_thread(author=factories.make_member(username="author"))
    urls = [
        reverse("forum:home"),
        thread.get_absolute_url(),
        reverse("accounts:profile", args=["author"]),
        reverse("forum:search") + "?q=thread",
    ]
    signed_in = Client()
    signed_in.force_login(member)
    for url in urls:
        assert "Log out" in signed_in.get(url).content.decode()
    for url in urls:
        page = Client().get(url).content.decode()
        assert "Log out" not in page and "rowan" not in page, url


def test_no_two_visitors_are_ever_given_the_same_csrf_token(world):
    """A cached page holding a CSRF token would hand one visitor's token to everyone (and
    with it the secret that makes their forms trusted). Two visitors open every page; a
    token seen by both means a render was shared."""
    import re

    from tests.security.urlwalk import all_routes, url_for

    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    shared, with_tokens = [], 0
    first, second = Client(), Client()
    for entry in all_routes():
        if entry[0].startswith("admin/"):
            continue
        url = url_for(entry, world)
        seen_first = set(token.findall(first.get(url).content.decode()))
        seen_second = set(token.findall(second.get(url).content.decode()))
        with_tokens += bool(seen_first and seen_second)
        if seen_first & seen_second:
            shared.append(url)
    assert not shared, shared
    assert with_tokens >= 3  # log-in, sign-up, password reset...: the check has something to see


def test_members_reading_the_same_thread_get_their_own_csrf_tokens(member, other_member):
    """Thread pages are drawn from cached post fragments (forum.fragments) with the token
    put in per request: each member's forms carry a token for their own cookie."""
    import re

    from django.middleware.csrf import _unmask_cipher_token

    thread = factories.make_thread(author=member)
    for _ in range(3):
        factories.make_reply(author=other_member, thread=thread)
    pattern = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    secrets = {}
    for user in (member, other_member, member):
        client = Client()
        client.force_login(user)
        client.get(thread.get_absolute_url())  # fills the fragment cache, sets the cookie
        page = client.get(thread.get_absolute_url()).content.decode()
        tokens = pattern.findall(page)
        assert len(tokens) >= 3  # reaction and reply forms in the posts
        cookie = client.cookies[settings.CSRF_COOKIE_NAME].value
        assert {_unmask_cipher_token(token) for token in tokens} == {cookie}
        secrets.setdefault(user.pk, set()).add(cookie)
    assert len(set.union(*secrets.values())) == 3  # three browsers, three secrets


def test_suspending_a_member_ends_their_sessions(member, moderator):
    laptop, phone = Client(), Client()
    log_in(laptop, member)
    log_in(phone, member)
    mod = Client()
    mod.force_login(moderator)
    response = mod.post(
        reverse("moderation:act", args=[f"member:{member.pk}"]),
        {"action": "suspend", "reason": "", "suspend_for": "7", "confirmed": "on"},
    )
    assert response.status_code == HTTPStatus.FOUND
    for client in (laptop, phone):
        client.get(reverse("forum:home"))  # the next request ends it
        assert not client.get(reverse("forum:home")).wsgi_request.user.is_authenticated
