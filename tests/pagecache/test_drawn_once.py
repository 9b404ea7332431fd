"""{% drawn_once %} (pagecache_tags): the layout's header, footer and tab bar drawn once per
process for each value of what they read, each form with the request's own CSRF token, and
every page the same as one drawn afresh."""

import re

import pytest
from django.middleware.csrf import CsrfViewMiddleware
from django.template import engines
from django.test import RequestFactory

from forum import services
from pagecache import csrf
from tests import factories

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _template(source: str):
    return engines["django"].from_string("{% load pagecache_tags %}" + source)


def _request():
    request = RequestFactory().get("/")
    CsrfViewMiddleware(lambda r: None).process_request(request)
    return request


def test_drawn_once_draws_a_piece_once_per_value_of_its_arguments():
    piece = _template("{% drawn_once key %}{{ shown }}{% enddrawn_once %}")
    request = _request()
    assert piece.render({"key": 1, "shown": "first"}, request) == "first"
    # The same key: the piece drawn before, whatever else changed (hence: name every input).
    assert piece.render({"key": 1, "shown": "second"}, request) == "first"
    assert piece.render({"key": 2, "shown": "second"}, request) == "second"


def test_drawn_once_without_a_request_draws_every_time():
    piece = _template("{% drawn_once key %}{{ shown }}{% enddrawn_once %}")
    assert piece.render({"key": 1, "shown": "first"}) == "first"
    assert piece.render({"key": 1, "shown": "second"}) == "second"


def test_drawn_once_gives_each_request_its_own_csrf_token():
    piece = _template("{% drawn_once %}<form>{% csrf_token %}</form>{% enddrawn_once %}")
    first, second = _request(), _request()
    tokens = [TOKEN.search(piece.render({}, request)).group(1) for request in (first, second)]
    assert csrf.placeholder() not in "".join(tokens)
    assert tokens[0] != tokens[1]
    for request, token in zip((first, second), tokens, strict=True):
        # Each token is this request's own (the cookie it is sent with validates it).
        assert request.META["CSRF_COOKIE_NEEDS_UPDATE"]
        assert len(token) == 64


def test_drawn_once_keeps_the_placeholder_while_a_page_to_be_stored_is_drawn():
    piece = _template("{% drawn_once %}<form>{% csrf_token %}</form>{% enddrawn_once %}")
    request = _request()
    with csrf.deferred(request):
        assert csrf.placeholder() in piece.render({}, request)


def test_drawn_once_pieces_are_not_searched_for_blocks():
    """A page's blocks are its own: {% extends %} need not walk the layout's pieces."""
    piece = _template("{% drawn_once %}{% block inner %}x{% endblock %}{% enddrawn_once %}")
    from django.template.loader_tags import BlockNode

    assert piece.template.nodelist.get_nodes_by_type(BlockNode) == []


# --- The layout: what its pieces read changes what they show --------------------------------


@pytest.mark.django_db
def test_layout_shows_a_members_new_unread_count_and_new_name(client_for, member, other_member):
    client = client_for(member)
    assert "notification-count" not in client.get("/").content.decode()
    thread = factories.make_thread(author=member)
    services.set_watching(member=member, thread=thread, watching=True)
    factories.make_reply(author=other_member, thread=thread, body="A reply for Rowan.")
    content = client.get("/").content.decode()
    assert content.count('notification-count">1<') == 2  # the menu and the tab bar
    member.display_name = "Rowan the Brave"
    member.save()
    assert 'menu-name">Rowan the Brave<' in client.get("/").content.decode()


@pytest.mark.django_db
def test_layout_marks_the_current_page_in_the_menus(client):
    home = client.get("/").content.decode()
    search = client.get("/search/").content.decode()
    current = re.compile(r'<a class="nav-item-link is-current" aria-current="page" href="([^"]+)"')
    assert current.findall(home) == ["/"]
    assert current.findall(search) == ["/search/"]


@pytest.mark.django_db
def test_layout_gives_each_member_their_own_menu_and_token(client_for, member, other_member):
    pages = {
        user.username: client_for(user).get("/").content.decode() for user in (member, other_member)
    }
    assert 'href="/u/rowan/"' in pages["rowan"] and 'href="/u/rowan/"' not in pages["sasha"]
    assert 'href="/u/sasha/"' in pages["sasha"]
    tokens = {name: set(TOKEN.findall(page)) for name, page in pages.items()}
    assert tokens["rowan"] and tokens["sasha"]
    assert not tokens["rowan"] & tokens["sasha"]
    assert csrf.placeholder() not in pages["rowan"] + pages["sasha"]


@pytest.mark.django_db
def test_layout_footer_follows_the_visitors_theme(client):
    client.cookies["holdfast_theme"] = "dark"
    dark = client.get("/").content.decode()
    client.cookies["holdfast_theme"] = "light"
    light = client.get("/").content.decode()
    in_use = re.compile(r"</svg>(\w+)<span class=\"visually-hidden\"> \(in use\)")
    assert in_use.findall(dark) == ["Dark"]
    assert in_use.findall(light) == ["Light"]


@pytest.mark.django_db
def test_layout_follows_a_members_discreet_mode(client_for, member):
    from accounts.discreet import services as discreet

    client = client_for(member)
    assert "?discreet=1" not in client.get("/").content.decode()
    discreet.set_discreet_mode(member=member, on=True)
    assert '?discreet=1"' in client.get("/").content.decode()
    discreet.set_discreet_mode(member=member, on=False)
    assert "?discreet=1" not in client.get("/").content.decode()


def test_drawn_afresh_draws_every_piece_again():
    from pagecache.templatetags.pagecache_tags import drawn_afresh

    piece = _template("{% drawn_once key %}{{ shown }}{% enddrawn_once %}")
    request = _request()
    assert piece.render({"key": 1, "shown": "first"}, request) == "first"
    with drawn_afresh():
        assert piece.render({"key": 1, "shown": "second"}, request) == "second"
