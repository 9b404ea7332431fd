"""forum.fragments: each post of a thread page is drawn once and then served from the cache,
under a fingerprint of everything the post partial reads — so a cached post is exactly what
a fresh render would draw for this viewer, and an edit, hide or redaction shows at once."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client, RequestFactory

from forum import fragments, selectors, services
from moderation import actions as moderation_services
from pagecache import csrf
from pagecache import fragments as cached
from tests import factories

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def thread(member, other_member):
    thread = factories.make_thread(author=member, body="The opening words.")
    factories.make_reply(author=other_member, thread=thread, body="A reply from Sasha.")
    factories.make_reply(author=member, thread=thread, body="Rowan answers.")
    thread.refresh_from_db()
    return thread


def posts_html(user, thread) -> list[str]:
    """Each post's HTML as forum.fragments serves it to `user` (CSRF tokens blanked: they
    differ per request by design)."""
    request = RequestFactory().get(thread.get_absolute_url())
    request.user = user
    page = selectors.thread_page(user, thread, 1)
    fragments.render_posts(request, page)
    return [TOKEN.sub('name="csrfmiddlewaretoken" value=""', post.html) for post in page.posts]


def test_render_posts_draws_each_post_once_then_serves_it_from_the_cache(
    thread, other_member, template_draws
):
    drawn = template_draws(cached)
    first = posts_html(other_member, thread)
    assert len(drawn) == 1  # the partial is loaded once for the three posts drawn
    second = posts_html(other_member, thread)
    assert len(drawn) == 1
    assert first == second
    assert "A reply from Sasha." in first[1]


def test_render_posts_cached_html_equals_a_fresh_render_for_every_kind_of_viewer(
    thread, member, other_member, moderator
):
    from django.contrib.auth.models import AnonymousUser

    blocker = factories.make_member(username="blocker")
    services.block_member(blocker=blocker, blocked=other_member)
    post = thread.posts.get(number=2)
    services.toggle_reaction(member=member, post=post, kind="helped")
    viewers = [AnonymousUser(), member, other_member, moderator, blocker]
    # Each viewer in turn, the cache warm from the viewers before: whatever they share
    # must be exactly what they would each have been drawn.
    warm = [posts_html(viewer, thread) for viewer in viewers]
    fresh = []
    for viewer in viewers:
        cache.clear()
        fresh.append(posts_html(viewer, thread))
    assert warm == fresh
    # And the viewers do see different things.
    assert "Edit" in warm[1][0] and "Edit" not in warm[2][0]
    assert "You blocked this member" in warm[4][1]
    assert 'aria-pressed="true"' in warm[1][1] and 'aria-pressed="true"' not in warm[2][1]


def test_render_posts_shows_an_edit_at_once(thread, member, other_member):
    assert "The opening words." in posts_html(other_member, thread)[0]
    post = thread.posts.get(number=1)
    services.edit_post(editor=member, post=post, body="Words, edited.")
    thread.refresh_from_db()
    html = posts_html(other_member, thread)[0]
    assert "Words, edited." in html and "The opening words." not in html


def test_render_posts_shows_a_hide_at_once_and_keeps_the_body_for_moderators(
    thread, other_member, moderator
):
    post = thread.posts.get(number=3)
    assert "Rowan answers." in posts_html(other_member, thread)[2]
    assert "Rowan answers." in posts_html(moderator, thread)[2]
    moderation_services.hide_post(moderator=moderator, post=post, reason="Off topic")
    thread.refresh_from_db()
    hidden = posts_html(other_member, thread)[2]
    assert "Hidden by a moderator" in hidden and "Rowan answers." not in hidden
    assert "Rowan answers." in posts_html(moderator, thread)[2]


def test_render_posts_shows_a_redaction_at_once(thread, other_member, moderator):
    post = thread.posts.get(number=2)
    assert "A reply from Sasha." in posts_html(other_member, thread)[1]
    moderation_services.redact_post(moderator=moderator, post=post, body="A reply from [name].")
    thread.refresh_from_db()
    html = posts_html(other_member, thread)[1]
    assert "A reply from [name]." in html and "A reply from Sasha." not in html


def test_render_posts_follows_a_new_reaction_count(thread, member, other_member):
    post = thread.posts.get(number=3)
    before = posts_html(other_member, thread)[2]
    services.toggle_reaction(member=other_member, post=post, kind="strength")
    thread.refresh_from_db()
    after = posts_html(other_member, thread)[2]
    assert before != after
    assert 'aria-pressed="true"' in after


def test_thread_page_serves_the_members_own_csrf_token_in_cached_posts(thread, other_member):
    posts_html(other_member, thread)  # another member's view draws and caches the posts
    client = Client(enforce_csrf_checks=True)
    client.force_login(factories.make_member(username="reader"))
    response = client.get(thread.get_absolute_url())
    content = response.content.decode()
    assert csrf.placeholder() not in content
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', content))
    assert tokens and all(len(token) == 64 for token in tokens)
    # A reaction posted with a token from a cached post is accepted.
    post = thread.posts.get(number=2)
    reacted = client.post(
        f"/p/{post.pk}/react/", {"kind": "helped", "csrfmiddlewaretoken": tokens.pop()}
    )
    assert reacted.status_code == 302
    assert post.reactions.filter(member__username="reader").exists()


def test_permissions_lists_every_question_the_post_partial_asks():
    source = (Path(settings.BASE_DIR) / "templates/forum/thread_detail.html").read_text()
    start = source.index("{% partialdef reactions %}")
    end = source.index("{% endpartialdef %}", source.index("{% partialdef post %}"))
    asked = set(re.findall(r'can:"(\w+)"', source[start:end]))
    assert asked == set(fragments.PERMISSIONS)


def rows_html(user, threads, *, show_category=True) -> str:
    threads = selectors.mark_unread(user, threads)
    return fragments.thread_rows(threads, show_category=show_category)


def listed(thread):
    from forum.models import Thread

    return list(Thread.objects.filter(pk=thread.pk).for_listing())


def test_thread_rows_are_drawn_once_then_served_from_the_cache(
    thread, other_member, template_draws
):
    drawn = template_draws(cached)
    first = rows_html(other_member, listed(thread))
    second = rows_html(other_member, listed(thread))
    assert len(drawn) == 1
    assert first == second
    assert "A thread to talk in" in first and "2 replies" in first


def test_thread_rows_follow_a_reply_a_rename_and_the_readers_unread_mark(
    thread, member, other_member
):
    reader = factories.make_member(username="reader")
    factories.make_reply(author=member, thread=thread, body="Since you joined.")
    assert "New" in rows_html(reader, listed(thread))
    services.mark_thread_read(member=reader, thread=thread, up_to=4)
    assert "New" not in rows_html(reader, listed(thread))
    factories.make_reply(author=other_member, thread=thread, body="One more.")
    after = rows_html(reader, listed(thread))
    assert "4 replies" in after and "1 unread" in after
    other_member.display_name = "Sasha B."
    other_member.save()
    assert "by Sasha B." in rows_html(reader, listed(thread))


def test_thread_rows_cached_html_equals_a_fresh_render(thread, member, other_member):
    viewers = [member, other_member, factories.make_member(username="reader")]
    warm = [rows_html(v, listed(thread)) for v in viewers]
    fresh = []
    for viewer in viewers:
        cache.clear()
        fresh.append(rows_html(viewer, listed(thread)))
    assert warm == fresh


def test_composer_fields_keep_an_empty_forms_markup_and_draw_a_bound_one_afresh():
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field

    from forum.forms import ReplyForm
    from forum.templatetags.forum_extras import composer_fields

    def drawn(form):
        return "".join(str(f) for f in form.hidden_fields()) + "".join(
            as_crispy_field(f) for f in form.visible_fields()
        )

    assert composer_fields(ReplyForm()) == drawn(ReplyForm())
    assert composer_fields(ReplyForm()) is composer_fields(ReplyForm())  # kept
    bound = ReplyForm({"body": ""})
    assert not bound.is_valid()
    html = composer_fields(bound)
    assert html == drawn(bound) and "invalid-feedback" in html
    kept = composer_fields(ReplyForm({"body": "My words, kept"}))
    assert "My words, kept" in kept


def test_category_rows_are_drawn_once_and_follow_their_counts(thread, member, template_draws):
    from forum.models import Category

    drawn = template_draws(cached)
    first = fragments.category_rows(list(Category.objects.all()))
    assert fragments.category_rows(list(Category.objects.all())) == first
    assert len(drawn) == 1
    assert "1 thread" in first and "3 posts" in first
    factories.make_reply(author=member, thread=thread, body="Another.")
    assert "4 posts" in fragments.category_rows(list(Category.objects.all()))


def test_search_hits_are_drawn_once_and_follow_the_hit(thread, member, template_draws):
    from django.contrib.auth.models import AnonymousUser

    def hits():
        return selectors.search_results(AnonymousUser(), "opening words", 1).object_list

    drawn = template_draws(cached)
    first = fragments.search_hits(hits())
    assert fragments.search_hits(hits()) == first
    assert len(drawn) == 1
    assert "<mark>opening</mark> <mark>words</mark>" in first
    member.display_name = "Rowan R."
    member.save()
    assert "Rowan R." in fragments.search_hits(hits())


def test_render_posts_asks_each_permission_once_per_post(thread, other_member, monkeypatch):
    """One permission pass per page: the fingerprint's answers are the ones the partial
    shows, not asked a second time while the post is drawn."""
    from forum import permissions

    asked = []
    real = permissions.can_edit_post

    def counting(user, post):
        asked.append(post.pk)
        return real(user, post)

    monkeypatch.setattr(permissions, "can_edit_post", counting)
    cache.clear()
    html = posts_html(other_member, thread)
    assert sorted(asked) == sorted(post.pk for post in thread.posts.all())
    # Sasha may edit their own reply, and only that one: the answers drew the links.
    assert ["/edit/" in post for post in html] == [False, True, False]
