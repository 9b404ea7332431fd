"""Every forum view, through the Django client: what members, visitors, other members and
moderators get, and that bad input comes back with a kind message and nothing lost."""

import html
import re
from datetime import timedelta
from http import HTTPStatus

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import ratelimit
from forum import forms, permissions, search, services
from forum.models import Notification, Post, Reaction, Status, Thread, ThreadRead
from moderation import screening
from tests import factories

pytestmark = pytest.mark.django_db

PHONE = "Call me on 555 123 4567 tonight."


def thread_url(thread, **query):
    url = reverse("forum:thread_detail", kwargs={"pk": thread.pk, "slug": thread.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def text_of(response) -> str:
    return response.content.decode()


# --- home, guidelines, categories ------------------------------------------------------


def test_home_lists_categories_latest_and_unanswered(client, thread, private_category):
    response = client.get(reverse("forum:home"))
    assert response.status_code == HTTPStatus.OK
    page = text_of(response)
    assert "Daily check-ins" in page and "Day one again" in page
    assert "Urges &amp; relapses" not in page  # members-only: hidden from visitors
    assert response.context["home"].unanswered == [thread]


def test_home_shows_members_only_categories_to_members(client_for, member, private_category):
    assert "Urges &amp; relapses" in text_of(client_for(member).get(reverse("forum:home")))


def test_home_marks_new_threads_for_members(client_for, thread, other_member):
    other_member.date_joined = timezone.now() - timedelta(days=1)
    other_member.save()
    response = client_for(other_member).get(reverse("forum:home"))
    assert response.context["home"].latest[0].unread_mark.new


def test_guidelines_page_shows_the_guidelines(client):
    response = client.get(reverse("forum:guidelines"))
    assert response.status_code == HTTPStatus.OK
    assert "No contact is for you." in text_of(response)


def test_category_lists_pinned_threads_first(client, member, category):
    factories.make_thread(author=member, category=category, title="Older and pinned")
    newer = factories.make_thread(author=member, category=category, title="Newer thread")
    pinned = Thread.objects.get(title="Older and pinned")
    services.set_thread_flags(thread=pinned, pinned=True)
    response = client.get(category.get_absolute_url())
    assert list(response.context["page"].object_list) == [pinned, newer]


def test_category_members_only_is_404_for_visitors(client, client_for, member, private_category):
    assert client.get(private_category.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert client_for(member).get(private_category.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99999999999999999999"])
def test_category_survives_odd_page_numbers(client, category, page):
    assert client.get(category.get_absolute_url(), {"page": page}).status_code == 200


def test_category_unknown_is_404(client):
    url = reverse("forum:category_detail", kwargs={"slug": "nope"})
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


# --- thread page -----------------------------------------------------------------------


def test_thread_redirects_to_its_canonical_address(client, thread):
    short = client.get(reverse("forum:thread_redirect", kwargs={"pk": thread.pk}))
    assert short.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert short.url == thread.get_absolute_url()
    wrong = reverse("forum:thread_detail", kwargs={"pk": thread.pk, "slug": "old-title"})
    assert client.get(wrong + "?page=1").url == thread.get_absolute_url()


def test_thread_page_shows_posts_authors_and_join_dates(client, thread, other_member):
    factories.make_reply(author=other_member, thread=thread, body="**Kind** words")
    page = text_of(client.get(thread_url(thread)))
    assert "<strong>Kind</strong> words" in page
    assert "rowan" in page and "sasha" in page and "joined" in page
    assert 'id="post-' in page


def test_thread_page_last_and_numbers_past_the_end(client, thread, member):
    for n in range(2, 26):
        factories.make_reply(author=member, thread=thread, body=f"Reply {n}")
    last = client.get(thread_url(thread, page="last"))
    assert last.context["page"].number == 2
    assert [p.number for p in last.context["page"].posts] == list(range(21, 26))
    assert client.get(thread_url(thread, page=7)).context["page"].number == 2
    assert client.get(thread_url(thread, page="first")).status_code == HTTPStatus.NOT_FOUND


def test_thread_in_members_only_category_is_404_for_visitors(
    client, client_for, member, private_category
):
    thread = factories.make_thread(author=member, category=private_category)
    assert client.get(thread_url(thread)).status_code == HTTPStatus.NOT_FOUND
    assert client_for(member).get(thread_url(thread)).status_code == HTTPStatus.OK


def test_held_thread_is_seen_by_its_author_and_moderators_only(
    client, client_for, member, other_member, moderator, category
):
    held = services.create_thread(author=member, category=category, title="Held one", body=PHONE)
    url = thread_url(held.post.thread)
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    assert client_for(other_member).get(url).status_code == HTTPStatus.NOT_FOUND
    own = client_for(member).get(url)
    assert own.status_code == HTTPStatus.OK and "waiting for a moderator" in text_of(own)
    assert client_for(moderator).get(url).status_code == HTTPStatus.OK


def test_held_reply_shows_to_its_author_only(client_for, thread, other_member, member):
    services.create_reply(author=other_member, thread=thread, body=PHONE)
    assert "555 123 4567" in text_of(client_for(other_member).get(thread_url(thread)))
    assert "555 123 4567" not in text_of(client_for(member).get(thread_url(thread)))


def test_hidden_and_removed_posts_keep_their_place(
    client, client_for, thread, other_member, moderator
):
    hidden = factories.make_reply(author=other_member, thread=thread, body="Secret words")
    removed = factories.make_reply(author=other_member, thread=thread, body="Regretted words")
    services.hide_post(post=hidden, reason="Off topic")
    services.delete_post(member=other_member, post=removed)
    page = text_of(client.get(thread_url(thread)))
    assert "Hidden by a moderator." in page and "Secret words" not in page
    assert "Removed by author." in page and "Regretted words" not in page
    assert "Secret words" in text_of(client_for(moderator).get(thread_url(thread)))


def is_read(sql: str) -> bool:
    """A SELECT, or a WITH … SELECT (SQLite's search ranks its matches in a CTE)."""
    statement = sql.lstrip().upper()
    if statement.startswith("WITH"):
        return re.search(r"\b(INSERT|UPDATE|DELETE|REPLACE)\b", statement) is None
    return statement.startswith("SELECT")


@pytest.mark.parametrize(
    "where",
    ["home", "category", "thread", "last page", "search", "guidelines", "member posts", "unread"],
)
def test_visitors_get_no_cookie_and_cause_no_database_write(client, thread, other_member, where):
    factories.make_reply(author=other_member, thread=thread, body="quiet words")
    url = {
        "home": reverse("forum:home"),
        "category": thread.category.get_absolute_url(),
        "thread": thread_url(thread),
        "last page": thread_url(thread, page="last"),
        "search": reverse("forum:search") + "?q=quiet",
        "guidelines": reverse("forum:guidelines"),
        "member posts": reverse("forum:member_posts", kwargs={"username": "sasha"}),
        "unread": reverse("forum:thread_unread", kwargs={"pk": thread.pk}),
    }[where]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code in (HTTPStatus.OK, HTTPStatus.FOUND)
    writes = [q["sql"] for q in queries if not is_read(q["sql"])]
    assert writes == []
    assert response.cookies == {}
    assert "sessionid" not in client.cookies


def test_thread_page_counts_views_in_the_cache_not_the_database(client, client_for, thread, member):
    client.get(thread_url(thread))
    client.get(thread_url(thread))  # served from the visitors' page cache: counted all the same
    thread.refresh_from_db()
    assert thread.view_count == 0
    # A fresh render (a member's page is never cached) shows the views counted so far.
    response = client_for(member).get(thread_url(thread))
    assert response.context["page"].view_count == 3


def test_thread_page_records_how_far_a_member_read(client_for, thread, other_member, member):
    factories.make_reply(author=other_member, thread=thread)
    client_for(member).get(thread_url(thread))
    assert ThreadRead.objects.get(member=member, thread=thread).last_read_post_number == 2


def test_thread_page_marks_the_first_unread_post(client_for, thread, member, other_member):
    reader = client_for(other_member)
    reader.get(thread_url(thread))
    reply = factories.make_reply(author=member, thread=thread, body="Something new")
    jump = reader.get(reverse("forum:thread_unread", kwargs={"pk": thread.pk}))
    assert jump.url == f"{thread.get_absolute_url()}#post-{reply.pk}"
    response = reader.get(thread_url(thread))
    assert response.context["page"].first_unread == 2
    assert "New since your last visit" in text_of(response)
    # Having read it, the member is not sent to it again.
    assert reader.get(thread_url(thread)).context["page"].first_unread is None


def test_thread_unread_for_visitors_goes_to_the_last_page(client, thread):
    response = client.get(reverse("forum:thread_unread", kwargs={"pk": thread.pk}))
    assert response.url == f"{thread.get_absolute_url()}"


def test_thread_page_shows_crisis_care_once_after_a_crisis_post(client_for, thread, other_member):
    # Crisis lines follow the member's country, suggested from their time zone (helplines).
    other_member.time_zone = "Europe/London"
    other_member.save(update_fields=["time_zone"])
    client = client_for(other_member)
    body = "I keep thinking everyone would be better off without me."
    client.post(reverse("forum:reply_create", kwargs={"pk": thread.pk}), {"body": body})
    first = client.get(thread_url(thread))
    assert "It sounds like things are really hard right now" in text_of(first)
    assert "Your post is up" in text_of(first)
    assert "Samaritans" in text_of(first)
    assert "really hard right now" not in text_of(client.get(thread_url(thread)))


def test_thread_page_crisis_care_does_not_say_a_held_post_is_up(client_for, thread, settings):
    # A new member's first posts wait for a moderator: telling them "Your post is up, and
    # people here will read it" while the banner above says only they can see it is false.
    settings.HOLDFAST_APPROVAL_POSTS = 2
    newcomer = factories.make_member(username="newcomer")
    client = client_for(newcomer)
    body = "I keep thinking everyone would be better off without me."
    client.post(reverse("forum:reply_create", kwargs={"pk": thread.pk}), {"body": body})
    assert Post.objects.get(author=newcomer).status == Status.PENDING
    page = text_of(client.get(thread_url(thread)))
    assert "It sounds like things are really hard right now" in page
    assert "Your post is up" not in page
    assert "a moderator will read it soon" in page


def test_thread_page_tells_why_a_locked_thread_takes_no_replies(client_for, thread, other_member):
    services.set_thread_flags(thread=thread, locked=True)
    page = text_of(client_for(other_member).get(thread_url(thread)))
    assert permissions.LOCKED in page.replace("&#x27;", "'")
    assert 'name="body"' not in page


def test_thread_page_invites_visitors_to_log_in_to_reply(client, thread):
    page = text_of(client.get(thread_url(thread)))
    assert "to reply" in page and 'name="body"' not in page


# --- starting threads ------------------------------------------------------------------


def test_thread_create_requires_login(client):
    response = client.get(reverse("forum:thread_create"))
    assert response.status_code == HTTPStatus.FOUND and "/accounts/login/" in response.url


def test_thread_create_preselects_the_category(client_for, member, category):
    response = client_for(member).get(reverse("forum:thread_create"), {"category": category.slug})
    assert response.context["form"].initial["category"] == category


def test_thread_create_posts_and_redirects_to_the_thread(client_for, member, category):
    response = client_for(member).post(
        reverse("forum:thread_create"),
        {"category": category.pk, "title": "Week two", "body": "Still *here*."},
    )
    thread = Thread.objects.get(title="Week two")
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == f"{thread.get_absolute_url()}#post-{thread.posts.get().pk}"


@pytest.mark.parametrize(
    ("title", "body", "field", "code"),
    [
        ("Hi", "Some words", "title", "min_length"),
        ("x" * 151, "Some words", "title", "max_length"),
        ("", "Some words", "title", "required"),
        ("A fine title", "   ", "body", "required"),
        ("A fine title", "x" * 20_001, "body", "max_length"),
        ("A fine title", "null \x00 char", "body", "null_characters_not_allowed"),
    ],
)
def test_thread_create_bad_input_keeps_the_text(
    client_for, member, category, title, body, field, code
):
    response = client_for(member).post(
        reverse("forum:thread_create"), {"category": category.pk, "title": title, "body": body}
    )
    assert response.status_code == HTTPStatus.OK
    form = response.context["form"]
    assert form.has_error(field, code)
    assert form.data["title"] == title and form.data["body"] == body
    assert not Thread.objects.exists()


def test_thread_create_refused_by_screening_explains_and_keeps_the_text(
    client_for, member, category
):
    body = "Have a look at www.example.com"
    response = client_for(member).post(
        reverse("forum:thread_create"), {"category": category.pk, "title": "A link", "body": body}
    )
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors["body"] == [screening.BLOCK_NEW_MEMBER_LINK]
    assert body in text_of(response)


def test_thread_create_held_tells_the_member_in_one_card(client_for, member, category):
    client = client_for(member)
    response = client.post(
        reverse("forum:thread_create"),
        {"category": category.pk, "title": "My number", "body": PHONE},
        follow=True,
    )
    assert Thread.objects.get().status == Status.PENDING
    # One calm card with the reason and the wait — no flash message, no second alert that
    # the thread waits, no "you can't reply" under it.
    assert list(response.context["messages"]) == []
    assert response.context["held_card"] == {"first_posts": False, "wait_hours": 12}
    html = response.content.decode()
    assert html.count('class="held-card') == 1
    assert "a phone number, an address or a word we watch for" in html
    assert "usually takes less than 12 hours" in html
    assert "This thread is waiting for a moderator" not in html
    assert permissions.NOT_PUBLISHED not in html
    # Shown once: the next visit to the thread has the usual status line instead.
    again = client.get(response.request["PATH_INFO"])
    assert again.context["held_card"] is None
    assert "This thread is waiting for a moderator" in again.content.decode()


def test_reply_held_as_a_first_post_says_why_and_how_long(client_for, member, category, settings):
    thread = factories.make_thread(author=factories.make_member(username="host"))
    settings.HOLDFAST_APPROVAL_POSTS = 2
    settings.HOLDFAST_APPROVAL_WAIT_HOURS = 6
    response = client_for(member).post(
        reverse("forum:reply_create", args=[thread.pk]), {"body": "Hello, I'm here."}, follow=True
    )
    assert response.context["held_card"] == {"first_posts": True, "wait_hours": 6}
    html = response.content.decode()
    assert "A new member's first posts are read by a moderator" in html
    assert "usually takes less than 6 hours" in html


def test_composer_tells_a_new_member_before_posting(client_for, member, category, settings):
    settings.HOLDFAST_APPROVAL_POSTS = 2
    html = client_for(member).get(reverse("forum:thread_create")).content.decode()
    assert "A new member's first posts are read by a moderator before everyone can see" in html
    assert "usually within 12 hours" in html


def test_composer_says_nothing_of_holds_once_posts_are_through(
    client_for, member, category, settings
):
    settings.HOLDFAST_APPROVAL_POSTS = 2
    member.post_count = 2
    member.save()
    response = client_for(member).get(reverse("forum:thread_create"))
    assert "read by a moderator" not in response.content.decode()


def test_thread_create_refuses_silenced_members_kindly(client_for, member, category):
    member.silenced_until = timezone.now() + timedelta(days=2)
    member.save()
    response = client_for(member).post(
        reverse("forum:thread_create"), {"category": category.pk, "title": "Hello all", "body": "x"}
    )
    assert response.status_code == HTTPStatus.OK
    assert response.context["refusal"] == permissions.SILENCED
    assert not Thread.objects.exists()


def test_thread_create_refuses_an_unknown_category(client_for, member):
    response = client_for(member).post(
        reverse("forum:thread_create"), {"category": 9999, "title": "Hello all", "body": "x"}
    )
    assert response.context["form"].has_error("category", "invalid_choice")


def test_thread_create_preview_saves_nothing(client_for, member, category):
    response = client_for(member).post(
        reverse("forum:thread_create"),
        {"category": category.pk, "title": "Hello all", "body": "**bold**", "preview": "1"},
    )
    assert "<strong>bold</strong>" in text_of(response)
    assert not Thread.objects.exists()


def test_thread_create_is_rate_limited_and_keeps_the_text(client_for, member, category):
    client = client_for(member)
    limit = ratelimit.LIMITS["forum:thread"].new_member
    for n in range(limit):
        client.post(
            reverse("forum:thread_create"),
            {"category": category.pk, "title": f"Thread {n}", "body": "x"},
        )
    response = client.post(
        reverse("forum:thread_create"),
        {"category": category.pk, "title": "One too many", "body": "Keep me"},
    )
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Keep me" in text_of(response) and "Nothing you wrote has been lost" in text_of(
        response
    ).replace("&#x27;", "'")
    assert Thread.objects.count() == limit


def test_reply_burst_is_refused_inside_the_long_window(client_for, member, settings):
    # The probe: an established member posted 20 replies in 2.5 s; only the 21st was refused.
    settings.HOLDFAST_NEW_ACCOUNT_DAYS = settings.HOLDFAST_NEW_ACCOUNT_POSTS = 0
    thread = factories.make_thread(author=member)
    client = client_for(member)
    url = reverse("forum:reply_create", kwargs={"pk": thread.pk})
    start = timezone.now()
    statuses = []
    for n in range(5):
        with time_machine.travel(start + timedelta(seconds=0.5 * n), tick=False):
            response = client.post(url, {"body": f"Reply number {n}"})
        statuses.append(response.status_code)

    assert statuses == [HTTPStatus.FOUND] * 3 + [HTTPStatus.TOO_MANY_REQUESTS] * 2
    # The same kind words as the long window, with the text kept.
    assert "Reply number 4" in text_of(response)
    assert ratelimit.TOO_FAST in text_of(response).replace("&#x27;", "'")
    assert thread.posts.count() == 1 + 3
    with time_machine.travel(start + timedelta(seconds=25), tick=False):
        assert client.post(url, {"body": "After a pause"}).status_code == HTTPStatus.FOUND


def test_edit_burst_is_refused_inside_the_long_window(client_for, member, settings):
    settings.HOLDFAST_NEW_ACCOUNT_DAYS = settings.HOLDFAST_NEW_ACCOUNT_POSTS = 0
    post = factories.make_thread(author=member).posts.get()
    client = client_for(member)
    url = reverse("forum:post_edit", kwargs={"pk": post.pk})
    start = timezone.now()
    statuses = []
    for n in range(4):
        with time_machine.travel(start + timedelta(seconds=0.5 * n), tick=False):
            data = {"title": "A thread to talk in", "body": f"Edited {n}"}
            statuses.append(client.post(url, data).status_code)

    assert statuses == [HTTPStatus.FOUND] * 3 + [HTTPStatus.TOO_MANY_REQUESTS]


def test_thread_create_rate_limit_counts_by_ip_too(member, other_member, category):
    limit = ratelimit.LIMITS["forum:thread"]
    from django.core.cache import cache

    assert all(
        ratelimit.hit("forum:thread:ip:127.0.0.1", limit=limit.ip, period=3600)
        for _ in range(limit.ip)
    )
    client = Client()
    client.force_login(other_member)
    response = client.post(
        reverse("forum:thread_create"), {"category": category.pk, "title": "Hello all", "body": "x"}
    )
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    cache.clear()


def test_posting_needs_a_csrf_token(member, category):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post(
        reverse("forum:thread_create"), {"category": category.pk, "title": "Hello all", "body": "x"}
    )
    assert response.status_code == HTTPStatus.FORBIDDEN


# --- replies ---------------------------------------------------------------------------


def test_reply_posts_and_lands_on_its_anchor(client_for, thread, other_member):
    response = client_for(other_member).post(
        reverse("forum:reply_create", kwargs={"pk": thread.pk}), {"body": "Sending strength"}
    )
    reply = Post.objects.get(number=2)
    assert response.url == f"{thread.get_absolute_url()}#post-{reply.pk}"


def test_reply_quote_prefills_an_attributed_quote(client_for, thread, other_member):
    opening = thread.posts.get()
    response = client_for(other_member).get(
        reverse("forum:reply_create", kwargs={"pk": thread.pk}), {"quote": opening.pk}
    )
    body = response.context["form"].initial["body"]
    assert body.startswith(f"> **@rowan** [wrote](/p/{opening.pk}/):")
    assert "> Hello." in body
    assert response.context["form"].initial["reply_to"] == opening.pk


def test_reply_to_a_post_is_shown_as_in_reply_to(client_for, client, thread, other_member):
    opening = thread.posts.get()
    client_for(other_member).post(
        reverse("forum:reply_create", kwargs={"pk": thread.pk}),
        {"body": "Answering you", "reply_to": opening.pk},
    )
    assert Post.objects.get(number=2).reply_to == opening
    assert "In reply to rowan" in text_of(client.get(thread_url(thread)))


def test_reply_to_a_post_you_cannot_see_is_ignored(client_for, thread, member, other_member):
    held = services.create_reply(author=member, thread=thread, body=PHONE).post
    client_for(other_member).post(
        reverse("forum:reply_create", kwargs={"pk": thread.pk}),
        {"body": "Answering", "reply_to": held.pk},
    )
    assert Post.objects.get(body="Answering").reply_to is None


def test_reply_to_a_locked_thread_is_refused_with_a_message(client_for, thread, other_member):
    services.set_thread_flags(thread=thread, locked=True)
    response = client_for(other_member).post(
        reverse("forum:reply_create", kwargs={"pk": thread.pk}), {"body": "Let me in"}
    )
    assert response.status_code == HTTPStatus.OK
    assert response.context["refusal"] == permissions.LOCKED
    assert "Let me in" in text_of(response)
    assert thread.posts.count() == 1


def test_reply_by_moderator_in_a_locked_thread_is_allowed(client_for, thread, moderator):
    services.set_thread_flags(thread=thread, locked=True)
    client_for(moderator).post(
        reverse("forum:reply_create", kwargs={"pk": thread.pk}), {"body": "Locking this, kindly."}
    )
    assert thread.posts.count() == 2


def test_reply_requires_login_and_a_visible_thread(
    client, client_for, other_member, member, private_category
):
    thread = factories.make_thread(author=member, category=private_category)
    url = reverse("forum:reply_create", kwargs={"pk": thread.pk})
    assert "/accounts/login/" in client.post(url, {"body": "x"}).url
    held = services.create_thread(
        author=member, category=private_category, title="Held", body=PHONE
    ).post.thread
    url = reverse("forum:reply_create", kwargs={"pk": held.pk})
    assert client_for(other_member).post(url, {"body": "x"}).status_code == HTTPStatus.NOT_FOUND


def test_reply_too_long_keeps_the_text(client_for, thread, other_member):
    body = "y" * 20_001
    response = client_for(other_member).post(
        reverse("forum:reply_create", kwargs={"pk": thread.pk}), {"body": body}
    )
    assert response.context["form"].errors["body"] == [
        forms.BODY_ERRORS["max_length"] % {"show_value": 20_001}
    ]
    assert response.context["form"].data["body"] == body


# --- single posts ----------------------------------------------------------------------


def test_post_redirect_finds_page_and_anchor(client, thread, member):
    replies = [factories.make_reply(author=member, thread=thread) for _ in range(24)]
    response = client.get(reverse("forum:post_redirect", kwargs={"pk": replies[-1].pk}))
    assert response.url == f"{thread.get_absolute_url()}?page=2#post-{replies[-1].pk}"


def test_post_redirect_hides_held_posts_from_others(
    client, client_for, thread, member, other_member
):
    held = services.create_reply(author=member, thread=thread, body=PHONE).post
    url = reverse("forum:post_redirect", kwargs={"pk": held.pk})
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    assert client_for(other_member).get(url).status_code == HTTPStatus.NOT_FOUND
    assert client_for(member).get(url).status_code == HTTPStatus.FOUND
    missing = reverse("forum:post_redirect", kwargs={"pk": 999_999})
    assert client.get(missing).status_code == HTTPStatus.NOT_FOUND


def test_post_edit_by_author_saves_and_keeps_history(client_for, thread, member):
    post = thread.posts.get()
    url = reverse("forum:post_edit", kwargs={"pk": post.pk})
    client = client_for(member)
    assert client.get(url).context["form"].initial["body"] == "Hello."
    response = client.post(url, {"title": "Day one again", "body": "Hello, friends."})
    post.refresh_from_db()
    assert response.status_code == HTTPStatus.FOUND
    assert post.body == "Hello, friends." and post.revisions.get().body == "Hello."


def test_post_edit_is_404_for_other_members_and_login_for_visitors(
    client, client_for, thread, other_member, moderator
):
    url = reverse("forum:post_edit", kwargs={"pk": thread.posts.get().pk})
    assert client_for(other_member).get(url).status_code == HTTPStatus.NOT_FOUND
    assert "/accounts/login/" in client.get(url).url
    assert client_for(moderator).get(url).status_code == HTTPStatus.OK


def test_post_edit_reply_has_no_title_field(client_for, thread, member):
    reply = factories.make_reply(author=member, thread=thread)
    response = client_for(member).get(reverse("forum:post_edit", kwargs={"pk": reply.pk}))
    assert "title" not in response.context["form"].fields


def test_post_delete_confirms_then_removes_softly(client_for, thread, member):
    post = thread.posts.get()
    url = reverse("forum:post_delete", kwargs={"pk": post.pk})
    client = client_for(member)
    assert "Remove your post?" in text_of(client.get(url))
    client.post(url)
    post.refresh_from_db()
    assert post.deleted_by_author
    assert "Removed by author." in text_of(client.get(thread_url(thread)))


def test_post_delete_is_404_for_others(client_for, thread, other_member, moderator):
    url = reverse("forum:post_delete", kwargs={"pk": thread.posts.get().pk})
    for person in (other_member, moderator):
        assert client_for(person).post(url).status_code == HTTPStatus.NOT_FOUND
    assert thread.posts.get().deleted_at is None


def test_post_history_for_author_and_moderators_only(
    client, client_for, thread, member, other_member, moderator
):
    post = thread.posts.get()
    services.edit_post(editor=member, post=post, body="Second version")
    url = reverse("forum:post_history", kwargs={"pk": post.pk})
    assert "Hello." in text_of(client_for(member).get(url))
    assert client_for(moderator).get(url).status_code == HTTPStatus.OK
    assert client_for(other_member).get(url).status_code == HTTPStatus.NOT_FOUND
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


# --- reactions -------------------------------------------------------------------------


def test_react_without_javascript_toggles_and_redirects(client_for, thread, other_member):
    post = thread.posts.get()
    url = reverse("forum:post_react", kwargs={"pk": post.pk})
    response = client_for(other_member).post(url, {"kind": "helped"})
    assert response.status_code == HTTPStatus.FOUND and response.url.endswith(f"#post-{post.pk}")
    assert Reaction.objects.get().kind == "helped"
    client_for(other_member).post(url, {"kind": "helped"})
    assert not Reaction.objects.exists()


def test_react_with_javascript_returns_the_reactions_fragment(client_for, thread, other_member):
    post = thread.posts.get()
    response = client_for(other_member).post(
        reverse("forum:post_react", kwargs={"pk": post.pk}),
        {"kind": "strength"},
        headers={"X-Requested-With": "fetch"},
    )
    html = text_of(response)
    assert response.status_code == HTTPStatus.OK
    assert html.lstrip().startswith('<div class="reactions')
    assert 'aria-pressed="true"' in html and "<html" not in html


def test_react_to_own_post_is_refused_kindly(client_for, thread, member):
    response = client_for(member).post(
        reverse("forum:post_react", kwargs={"pk": thread.posts.get().pk}),
        {"kind": "helped"},
        headers={"X-Requested-With": "fetch"},
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "your own post" in text_of(response)


def test_react_with_an_unknown_kind_changes_nothing(client_for, thread, other_member):
    client_for(other_member).post(
        reverse("forum:post_react", kwargs={"pk": thread.posts.get().pk}), {"kind": "love"}
    )
    assert not Reaction.objects.exists()


def test_react_needs_login_and_post(client, client_for, thread, other_member):
    url = reverse("forum:post_react", kwargs={"pk": thread.posts.get().pk})
    assert "/accounts/login/" in client.post(url, {"kind": "helped"}).url
    assert client_for(other_member).get(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED


# --- preview ---------------------------------------------------------------------------


def test_preview_renders_sanitised_markdown(client_for, member):
    response = client_for(member).post(
        reverse("forum:preview"), {"body": "**hi** <script>alert(1)</script>"}
    )
    html = text_of(response)
    assert "<strong>hi</strong>" in html and "<script" not in html


def test_preview_needs_login_and_post(client, client_for, member):
    assert client.post(reverse("forum:preview"), {"body": "x"}).status_code == HTTPStatus.FOUND
    assert client_for(member).get(reverse("forum:preview")).status_code == 405


# --- search ----------------------------------------------------------------------------


def test_search_finds_and_highlights(client, thread, other_member):
    factories.make_reply(author=other_member, thread=thread, body="Mornings are the hardest")
    response = client.get(reverse("forum:search"), {"q": "mornings"})
    hits = response.context["results"].object_list
    assert [hit.post.body for hit in hits] == ["Mornings are the hardest"]
    assert "<mark>Mornings</mark>" in text_of(response)


def test_search_says_when_only_the_newest_matches_are_ranked(
    client, thread, other_member, monkeypatch
):
    monkeypatch.setattr(search, "RANKED_MATCHES", 2)
    note = "The newest 2 come first, the most relevant at the top"
    for n in range(2):
        factories.make_reply(author=other_member, thread=thread, body=f"Tides {n}")
    assert note not in text_of(client.get(reverse("forum:search"), {"q": "tides"}))
    factories.make_reply(author=other_member, thread=thread, body="Tides again")
    assert note in text_of(client.get(reverse("forum:search"), {"q": "tides"}))


def test_search_without_words_shows_no_results(client):
    response = client.get(reverse("forum:search"))
    assert response.status_code == HTTPStatus.OK and response.context["results"] is None


def test_search_query_too_long_is_explained(client):
    response = client.get(reverse("forum:search"), {"q": "x" * 201})
    assert response.context["form"].has_error("q", "max_length")


# --- notifications ---------------------------------------------------------------------


def test_notifications_list_and_mark_read(client_for, thread, member, other_member):
    factories.make_reply(author=other_member, thread=thread, body="Hi @rowan")
    client = client_for(member)
    response = client.get(reverse("forum:notification_list"))
    assert "sasha" in text_of(response) and "replied to" not in text_of(response)
    assert "mentioned you in" in text_of(response)
    client.post(reverse("forum:notifications_read"))
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_notifications_mark_one_read(client_for, thread, member, other_member):
    first = factories.make_reply(author=other_member, thread=thread, body="One")
    factories.make_reply(author=other_member, thread=thread, body="Two")
    note = Notification.objects.get(post=first)
    client_for(member).post(reverse("forum:notifications_read"), {"id": [note.pk, "junk"]})
    assert list(Notification.objects.filter(read_at__isnull=True)) == [
        Notification.objects.get(post__body="Two")
    ]


def test_notifications_need_login(client):
    assert "/accounts/login/" in client.get(reverse("forum:notification_list")).url
    assert "/accounts/login/" in client.post(reverse("forum:notifications_read")).url


def test_nav_shows_unread_notification_count(client_for, thread, member, other_member):
    factories.make_reply(author=other_member, thread=thread)
    assert '1<span class="visually-hidden"> unread' in text_of(
        client_for(member).get(reverse("forum:home"))
    )


# --- watching, member posts, blocking --------------------------------------------------


def test_watch_and_stop_watching(client_for, thread, other_member):
    client = client_for(other_member)
    url = reverse("forum:thread_watch", kwargs={"pk": thread.pk})
    client.post(url, {"watching": "on"})
    assert thread.subscriptions.get(member=other_member).watching
    client.post(url, {"watching": "off"})
    assert not thread.subscriptions.get(member=other_member).watching


def test_watch_needs_login(client, thread):
    url = reverse("forum:thread_watch", kwargs={"pk": thread.pk})
    assert "/accounts/login/" in client.post(url, {"watching": "on"}).url


def test_member_posts_hide_members_only_from_visitors(
    client, client_for, member, private_category, thread
):
    factories.make_thread(author=member, category=private_category, title="Private thoughts")
    url = reverse("forum:member_posts", kwargs={"username": "rowan"})
    assert "Private thoughts" not in text_of(client.get(url))
    assert "Private thoughts" in text_of(client_for(member).get(url))
    assert "Day one again" in text_of(client.get(url))
    missing = reverse("forum:member_posts", kwargs={"username": "nobody"})
    assert client.get(missing).status_code == HTTPStatus.NOT_FOUND


def test_block_folds_posts_away_and_unblock_restores(client_for, thread, member, other_member):
    factories.make_reply(author=other_member, thread=thread, body="Unwanted words")
    client = client_for(member)
    client.post(reverse("forum:member_block", kwargs={"username": "sasha"}), {"block": "on"})
    page = text_of(client.get(thread_url(thread)))
    assert "You blocked this member" in page
    assert "sasha" in text_of(client.get(reverse("forum:blocked_list")))
    client.post(reverse("forum:member_block", kwargs={"username": "sasha"}), {"block": "off"})
    assert "You blocked this member" not in text_of(client.get(thread_url(thread)))


def test_block_a_moderator_is_refused(client_for, member, moderator):
    response = client_for(member).post(
        reverse("forum:member_block", kwargs={"username": moderator.username}),
        {"block": "on"},
        follow=True,
    )
    assert "You can't block this member." in [str(m) for m in response.context["messages"]]


def test_block_needs_login(client, member):
    url = reverse("forum:member_block", kwargs={"username": "rowan"})
    assert "/accounts/login/" in client.post(url, {"block": "on"}).url
    assert "/accounts/login/" in client.get(reverse("forum:blocked_list")).url


@pytest.mark.parametrize("pk", ["99999999999999999999", "9223372036854775808"])
@pytest.mark.parametrize(
    "name", ["thread_redirect", "thread_unread", "post_redirect", "post_history"]
)
def test_huge_ids_are_404_not_500(client, name, pk):
    response = client.get(f"{reverse('forum:' + name, kwargs={'pk': 1})}".replace("/1/", f"/{pk}/"))
    assert response.status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("odd", ["²", "٣", "1e3", "99999999999999999999", "-4", ""])
def test_odd_numbers_in_forms_and_queries_are_ignored(
    client_for, thread, member, other_member, odd
):
    client = client_for(other_member)
    assert client.get(thread_url(thread, page=odd or "1")).status_code in (200, 404)
    reply = reverse("forum:reply_create", kwargs={"pk": thread.pk})
    assert client.get(reply, {"quote": odd, "to": odd}).status_code == HTTPStatus.OK
    response = client.post(reply, {"body": "Odd but fine", "reply_to": odd})
    assert response.status_code == HTTPStatus.FOUND
    assert Post.objects.get(body="Odd but fine").reply_to is None
    client.post(reverse("forum:notifications_read"), {"id": odd})


# --- Reply and quote in place, block with undo, "Reported" ------------------------------


def test_reply_quote_alone_answers_the_markdown_for_forum_js(client_for, thread, other_member):
    opening = thread.posts.get()
    response = client_for(other_member).get(
        reverse("forum:reply_create", kwargs={"pk": thread.pk}),
        {"quote": opening.pk},
        headers={"X-Requested-With": "fetch"},
    )
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/plain")
    assert response["X-Holdfast-Partial"] == "quote"
    assert text_of(response).startswith(f"> **@rowan** [wrote](/p/{opening.pk}/):")
    assert "<html" not in text_of(response)


def test_reply_quote_alone_is_not_given_where_the_member_cannot_reply(
    client_for, thread, other_member
):
    thread.locked = True
    thread.save()
    response = client_for(other_member).get(
        reverse("forum:reply_create", kwargs={"pk": thread.pk}),
        {"quote": thread.posts.get().pk},
        headers={"X-Requested-With": "fetch"},
    )
    assert "X-Holdfast-Partial" not in response  # the reply page, with its refusal
    assert "This thread is locked" in text_of(response)


def test_reply_quote_alone_needs_login(client, thread):
    response = client.get(
        reverse("forum:reply_create", kwargs={"pk": thread.pk}),
        {"quote": thread.posts.get().pk},
        headers={"X-Requested-With": "fetch"},
    )
    assert response.status_code == HTTPStatus.FOUND and "/accounts/login/" in response.url


def test_thread_page_offers_reply_and_quote_in_place_and_a_skip_link(
    client_for, thread, other_member
):
    opening = thread.posts.get()
    page = text_of(client_for(other_member).get(thread_url(thread)))
    assert f'?quote={opening.pk}" data-quote="{opening.pk}"' in page
    assert f'?to={opening.pk}" data-reply="{opening.pk}"' in page
    assert 'href="#reply" data-skip-to-reply>Skip to the reply box</a>' in page
    assert '<section class="reply-box mt-4" id="reply"' in page
    # The skip link comes before the first post.
    assert page.index("Skip to the reply box") < page.index(f'id="post-{opening.pk}"')


def test_thread_page_skip_link_leads_to_the_last_page_from_earlier_pages(
    client_for, thread, other_member
):
    for n in range(25):
        factories.make_reply(author=other_member, thread=thread, body=f"Reply {n}")
    page = text_of(client_for(other_member).get(thread_url(thread)))
    assert f'href="{thread.get_absolute_url()}?page=last#reply" data-skip-to-reply' in page


def test_thread_page_skip_link_is_not_offered_to_visitors(client, thread):
    assert "Skip to the reply box" not in text_of(client.get(thread_url(thread)))


def test_block_asks_first_in_the_post(client_for, thread, other_member):
    page = text_of(client_for(other_member).get(thread_url(thread)))
    panel = page[page.index('<details class="block-confirm">') :]
    panel = panel[: panel.index("</details>")]
    assert "Block rowan? Their posts fold away for you" in panel
    assert 'name="block" value="on"' in panel
    assert f'name="next" value="/p/{thread.posts.get().pk}/"' in panel
    assert "Yes, block rowan</button>" in panel


def test_block_from_a_post_stays_on_the_thread_and_offers_undo(
    client_for, thread, member, other_member
):
    post = factories.make_reply(author=other_member, thread=thread, body="Unwanted words")
    client = client_for(member)
    url = reverse("forum:member_block", kwargs={"username": "sasha"})
    response = client.post(url, {"block": "on", "next": f"/p/{post.pk}/"})
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == f"/p/{post.pk}/"
    page = html.unescape(text_of(client.get(response.url, follow=True)))
    assert "You've blocked sasha. Their posts are folded away for you" in page
    assert f'<form method="post" action="{url}" class="d-inline undo-block">' in page
    assert f'name="next" value="/p/{post.pk}/"' in page and ">Undo</button>" in page
    assert "You blocked this member" in page
    # Undo: the unblock posts back to the same place.
    undone = client.post(url, {"block": "off", "next": f"/p/{post.pk}/"})
    assert undone.url == f"/p/{post.pk}/"
    assert "You blocked this member" not in text_of(client.get(thread_url(thread)))


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:x"])
def test_block_never_sends_the_member_to_another_site(client_for, member, other_member, target):
    url = reverse("forum:member_block", kwargs={"username": "sasha"})
    response = client_for(member).post(url, {"block": "on", "next": target})
    assert response.url == reverse("forum:blocked_list")


def test_block_message_escapes_the_members_name(client_for, member):
    factories.make_member(username="mallory", display_name="<b>Mallory</b>")
    client = client_for(member)
    url = reverse("forum:member_block", kwargs={"username": "mallory"})
    page = text_of(client.post(url, {"block": "on"}, follow=True))
    assert "&lt;b&gt;Mallory&lt;/b&gt;" in page and "<b>Mallory</b>" not in page


def test_thread_page_says_reported_once_the_member_reported_a_post(
    client_for, thread, other_member
):
    from moderation import actions as moderation_services

    opening = thread.posts.get()
    report_url = reverse("moderation:report_post", kwargs={"pk": opening.pk})
    client = client_for(other_member)
    assert f'href="{report_url}"' in text_of(client.get(thread_url(thread)))
    moderation_services.report_post(reporter=other_member, post=opening, reason="spam")
    page = text_of(client.get(thread_url(thread)))
    assert f'href="{report_url}"' not in page
    assert '<span class="post-action post-reported">Reported' in page


def test_thread_page_reported_state_is_the_members_own(client_for, thread, other_member, moderator):
    from moderation import actions as moderation_services

    opening = thread.posts.get()
    moderation_services.report_post(reporter=other_member, post=opening, reason="spam")
    third = factories.make_member(username="third_member")
    page = text_of(client_for(third).get(thread_url(thread)))
    assert "post-reported" not in page
    assert reverse("moderation:report_post", kwargs={"pk": opening.pk}) in page


# --- Notifications: one sentence per kind, excerpts, reactions grouped ----------------------


def notifications_text(client) -> str:
    """The list as a reader sees it: the words, without tags, on one line."""
    from django.utils.html import strip_tags

    page = text_of(client.get(reverse("forum:notification_list")))
    page = page[page.index('<ul class="notification-list') :]
    return " ".join(html.unescape(strip_tags(page)).split())


def test_notifications_show_a_two_line_excerpt_of_the_post(client_for, thread, member):
    replier = factories.make_member(username="replier")
    factories.make_reply(
        author=replier, thread=thread, body="**Hold on**, it gets *easier* & lighter. " * 20
    )
    page = text_of(client_for(member).get(reverse("forum:notification_list")))
    excerpt = page[page.index('<p class="mb-0 small notification-excerpt">') :]
    excerpt = excerpt[: excerpt.index("</p>")]
    assert "Hold on, it gets easier &amp; lighter." in excerpt  # words, not Markdown or tags
    assert "<strong>" not in excerpt and "**" not in excerpt
    assert len(html.unescape(excerpt.split(">", 1)[1])) <= 160


def test_notifications_never_excerpt_a_post_in_crisis(client_for, thread, member):
    from moderation import actions as moderation_services

    replier = factories.make_member(username="replier")
    post = factories.make_reply(author=replier, thread=thread, body="Words from a hard night")
    moderation_services.open_crisis_report(post=post, phrases=["hard night"])
    page = notifications_text(client_for(member))
    assert "replier replied in Day one again" in page
    assert "Words from a hard night" not in page


def test_notifications_never_excerpt_a_removed_post(client_for, thread, member):
    replier = factories.make_member(username="replier")
    post = factories.make_reply(author=replier, thread=thread, body="Soon to be gone")
    services.delete_post(member=replier, post=post)
    assert "Soon to be gone" not in notifications_text(client_for(member))


def test_notifications_moderation_note_is_a_proper_sentence(client_for, thread, member):
    Notification.objects.create(
        recipient=member,
        kind=Notification.Kind.MODERATION,
        post=thread.posts.get(),
        thread=thread,
        message="We hid a post that named someone.",
        created_at=timezone.now(),
    )
    page = notifications_text(client_for(member))
    assert "A note from the moderators about Day one again: We hid a post" in page
    assert "The moderators a note" not in page
    assert "Hello." not in page.split("A note from the moderators", 1)[1]  # no excerpt


def test_notifications_reply_and_mention_sentences(client_for, thread, member, other_member):
    factories.make_reply(author=other_member, thread=thread, body="Hi @rowan")
    opening = thread.posts.get(number=1)
    factories.make_reply(author=other_member, thread=thread, body="To you", reply_to=opening)
    page = notifications_text(client_for(member))
    assert "sasha mentioned you in Day one again" in page
    assert "sasha replied to your post in Day one again" in page


def test_notifications_group_reactions_by_post_and_kind(client_for, thread, member):
    opening = thread.posts.get()
    for n in range(3):
        services.toggle_reaction(
            member=factories.make_member(username=f"kind{n}"), post=opening, kind="strength"
        )
    services.toggle_reaction(
        member=factories.make_member(username="helper"), post=opening, kind="helped"
    )
    page = notifications_text(client_for(member))
    assert "3 people sent strength for your post in Day one again" in page
    assert "helper found your post helpful in Day one again" in page
    assert page.count("sent strength") == 1
    assert Notification.objects.filter(recipient=member).count() == 2


# --- "Start a thread": offered by the one permission (can_start_thread), not the template ---

START = "Start a thread</a>"


def test_category_page_offers_start_a_thread_by_permission(client, client_for, member, category):
    url = reverse("forum:category_detail", kwargs={"slug": category.slug})
    assert START in text_of(client_for(member).get(url))
    visitor = text_of(client.get(url))
    assert START not in visitor and "Log in to start a thread" in visitor
    member.silenced_until = timezone.now() + timedelta(days=1)  # may read, not write
    member.save()
    silenced = text_of(client_for(member).get(url))
    assert START not in silenced and "Log in to start a thread" not in silenced


def test_home_offers_start_a_thread_only_to_members_who_may_write(client_for, member, category):
    assert START in text_of(client_for(member).get(reverse("forum:home")))
    member.silenced_until = timezone.now() + timedelta(days=1)
    member.save()
    assert START not in text_of(client_for(member).get(reverse("forum:home")))
