"""Specification of forum.search, run on whichever database the suite uses (both, in CI):
PostgreSQL full-text search or SQLite FTS5, with the same results and the same rules."""

import pytest
from django.contrib.auth.models import AnonymousUser

from forum import search, search_index, services
from forum.search import MARK_END, MARK_START, highlight_html
from tests import factories

pytestmark = pytest.mark.django_db


def results(text, user=None, window=slice(0, 20)):
    return search.RankedSearch(text, user or AnonymousUser())[window]


def bodies(hits):
    return [hit.post.body for hit in hits]


def test_search_finds_posts_by_their_words_with_stemming(thread, other_member):
    factories.make_reply(author=other_member, thread=thread, body="I was walking every morning")
    assert bodies(results("walks")) == ["I was walking every morning"]


def test_search_ranks_titles_above_bodies(member, other_member, category):
    factories.make_thread(
        author=member, category=category, title="Something else", body="My garden helps me."
    )
    titled = factories.make_thread(
        author=member, category=category, title="Garden therapy", body="Planting things."
    )
    hits = results("garden")
    assert [hit.post.thread for hit in hits][0] == titled
    assert "<mark>Garden</mark>" in hits[0].title_html


def test_search_needs_every_word(thread, other_member):
    factories.make_reply(author=other_member, thread=thread, body="quiet evenings alone")
    factories.make_reply(author=other_member, thread=thread, body="quiet mornings")
    assert bodies(results("quiet evenings")) == ["quiet evenings alone"]


def test_search_matches_quoted_phrases(thread, other_member):
    factories.make_reply(author=other_member, thread=thread, body="the phone stays downstairs")
    factories.make_reply(author=other_member, thread=thread, body="downstairs, the phone stays")
    assert bodies(results('"phone stays downstairs"')) == ["the phone stays downstairs"]


def test_search_never_shows_removed_hidden_or_held_posts(thread, member, other_member):
    removed = factories.make_reply(author=other_member, thread=thread, body="lantern removed")
    hidden = factories.make_reply(author=other_member, thread=thread, body="lantern hidden")
    services.create_reply(author=other_member, thread=thread, body="lantern 555 123 4567")
    factories.make_reply(author=other_member, thread=thread, body="lantern shown")
    services.delete_post(member=other_member, post=removed)
    services.hide_post(post=hidden, reason="test")
    assert bodies(results("lantern")) == ["lantern shown"]
    assert bodies(results("lantern", user=member)) == ["lantern shown"]


def test_search_hides_members_only_categories_from_visitors(member, private_category):
    factories.make_thread(
        author=member, category=private_category, title="Private urge", body="compass"
    )
    assert results("compass") == []
    assert bodies(results("compass", user=member)) == ["compass"]


def test_search_words_never_match_the_index_audience(member, thread, private_category):
    factories.make_thread(author=member, category=private_category, title="Inside", body="x")
    for word in (search_index.EVERYONE, search_index.MEMBERS, "audience"):
        assert results(word) == []
        assert results(word, user=member) == []


def test_search_forgets_a_hidden_thread_and_remembers_it_when_unhidden(thread, other_member):
    factories.make_reply(author=other_member, thread=thread, body="harbour lights")
    opening = thread.posts.get(number=1)
    services.hide_post(post=opening, reason="test")
    assert results("harbour") == []
    services.unhide_post(post=opening)
    assert bodies(results("harbour")) == ["harbour lights"]


def test_search_follows_edits(thread, member):
    post = thread.posts.get()
    services.edit_post(editor=member, post=post, body="A lighthouse now")
    assert bodies(results("lighthouse")) == ["A lighthouse now"]
    assert results("hello") == []


def test_search_snippets_escape_html_and_mark_only_matches(thread, other_member):
    factories.make_reply(
        author=other_member,
        thread=thread,
        body="`<script>alert(1)</script>` beacon, 2 < 3 & 4 > 1",
    )
    [hit] = results("beacon")
    assert "<script>" not in hit.snippet_html
    assert "2 &lt; 3 &amp; 4 &gt; 1" in hit.snippet_html
    assert "<mark>beacon</mark>" in hit.snippet_html


def test_search_text_cannot_fake_highlight_marks(thread, other_member):
    reply = factories.make_reply(
        author=other_member, thread=thread, body=f"{MARK_START}fake{MARK_END} anchor"
    )
    assert MARK_START not in reply.body_text
    [hit] = results("anchor")
    assert "<mark>fake</mark>" not in hit.snippet_html


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "NEAR(a b)",
        "a AND OR NOT",
        "-",
        "*",
        "title:x",
        "^start",
        "'); DROP TABLE x;--",
        "((((",
        "a" * 200,
        "🙂",
        "\x00",
    ],
)
def test_search_survives_any_input(thread, query):
    hits = search.RankedSearch(query, AnonymousUser())
    assert hits.count() >= 0
    assert isinstance(hits[0:20], list)


def test_search_without_words_finds_nothing_without_a_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        hits = search.RankedSearch("  ?! ", AnonymousUser())
        assert (hits.count(), hits[0:20]) == (0, [])


def test_search_pages_through_results(thread, other_member):
    for n in range(25):
        factories.make_reply(author=other_member, thread=thread, body=f"meadow {n}")
    everything = search.RankedSearch("meadow", AnonymousUser())
    assert everything.count() == 25
    first, second = everything[0:20], everything[20:40]
    assert (len(first), len(second)) == (20, 5)
    assert not {h.post.pk for h in first} & {h.post.pk for h in second}


@pytest.fixture
def harbour(member, other_member, category, monkeypatch):
    """Five matches, oldest first; only the newest two are ranked. The oldest and the
    fourth carry the word in their threads' titles (the most relevant); the rest in a body."""
    monkeypatch.setattr(search, "RANKED_MATCHES", 2)
    oldest = factories.make_thread(
        author=member, category=category, title="Harbour", body="First harbour."
    )
    for n in (2, 3):
        factories.make_reply(author=other_member, thread=oldest, body=f"Harbour reply {n}.")
    factories.make_thread(author=member, category=category, title="Harbour lights", body="Four.")
    factories.make_reply(author=other_member, thread=oldest, body="Harbour reply 5.")
    return ["Four.", "Harbour reply 5.", "Harbour reply 3.", "Harbour reply 2.", "First harbour."]


def test_search_ranks_the_newest_matches_and_lists_older_ones_newest_first(harbour):
    assert search.RankedSearch("harbour", AnonymousUser()).count() == 5
    assert bodies(results("harbour", window=slice(0, 20))) == harbour
    assert bodies(results("harbour", window=slice(0, 1))) == harbour[:1]


@pytest.mark.parametrize("window", [slice(1, 3), slice(2, 4), slice(3, 5), slice(4, 20)])
def test_search_pages_across_the_ranked_matches_keep_one_order(harbour, window):
    assert bodies(results("harbour", window=window)) == harbour[window]


def test_search_past_the_ranked_matches_counts_with_its_page(harbour, django_assert_num_queries):
    hits = search.RankedSearch("harbour", AnonymousUser())
    hits.expect(slice(2, 4))
    assert hits.count() == 5
    with django_assert_num_queries(1):  # the posts only
        page = hits[2:4]
    assert bodies(page) == harbour[2:4]


def test_highlight_html_balances_and_escapes():
    assert highlight_html(f"a {MARK_START}b{MARK_END} <i>") == "a <mark>b</mark> &lt;i&gt;"
    assert highlight_html(f"{MARK_START}open") == "<mark>open</mark>"
    assert highlight_html(f"stray{MARK_END} end") == "stray end"
    assert highlight_html(f"{MARK_START}{MARK_START}x{MARK_END}") == "<mark>x</mark>"


def test_rebuild_refills_the_index(thread, other_member):
    factories.make_reply(author=other_member, thread=thread, body="rebuilt willow")
    search_index.rebuild()
    assert bodies(results("willow")) == ["rebuilt willow"]


@pytest.mark.parametrize("window", [slice(0, 2), slice(2, 4), slice(4, 6), slice(8, 10)])
def test_search_count_that_comes_with_the_expected_page_is_the_same(
    member, other_member, category, window, django_assert_num_queries
):
    thread = factories.make_thread(author=member, category=category, title="Evenings")
    for n in range(4):  # five posts match: the page at 4 is short, the one at 8 is past the end
        factories.make_reply(author=other_member, thread=thread, body=f"Lantern number {n}.")
    factories.make_thread(author=member, category=category, title="Lantern", body="A lantern.")
    plain = search.RankedSearch("lantern", AnonymousUser())
    expected = search.RankedSearch("lantern", AnonymousUser())
    expected.expect(window)
    assert expected.count() == plain.count() == 5
    short = slice(window.start, min(window.stop, 5))  # as Paginator slices the last page
    wanted = bodies(plain[short])
    if window.start < 5:
        with django_assert_num_queries(1):  # the posts only: the ranked rows came with the count
            page = expected[short]
        assert bodies(page) == wanted
    else:
        assert bodies(expected[short]) == wanted


class _RecordingRouter:
    """Sends every read to the one test database, recording what asked."""

    reads: list = []

    def db_for_read(self, model, **hints):
        self.reads.append(model._meta.label)
        return "default"


def test_search_reads_its_index_where_the_router_sends_reads(settings, thread, other_member):
    """With a replica, the router sends reads there (config.routers): the index's ranked
    page too, not only the posts of the page."""
    factories.make_reply(author=other_member, thread=thread, body="a quiet harbour")
    settings.DATABASE_ROUTERS = [f"{__name__}._RecordingRouter"]
    _RecordingRouter.reads = []
    hits = search.RankedSearch("harbour", AnonymousUser())
    hits.expect(slice(0, 20))
    assert hits.count() == 1  # the ranked page and the count, from the index alone
    assert _RecordingRouter.reads == ["forum.Post"]
    assert bodies(hits[0:20]) == ["a quiet harbour"]
