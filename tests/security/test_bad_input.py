"""Bad input never causes a 500: an over-large body gets the clear 413 page; invalid UTF-8,
NUL bytes, right-to-left overrides and zalgo text in query strings, form bodies, paths,
titles, posts and usernames get a page, and forms answer with kind words; an unknown Host
gets 400.

The NUL and invalid-UTF-8 checks walk every URL (tests/security/urlwalk.py), so views added
later are covered too. PostgreSQL refuses NUL in text outright, so run this file there too.
"""

import contextlib
from http import HTTPStatus

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse

from accounts import selectors as accounts_selectors
from accounts.apps import NUL_MESSAGE
from accounts.models import User
from accounts.names import could_name_a_member
from forum import selectors as forum_selectors
from forum.models import Post, Thread
from moderation import selectors as moderation_selectors
from moderation.modmail import selectors as modmail_selectors
from tests import factories
from tests.security.urlwalk import all_routes, url_for

TWO_MB = 2 * 1024 * 1024
RLO = "\u202e"
ZALGO = "H" + "\u0336\u0334\u0335\u0337\u0338\u0321\u0322\u0327\u0328\u031b" * 20 + "ello"
QUERY_PARAMS = ("q", "page", "category", "to", "quote", "next", "member", "moderator", "action")
# Form fields the site's forms use; a POST fills each with the bad value.
FORM_FIELDS = (
    "title", "body", "category", "reason", "note", "name", "phrase", "message", "login",
    "password", "username", "email", "display_name", "bio", "mood", "kind", "reflection",
    "text", "started_on", "action", "key", "code", "password1", "password2", "oldpassword",
)  # fmt: skip


def assert_too_large_page(response):
    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    page = response.content.decode()
    assert "That was too much to send at once" in page
    assert "splitting it into two posts" in page


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "member"])
def test_two_megabyte_body_gets_the_clear_413_page(client, member, signed_in):
    if signed_in:
        client.force_login(member)
        url = reverse("forum:thread_create")
    else:
        url = reverse("account_login")
    assert_too_large_page(client.post(url, {"title": "Big", "body": "x" * TWO_MB}))
    assert not Thread.objects.exists()


def test_two_megabyte_reply_gets_the_clear_413_page(client, member):
    thread = factories.make_thread(author=member)
    client.force_login(member)
    url = reverse("forum:reply_create", kwargs={"pk": thread.pk})
    assert_too_large_page(client.post(url, {"body": "x" * TWO_MB}))
    assert thread.posts.count() == 1


def test_too_many_fields_gets_the_413_page(client, member):
    client.force_login(member)
    fields = {f"field{number}": "x" for number in range(1500)}
    assert_too_large_page(client.post(reverse("forum:thread_create"), fields))


def test_unknown_host_gets_400(client, db):
    response = client.get(reverse("forum:home"), headers={"host": "evil.example"})
    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_unknown_host_with_a_known_suffix_gets_400(client, db):
    response = client.get(reverse("forum:home"), headers={"host": "localhost.evil.example"})
    assert response.status_code == HTTPStatus.BAD_REQUEST


def site_routes():
    """Every walked route but the admin's: Django's own, and only for staff."""
    return [entry for entry in all_routes() if not entry[0].startswith("admin/")]


def walk(world, staff, request, *, values=None):
    """request(client, url) for every route, as a visitor and as staff (who may open every
    page a member may and the moderators' too); the requests that answered with a 5xx."""
    failures = []
    for user in (None, staff):
        client = Client(raise_request_exception=False)  # collect every failure, then report
        for entry in site_routes():
            if user is not None and "_auth_user_id" not in client.session:
                client.force_login(user)  # again, after a route that logged them out
            url = url_for(entry, world, **(values(entry) if values else {}))
            response = request(client, url)
            if response.status_code >= 500:
                failures.append(f"{user or 'visitor'} {url!r} -> {response.status_code}")
    return failures


@pytest.mark.parametrize(
    "bad",
    ["%FF%FE%FD", "a%00b", "%ED%A0%80", "%E2%80%AEabc%C0%AF", "9" * 30, "-1", "1e9"],
    ids=["invalid_utf8", "nul", "surrogate", "rlo_and_overlong", "huge", "negative", "float"],
)
def test_bad_query_strings_never_cause_a_500_on_any_page(world, staff, bad):
    query = "&".join(f"{name}={bad}" for name in QUERY_PARAMS)
    failures = walk(world, staff, lambda client, url: client.get(f"{url}?{query}"))
    assert not failures, "\n".join(failures)


def test_huge_ids_in_paths_never_cause_a_500(world, staff):
    """An id past PostgreSQL's bigint (the int converter takes any digits)."""

    def huge_ids(entry):
        return {p: "9" * 30 for p, converter in entry[2].items() if converter == "IntConverter"}

    failures = walk(world, staff, lambda client, url: client.get(url), values=huge_ids)
    failures += walk(world, staff, lambda client, url: client.post(url, {}), values=huge_ids)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("bad", ["x\x00y", "x" * 31], ids=["nul", "longer_than_any_name"])
def test_bad_path_parameters_never_cause_a_500(world, staff, bad):
    """GET and POST: the member pages that only take a POST (block, ignore) look the name
    up too."""

    def bad_strings(entry):
        return {p: bad for p, converter in entry[2].items() if converter == "StringConverter"}

    failures = walk(world, staff, lambda client, url: client.get(url), values=bad_strings)
    failures += walk(world, staff, lambda client, url: client.post(url, {}), values=bad_strings)
    assert not failures, "\n".join(failures)


RAW_BODIES = {
    "invalid_utf8": b"%FF%FE%FD",
    "nul": b"a%00b",
    "surrogate": b"%ED%A0%80",
    "huge_number": b"9" * 30,
}


@pytest.mark.parametrize("bad", list(RAW_BODIES))
def test_bad_form_bodies_never_cause_a_500_on_any_view(world, staff, bad):
    """Every URL, POSTed a form whose every usual field holds the bad value."""
    body = b"&".join(name.encode() + b"=" + RAW_BODIES[bad] for name in FORM_FIELDS)
    failures = walk(
        world,
        staff,
        lambda client, url: client.post(
            url, body, content_type="application/x-www-form-urlencoded"
        ),
    )
    assert not failures, "\n".join(failures)


# --- What the forms say -------------------------------------------------------------------


def test_nul_in_a_thread_title_and_body_is_refused_kindly(client, member):
    category = factories.make_category()
    client.force_login(member)
    response = client.post(
        reverse("forum:thread_create"),
        {"category": category.pk, "title": "Day\x00 one", "body": "Hello\x00 there"},
    )
    assert response.status_code == HTTPStatus.OK
    errors = response.context["form"].errors
    assert errors["title"] == [
        "Your title contains a character we can't store. "
        "Try typing it again rather than pasting it."
    ]
    assert "can't store" in errors["body"][0]
    assert not Thread.objects.exists()
    # What they typed is still there for them to fix.
    assert "Hello" in response.content.decode()


def test_nul_in_a_reply_is_refused_kindly(client, member):
    thread = factories.make_thread(author=member)
    client.force_login(member)
    url = reverse("forum:reply_create", kwargs={"pk": thread.pk})
    response = client.post(url, {"body": "I hear\x00 you"})
    assert response.status_code == HTTPStatus.OK
    assert "can't store" in response.context["form"].errors["body"][0]
    assert thread.posts.count() == 1


@pytest.mark.parametrize(
    "username",
    ["rowan\x00", f"{RLO}nawor", f"ro{RLO}wan", ZALGO[:25], "ro\u200bwan", "rоwan"],
    ids=["nul", "rlo_start", "rlo_inside", "zalgo", "zero_width", "cyrillic_o"],
)
def test_signup_refuses_disguised_usernames_kindly(client, db, username):
    response = client.post(
        reverse("account_signup"),
        {
            "username": username,
            "email": "leaf@example.org",
            "password1": "a long quiet evening",
            "password2": "a long quiet evening",
        },
    )
    assert response.status_code == HTTPStatus.OK
    [message] = response.context["form"].errors["username"]
    assert message in (
        "Use 3–30 letters, numbers, underscores or hyphens — no spaces or other symbols.",
        NUL_MESSAGE,
    )
    assert not User.objects.filter(email="leaf@example.org").exists()


@pytest.mark.parametrize("login", ["rowan\x00", "\x00", f"{RLO}rowan", ZALGO], ids=str)
def test_login_with_odd_characters_is_an_ordinary_failure(client, member, login):
    response = client.post(reverse("account_login"), {"login": login, "password": "x"})
    assert response.status_code == HTTPStatus.OK
    errors = response.context["form"].errors.as_data()
    assert errors
    for error in [error for field in errors.values() for error in field]:
        assert "Null characters" not in str(error.message)  # Django's words, not ours
    assert not response.wsgi_request.user.is_authenticated


def test_zalgo_and_rtl_posts_are_stored_and_shown_without_error(client, member):
    category = factories.make_category()
    client.force_login(member)
    # Two marks on a letter are language (titles refuse more: test_zalgo_title_is_refused).
    title = f"Week {RLO}owt and Ho\u0302\u0323a"
    body = f"{ZALGO}\n\n{RLO}gpj.exe and more"
    response = client.post(
        reverse("forum:thread_create"), {"category": category.pk, "title": title, "body": body}
    )
    assert response.status_code == HTTPStatus.FOUND
    post = Post.objects.get()
    # The title loses its direction override (left open, it would turn the rest of its row
    # in every list backwards); the post keeps it, inside its own paragraph.
    assert post.thread.title == "Week owt and Ho\u0302\u0323a"
    assert RLO in post.body
    page = client.get(post.thread.get_absolute_url())
    assert page.status_code == HTTPStatus.OK
    assert client.get(reverse("forum:home")).status_code == HTTPStatus.OK
    assert client.get(reverse("forum:search"), {"q": ZALGO}).status_code == HTTPStatus.OK


@pytest.mark.parametrize(
    ("title", "error"),
    [
        # The probe: 140 combining marks drew over the breadcrumb and the category badge.
        ("Help" + "\u0336\u0334\u0335\u0337" * 35, "at most 2 on any letter"),
        ("Zal\u0336\u0334\u0335go title", "at most 2 on any letter"),
        # Only combining marks: the title showed as empty.
        ("\u0301" * 30, "words or numbers people can read"),
        ("\u200b\u200b\u200b\u200b\u200b\u200b", "words or numbers people can read"),
        ("?!?!?!?!", "words or numbers people can read"),
    ],
    ids=["zalgo", "three_marks", "only_marks", "only_invisible", "only_punctuation"],
)
def test_unreadable_title_is_refused_kindly_keeping_the_text(client, member, title, error):
    category = factories.make_category()
    client.force_login(member)
    response = client.post(
        reverse("forum:thread_create"),
        {"category": category.pk, "title": title, "body": "My words, kept."},
    )
    assert response.status_code == HTTPStatus.OK
    assert error in " ".join(response.context["form"].errors["title"])
    assert "My words, kept." in response.content.decode()
    assert not Thread.objects.exists()


def test_zalgo_display_name_is_refused(client, member):
    client.force_login(member)
    response = client.post(
        reverse("accounts:settings_profile"),
        {
            "display_name": "Sam" + "\u0336\u0334\u0335" * 10,
            "time_zone": "UTC",
            "profile_visibility": "everyone",
            "streak_visibility": "members",
            "streak_display": "exact",
        },
    )
    assert response.status_code == HTTPStatus.OK
    assert "at most 2 on any letter" in " ".join(response.context["form"].errors["display_name"])
    member.refresh_from_db()
    assert member.display_name == ""


@pytest.mark.parametrize("url", ["/new/?category=a%00b", "/search/?q=%00", "/?page=1%00"])
def test_nul_in_a_query_string_gets_the_400_page(client, member, url):
    client.force_login(member)
    response = client.get(url)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "We couldn't read that request" in response.content.decode()


@pytest.mark.parametrize("url", ["/u/x%00y/posts/", "/report/member/%00/"])
def test_nul_in_a_member_name_is_an_unknown_member(client, member, url):
    client.force_login(member)
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def _member_lookups(moderator):
    """Every look-up of a member by the name in a URL, each as its view calls it."""
    return {
        "profile": accounts_selectors.active_member_named,
        "badge": accounts_selectors.badge_member_named,
        "block_ignore_report": forum_selectors.get_member,
        "member_posts": lambda name: forum_selectors.get_member_posts_owner(moderator, name),
        "moderation": lambda name: moderation_selectors.get_member_for_moderation(moderator, name),
        "staff_notes": lambda name: modmail_selectors.get_member_for_notes(moderator, name),
    }


@pytest.mark.parametrize("lookup", ["profile", "badge", "block_ignore_report", "member_posts",
                                    "moderation", "staff_notes"])  # fmt: skip
@pytest.mark.parametrize("name", ["x\x00y", "x" * 31], ids=["nul", "longer_than_any_name"])
def test_member_lookup_by_name_finds_no_one_for_an_impossible_name_without_a_query(
    moderator, django_assert_num_queries, lookup, name
):
    """Not even the query: PostgreSQL would refuse the NUL with a 500. The same answer as
    for an unknown member (None, or the 404)."""
    find = _member_lookups(moderator)[lookup]
    find(moderator.username)  # the viewer's roles, read once and kept on them
    with django_assert_num_queries(0), contextlib.suppress(Http404):
        assert find(name) is None


def test_member_lookup_by_name_still_finds_the_longest_name(moderator):
    """accounts.names keeps the column's length as a number of its own: the two agree."""
    longest_allowed = User._meta.get_field("username").max_length
    longest = factories.make_member(username="a" * longest_allowed)
    for lookup, find in _member_lookups(moderator).items():
        assert find("a" * longest_allowed) == longest, lookup
    assert not could_name_a_member("a" * (longest_allowed + 1))


@pytest.mark.parametrize(
    ("typed", "stored"),
    [(f"{RLO}nimda", "nimda"), (f"{RLO}rotaredom", "rotaredom"), (f"Sam {RLO}ti", "Sam ti")],
)
def test_display_name_cannot_read_backwards(client, member, typed, stored):
    """ "\u202enimda" would show as "admin" and pass every look-alike check as "nimda"."""
    client.force_login(member)
    response = client.post(
        reverse("accounts:settings_profile"),
        {
            "display_name": typed,
            "bio": "",
            "time_zone": "UTC",
            "profile_visibility": "everyone",
            "streak_visibility": "everyone",
            "streak_display": "exact",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    member.refresh_from_db()
    assert member.display_name == stored


def test_edited_title_loses_direction_overrides_too(client, member):
    thread = factories.make_thread(author=member, title="A plain title")
    client.force_login(member)
    opening = thread.posts.order_by("pk").first()
    client.post(
        reverse("forum:post_edit", args=[opening.pk]),
        {"title": f"gnirts {RLO}reversed\u2066", "body": "Hello."},
    )
    thread.refresh_from_db()
    assert thread.title == "gnirts reversed"


def test_an_unexpected_error_shows_a_generic_page(db, settings):
    settings.ROOT_URLCONF = "tests.security.urls"
    client = Client(raise_request_exception=False)
    response = client.get("/__security_test_500__/")
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    for detail in ("Traceback", "RuntimeError", "a deliberate failure", "SECRET_KEY", ".py"):
        assert detail not in page


@pytest.mark.parametrize("name", ["sessionid", "csrftoken"])
def test_a_cookie_with_a_nul_is_ignored(client, member, name):
    """PostgreSQL would refuse the session key (a 500); the browser is treated as one
    without that cookie, and given a fresh one, rather than locked out."""
    client.raise_request_exception = False
    client.cookies[name] = "abcdefgh\x00ijklmnop"
    assert client.get(reverse("forum:home")).status_code == HTTPStatus.OK
    response = client.post(
        reverse("account_login"), {"login": member.username, "password": factories.PASSWORD}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert client.get(reverse("forum:home")).wsgi_request.user == member


@pytest.mark.parametrize("value", ["x" * 5000, "ééééééééé", "%00" * 8, "'\"<>;,"])
def test_odd_cookies_are_ignored(db, value):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = value
    client.cookies["csrftoken"] = value
    assert client.get(reverse("forum:home")).status_code == HTTPStatus.OK
    response = client.post(reverse("account_login"), {"login": "x", "password": "y"})
    assert response.status_code in (HTTPStatus.OK, HTTPStatus.FORBIDDEN)


def test_a_large_file_part_gets_the_413_page_and_is_never_stored(
    client, member, tmp_path, settings
):
    """DATA_UPLOAD_MAX_MEMORY_SIZE does not count files: without config.uploads a 3 MB file
    part of any POST was accepted and written to a temporary file."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    big = SimpleUploadedFile("big.bin", b"x" * (3 * 1024 * 1024))
    response = client.post(reverse("account_login"), {"login": "x", "password": "y", "f": big})
    assert_too_large_page(response)
    assert list(tmp_path.iterdir()) == []


def test_a_small_file_part_is_dropped(client, member):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(member)
    category = factories.make_category()
    small = SimpleUploadedFile("note.txt", b"hello")
    response = client.post(
        reverse("forum:thread_create"),
        {"category": category.pk, "title": "With a file", "body": "Hello.", "f": small},
    )
    assert response.status_code == HTTPStatus.FOUND  # the post itself is fine
    assert response.wsgi_request.FILES == {}


def test_a_spoofed_forwarded_host_never_reaches_a_reset_link(client, member):
    """Reset links are built from the request's host: X-Forwarded-Host is not trusted
    (USE_X_FORWARDED_HOST is off), so nobody can make the site mail a link to their server."""
    from django.core import mail

    client.post(
        reverse("account_reset_password"),
        {"email": member.email},
        headers={"x-forwarded-host": "evil.example", "forwarded": "host=evil.example"},
    )
    [message] = [m for m in mail.outbox if member.email in m.to]
    assert "evil.example" not in message.body
    assert "http://testserver/" in message.body or "https://testserver/" in message.body
