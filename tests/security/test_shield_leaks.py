"""A shielded member's words and name never reach visitors or accounts younger than their N
days (issue #15 item 3): the thread page shows "a post hidden by its author's privacy
choice", their own threads are not there to open, and lists, search and their profile show
nothing of them. Older accounts and moderators read as usual."""

import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.shield import services as shield_services
from tests import factories

PLACEHOLDER = "A post hidden by its author's privacy choice."
SECRET = "quinceharbour"


def _aged(days: float, **fields):
    return factories.make_member(
        date_joined=timezone.now() - datetime.timedelta(days=days), **fields
    )


@pytest.fixture
def shielded(db):
    author = _aged(200, username="hollis_shy", display_name="Hollis Brightwater")
    shield_services.set_shield(member=author, days=30)
    return author


@pytest.fixture
def shield_world(shielded, member):
    category = factories.make_category(name="Hard days")
    thread = factories.make_thread(author=member, category=category, title="Open to all")
    reply = factories.make_reply(author=shielded, thread=thread, body=f"My {SECRET} words.")
    own = factories.make_thread(
        author=shielded, category=category, title="Shielded thread title", body=f"{SECRET} too"
    )
    return thread, reply, own


def _no_trace(text: str, author) -> None:
    for word in (SECRET, author.username, author.display_name, "Shielded thread title"):
        assert word.casefold() not in text.casefold(), f"{word!r} leaked"


@pytest.mark.parametrize("reader", ["visitor", "one_day_old"])
def test_shield_hides_post_text_and_author(client, client_for, shield_world, shielded, reader):
    browser = client if reader == "visitor" else client_for(_aged(1))
    thread, _reply, own = shield_world
    page = browser.get(thread.get_absolute_url()).content.decode()
    assert PLACEHOLDER in page
    _no_trace(page, shielded)
    for url in (
        reverse("forum:home"),
        reverse("forum:category_detail", args=[thread.category.slug]),
    ):
        _no_trace(browser.get(url).content.decode(), shielded)
    # Search echoes the words asked for; only the shielded posts hold them: no hit at all.
    found = browser.get(reverse("forum:search") + f"?q={SECRET}").content.decode()
    assert 'class="search-hit' not in found and shielded.display_name not in found
    assert browser.get(own.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    profile = reverse("accounts:profile", args=[shielded.username])
    assert browser.get(profile).status_code == HTTPStatus.NOT_FOUND


def test_shield_lets_older_accounts_and_moderators_read(client_for, shield_world, shielded):
    thread, _reply, own = shield_world
    for reader in (_aged(45), factories.make_moderator(username="mod_new")):
        browser = client_for(reader)
        page = browser.get(thread.get_absolute_url()).content.decode()
        assert SECRET in page and shielded.display_name in page
        assert PLACEHOLDER not in page
        assert browser.get(own.get_absolute_url()).status_code == HTTPStatus.OK


def test_shield_quote_of_a_hidden_post_gives_nothing(client_for, shield_world):
    thread, reply, _own = shield_world
    url = reverse("forum:reply_create", args=[thread.pk]) + f"?quote={reply.pk}"
    page = client_for(_aged(1)).get(url).content.decode()
    assert SECRET not in page


def test_shield_cached_pages_differ_per_reader(client_for, shield_world, shielded, settings):
    """The page cache keeps one copy per member: a young account's copy never reaches an
    older one, nor the other way round (docs/caching.md)."""
    settings.HOLDFAST_PAGE_CACHE_SECONDS = 60
    thread, _reply, _own = shield_world
    old, young = client_for(_aged(45)), client_for(_aged(1))
    for _ in range(2):  # the second round is served from the cache
        assert SECRET in old.get(thread.get_absolute_url()).content.decode()
        assert SECRET not in young.get(thread.get_absolute_url()).content.decode()


def test_shield_turned_on_reaches_cached_visitor_pages(client, member, settings):
    settings.HOLDFAST_PAGE_CACHE_SECONDS = 60
    author = _aged(200, username="late_shield")
    thread = factories.make_thread(author=member, title="Open thread here")
    factories.make_reply(author=author, thread=thread, body=f"Before the {SECRET}.")
    assert SECRET in client.get(thread.get_absolute_url()).content.decode()  # now cached
    shield_services.set_shield(member=author, days=7)
    assert SECRET not in client.get(thread.get_absolute_url()).content.decode()


def test_shield_young_account_gets_no_notification_or_email(db, shielded):
    from django.core import mail

    from forum.models import Notification

    newcomer = _aged(1, username="newcomer")
    older = _aged(60, username="older")
    thread = factories.make_thread(author=newcomer, title="My first day here")
    factories.make_reply(author=older, thread=thread, body="Welcome.")
    factories.make_reply(author=shielded, thread=thread, body=f"@newcomer @older {SECRET}")
    assert not Notification.objects.filter(recipient=newcomer, actor=shielded).exists()
    assert Notification.objects.filter(recipient=older, actor=shielded).exists()
    for message in mail.outbox:
        if newcomer.email in message.to:
            assert SECRET not in message.body and shielded.display_name not in message.body
