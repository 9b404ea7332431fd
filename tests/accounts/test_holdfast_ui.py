"""Specification of the design-system tags (accounts/templatetags/holdfast_ui.py)."""

import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse, set_script_prefix

ROOT = Path(__file__).resolve().parents[2]


def render(source, **context):
    return Template("{% load holdfast_ui %}" + source).render(Context(context))


def test_icon_is_a_decorative_svg_of_the_sprite():
    drawn = render('{% icon "bell" %}')
    assert re.fullmatch(
        r'<svg class="icon" width="20" height="20" focusable="false" aria-hidden="true">'
        r'<use href="/static/vendor/icons\.svg[^"#]*#bell"></use></svg>',
        drawn,
    ), drawn


def test_icon_with_a_label_and_size_names_itself_for_screen_readers_escaped():
    drawn = render('{% icon "heart" label=label size="lg" %}', label="Helped <you>")
    assert drawn.startswith('<svg class="icon icon-lg" ')
    assert drawn.endswith('<span class="visually-hidden">Helped &lt;you&gt;</span>')


@pytest.mark.parametrize(
    "name", ["forum:home", "forum:guidelines", "accounts:sos", "account_login"]
)
def test_fixed_url_gives_what_the_url_tag_gives(name):
    assert render("{% fixed_url name %}", name=name) == reverse(name)


def test_fixed_url_follows_the_script_prefix():
    set_script_prefix("/forum/")
    try:
        drawn = render('{% fixed_url "forum:guidelines" %}')
        assert drawn == reverse("forum:guidelines") == "/forum/guidelines/"
    finally:
        set_script_prefix("/")
    assert not render('{% fixed_url "forum:guidelines" %}').startswith("/forum/")


def test_fixed_url_names_every_url_the_layout_names_without_arguments():
    """The layout's files use fixed_url for argument-less URLs: a {% url %} left there is
    reversed on every page."""
    layout = [ROOT / "templates/base.html", *(ROOT / "templates/components").glob("_*.html")]
    for path in layout:
        assert not re.search(r"{% url '[a-z_:]+' %}", path.read_text()), path
