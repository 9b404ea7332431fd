"""The error pages: the 500 page renders without a request context and still offers help."""

from django.test import RequestFactory

from config.views import server_error


def test_server_error_page_renders_and_lists_crisis_help(settings):
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    body = response.content.decode()
    assert settings.CRISIS_RESOURCES[0]["name"] in body
