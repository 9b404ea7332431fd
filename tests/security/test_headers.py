"""Security headers on every kind of response: an HTML page (rendered, and again from the
visitors' page cache), error pages (400, 404, 413, 500), the SVG badge and a static file.

Each header test fails if its setting or middleware is removed: SECURE_CSP and
ContentSecurityPolicyMiddleware, SECURE_HSTS_SECONDS, X_FRAME_OPTIONS and its middleware,
SECURE_REFERRER_POLICY, PERMISSIONS_POLICY (config.middleware.SecurityHeadersMiddleware),
SECURE_CONTENT_TYPE_NOSNIFF.
"""

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories


def csp_directives(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = {}
    for part in header.split(";"):
        if words := part.split():
            directives[words[0].lower()] = [word.lower() for word in words[1:]]
    return directives


def _home(client):
    return client.get(reverse("forum:home"))


def _home_from_cache(client):
    client.get(reverse("forum:home"))  # the first render fills the visitors' cache
    response = client.get(reverse("forum:home"))
    return response


def _not_found(client):
    return client.get("/no/such/page/")


def _too_large(client):
    return client.post(
        reverse("account_login"), {"login": "x" * (2 * 1024 * 1024), "password": "x"}
    )


def _bad_host(client):
    return client.get(reverse("forum:home"), headers={"host": "evil.example"})


def _server_error(client, settings):
    settings.ROOT_URLCONF = "tests.security.urls"
    client.raise_request_exception = False
    return client.get("/__security_test_500__/")


def _badge(client):
    factories.make_member(username="badge_owner")
    return client.get(reverse("accounts:streak_badge", kwargs={"username": "badge_owner"}))


def _signed_in_page(client):
    client.force_login(factories.make_member(username="signed_in"))
    return client.get(reverse("forum:notification_list"))


PAGES = {
    "html_page": (_home, HTTPStatus.OK),
    "html_page_from_visitor_cache": (_home_from_cache, HTTPStatus.OK),
    "signed_in_page": (_signed_in_page, HTTPStatus.OK),
    "error_404": (_not_found, HTTPStatus.NOT_FOUND),
    "error_413": (_too_large, HTTPStatus.REQUEST_ENTITY_TOO_LARGE),
    "error_400_unknown_host": (_bad_host, HTTPStatus.BAD_REQUEST),
    "error_500": (_server_error, HTTPStatus.INTERNAL_SERVER_ERROR),
    "badge_svg": (_badge, HTTPStatus.OK),
}


@pytest.fixture(params=list(PAGES))
def response(request, db, settings):
    fetch, status = PAGES[request.param]
    client = Client()
    args = (client, settings) if fetch is _server_error else (client,)
    result = fetch(*args)
    assert result.status_code == status, request.param
    return result


def test_csp_forbids_inline_script_and_style(response):
    directives = csp_directives(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    header = response.headers["Content-Security-Policy"].lower()
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header


def test_csp_shuts_plugins_base_and_framing(response):
    directives = csp_directives(response)
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]


def test_x_frame_options_deny(response):
    assert response.headers["X-Frame-Options"] == "DENY"


def test_referrer_policy_same_origin(response):
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_permissions_policy_turns_off_powerful_features(response):
    policy = response.headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


def test_nosniff(response):
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_cross_origin_opener_policy(response):
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_hsts_on_https_with_debug_off(db, settings):
    assert not settings.DEBUG
    response = Client().get(reverse("forum:home"), secure=True)
    hsts = response.headers["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts
    assert "includeSubDomains" in hsts
    assert "preload" in hsts


def test_hsts_on_https_error_page(db):
    response = Client().get("/no/such/page/", secure=True)
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]


def test_no_hsts_over_plain_http(db):
    # Browsers ignore HSTS over http; sending it there would only show it is misconfigured.
    assert "Strict-Transport-Security" not in Client().get(reverse("forum:home")).headers


def test_plain_http_redirects_to_https_in_production(db, settings):
    settings.SECURE_SSL_REDIRECT = True  # production's value (tests turn it off for the client)
    response = Client().get(reverse("forum:home"))
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response.url.startswith("https://")


def test_static_files_are_nosniff(db):
    response = Client().get("/static/css/holdfast.css")
    assert response.status_code == HTTPStatus.OK
    assert response.headers["X-Content-Type-Options"] == "nosniff"
