"""Specification of the forum's template tags and the permission filters."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template, TemplateSyntaxError

from forum import services
from tests import factories

pytestmark = pytest.mark.django_db


def render(source, **context):
    return Template(source).render(Context(context)).strip()


def test_can_of_filter_asks_permissions(thread, member, other_member):
    post = thread.posts.get()
    source = '{% load permissions %}{% if user|can:"edit_post"|of:post %}yes{% else %}no{% endif %}'
    assert render(source, user=member, post=post) == "yes"
    assert render(source, user=other_member, post=post) == "no"


def test_can_filter_alone_asks_the_one_argument_form(member, moderator):
    source = '{% load permissions %}{% if user|can:"moderate" %}yes{% else %}no{% endif %}'
    assert render(source, user=moderator) == "yes"
    assert render(source, user=member) == "no"


def test_can_filter_with_an_unknown_permission_fails_loudly(member):
    with pytest.raises(TemplateSyntaxError):
        render('{% load permissions %}{% if user|can:"fly" %}{% endif %}', user=member)


def test_why_cannot_reply_filter(thread, other_member):
    services.set_thread_flags(thread=thread, locked=True)
    out = render(
        "{% load permissions %}{{ user|why_cannot_reply:thread }}", user=other_member, thread=thread
    )
    assert "locked" in out


def test_recent_posts_for_shows_visible_posts_in_one_query(
    thread, member, private_category, django_assert_num_queries
):
    factories.make_thread(author=member, category=private_category, title="Private thoughts")
    source = "{% load forum_extras %}{% recent_posts_for member viewer %}"
    with django_assert_num_queries(1):
        html = render(source, member=member, viewer=AnonymousUser())
    assert "Day one again" in html and "Private thoughts" not in html
    assert "/u/rowan/posts/" in html
    assert "Private thoughts" in render(source, member=member, viewer=member)


def test_unread_notification_count(thread, member, other_member):
    factories.make_reply(author=other_member, thread=thread)
    source = "{% load forum_extras %}{% unread_notification_count user as n %}{{ n }}"
    assert render(source, user=member) == "1"
    assert render(source, user=AnonymousUser()) == "0"
    assert render(source) == "0"  # no user at all (the 500 page): a visitor's count


@pytest.mark.parametrize(
    ("name", "pk"),
    [
        ("forum:post_redirect", 7),
        ("forum:post_redirect", 2_147_483_647),  # the placeholder id itself
        ("forum:reply_create", 12),
        ("moderation:report_post", 200_001),
        ("forum:post_react", "31"),  # not an int: reverse() as usual
    ],
)
def test_id_url_gives_what_the_url_tag_gives(name, pk):
    from django.urls import reverse

    assert render("{% load forum_extras %}{% id_url name pk %}", name=name, pk=pk) == reverse(
        name, args=[pk]
    )


def test_id_url_follows_the_script_prefix():
    from django.urls import set_script_prefix

    set_script_prefix("/forum/")
    try:
        assert render('{% load forum_extras %}{% id_url "forum:post_redirect" 5 %}') == (
            "/forum/p/5/"
        )
    finally:
        set_script_prefix("/")


@pytest.mark.parametrize(
    "username",
    ["rowan", "member00042", "zq" * 40, "a-b_c", "ana.b", "sam+1", "me@home", "Zoë", "x" * 150],
)
@pytest.mark.parametrize("name", ["accounts:profile", "forum:member_block"])
def test_member_url_gives_what_the_url_tag_gives(name, username):
    from django.urls import reverse

    source = "{% load forum_extras %}{% member_url name username %}"
    assert render(source, name=name, username=username) == reverse(name, args=[username])


def test_member_url_follows_the_script_prefix():
    from django.urls import set_script_prefix

    set_script_prefix("/forum/")
    try:
        source = '{% load forum_extras %}{% member_url "accounts:profile" "rowan" %}'
        assert render(source) == "/forum/u/rowan/"
    finally:
        set_script_prefix("/")


def test_member_url_on_a_pattern_without_a_name_reverses_as_usual():
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        render('{% load forum_extras %}{% member_url "forum:post_redirect" "rowan" %}')


MOMENTS = [
    datetime.datetime(2026, 1, 31, 23, 30, tzinfo=datetime.UTC),  # February in Auckland
    datetime.datetime(2026, 7, 4, 9, 5, 7, tzinfo=datetime.UTC),
    datetime.datetime(1999, 12, 31, 23, 59, 59, tzinfo=datetime.UTC),
]


@pytest.mark.parametrize("zone", ["UTC", "Pacific/Auckland", "America/St_Johns"])
@pytest.mark.parametrize("moment", MOMENTS)
def test_machine_time_and_month_year_give_what_the_date_filter_gives(moment, zone):
    from django.utils import timezone

    source = "{% load forum_extras %}{{ moment|machine_time }} {{ moment|month_year }}"
    expected = "{{ moment|date:'Y-m-d\\TH:i:sO' }} {{ moment|date:\"M Y\" }}"
    with timezone.override(zone):
        assert render(source, moment=moment) == render(expected, moment=moment)


def test_machine_time_in_another_zone_is_the_same_moment():
    from django.utils import timezone

    source = "{% load forum_extras %}{{ moment|machine_time }}"
    with timezone.override("Pacific/Auckland"):
        drawn = render(source, moment=MOMENTS[0])
    assert drawn == "2026-02-01T12:30:00+1300"
    assert datetime.datetime.strptime(drawn, "%Y-%m-%dT%H:%M:%S%z") == MOMENTS[0]


def test_machine_time_and_month_year_of_nothing_are_empty():
    source = "{% load forum_extras %}[{{ moment|machine_time }}|{{ moment|month_year }}]"
    assert render(source, moment=None) == "[|]"


def test_reaction_counts_lists_every_reaction_and_reactions_given_only_those_given(thread):
    post = thread.posts.get()
    post.helped_count, post.strength_count = 2, 0
    source = "{% load forum_extras %}{% for k, _, n in post|FILTER %}{{ k }}={{ n }};{% endfor %}"
    assert render(source.replace("FILTER", "reaction_counts"), post=post) == "helped=2;strength=0;"
    assert render(source.replace("FILTER", "reactions_given"), post=post) == "helped=2;"


def test_a_visitor_sees_the_reactions_given_and_no_buttons(client, thread, other_member):
    post = thread.posts.get()
    services.toggle_reaction(member=other_member, post=post, kind="strength")
    html = client.get(thread.get_absolute_url()).content.decode()
    assert '<span class="reaction-static small">Sending strength · 1</span>' in html
    assert "This helped ·" not in html
    assert 'class="reaction-form"' not in html
