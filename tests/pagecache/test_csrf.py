"""pagecache.csrf: one placeholder for every stored page and fragment, filled with each
request's own token on the way out, through Django's public get_token() only."""

import re

import pytest
from django.middleware.csrf import CsrfViewMiddleware, get_token, rotate_token
from django.test import RequestFactory

from pagecache import csrf

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _request():
    request = RequestFactory().get("/")
    CsrfViewMiddleware(lambda r: None).process_request(request)
    return request


def test_csrf_context_processor_gives_the_placeholder_only_while_deferred():
    request = _request()
    assert str(csrf.context_processor(request)["csrf_token"]) == csrf.token_for(request)
    with csrf.deferred(request):
        assert csrf.context_processor(request) == {"csrf_token": csrf.placeholder()}
        assert csrf.token_for(request) == csrf.placeholder()
    assert csrf.token_for(request) != csrf.placeholder()


def test_csrf_deferred_tells_when_a_real_token_was_asked_for_all_the_same():
    request = _request()
    with csrf.deferred(request) as used_real_token:
        pass
    assert not used_real_token()
    with csrf.deferred(request) as used_real_token:
        get_token(request)  # a view that bypasses the context: its page must not be stored
    assert used_real_token()
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"]  # the cookie is still sent


def test_csrf_fill_puts_in_the_requests_own_token():
    request = _request()
    page = f'<input name="csrfmiddlewaretoken" value="{csrf.placeholder()}">'.encode()
    filled = csrf.fill(page, request)
    assert csrf.placeholder().encode() not in filled
    token = filled.split(b'value="')[1].split(b'"')[0].decode()
    assert len(token) == 64
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"]  # get_token() marked the cookie to send


def test_csrf_a_request_masks_its_token_once(monkeypatch):
    request = _request()
    masked = []
    monkeypatch.setattr(csrf, "get_token", lambda r: masked.append(r) or get_token(r))
    token = csrf.token_for(request)
    page = csrf.placeholder().encode()
    assert csrf.token_for(request) == token
    assert str(csrf.context_processor(request)["csrf_token"]) == token
    assert csrf.fill(page, request) == token.encode()
    assert len(masked) == 1
    assert _matches(token, request.META["CSRF_COOKIE"])


def test_csrf_a_rotated_secret_or_a_mark_taken_off_masks_it_again():
    request = _request()
    before = csrf.token_for(request)
    rotate_token(request)  # a log-in: a new secret
    after = csrf.token_for(request)
    assert after != before and _matches(after, request.META["CSRF_COOKIE"])
    del request.META["CSRF_COOKIE_NEEDS_UPDATE"]
    csrf.token_for(request)
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"]  # get_token() asked again: the cookie goes


def _matches(token, secret) -> bool:
    """Whether CsrfViewMiddleware accepts `token` for a session whose secret is `secret`."""
    request = RequestFactory().post("/", {"csrfmiddlewaretoken": token})
    request.COOKIES["csrftoken"] = secret
    middleware = CsrfViewMiddleware(lambda r: None)
    middleware.process_request(request)
    return middleware.process_view(request, lambda r: None, (), {}) is None


def test_csrf_placeholder_is_derived_from_the_secret_key(settings):
    before = csrf.placeholder()
    csrf.placeholder.cache_clear()
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789abcdefghijkl"
    try:
        assert csrf.placeholder() != before
    finally:
        csrf.placeholder.cache_clear()


@pytest.mark.urls("tests.pagecache.page_cache_urls")
def test_csrf_members_form_page_is_stored_with_the_placeholder_and_served_with_their_token(
    client_for, member
):
    from tests.pagecache import page_cache_urls

    page_cache_urls.renders.clear()
    client = client_for(member)
    first, second = client.get("/form/"), client.get("/form/")
    assert page_cache_urls.renders == ["form"]  # the second came from the cache
    for response in (first, second):
        assert csrf.placeholder() not in response.text
        assert len(TOKEN.search(response.text).group(1)) == 64


@pytest.mark.urls("tests.pagecache.page_cache_urls")
def test_csrf_members_page_that_asked_for_a_real_token_is_never_stored(client_for, member):
    from tests.pagecache import page_cache_urls

    page_cache_urls.renders.clear()
    client = client_for(member)
    client.get("/raw-form/")
    client.get("/raw-form/")
    assert page_cache_urls.renders == ["raw", "raw"]
