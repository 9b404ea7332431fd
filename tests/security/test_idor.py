"""Object-level authorization: a member who changes an id in a URL reaches nothing of
another member's — not to read, edit, delete, acknowledge or download it — and the answer
is the same 404 a missing object gets, so it does not even confirm the object exists. The
database is unchanged afterwards. Moderators' pages answer a member with that same 404.

Objects come from the `world` fixture (tests/security/conftest.py): sasha owns them, rowan
tries to reach them.
"""

import html
import re
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from accounts.data_rights import services as data_rights
from accounts.models import UrgeReason, User
from forum.models import Post
from moderation.models import ExName, MemberWarning, WatchedWord
from tests import factories

MISSING = 987654


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def text_of(response) -> str:
    """A page's HTML with entities undone ("Sasha&#x27;s" reads "Sasha's"), so a check for
    words with an apostrophe cannot pass just because the page escaped it."""
    return html.unescape(response.content.decode())


def comparable(response, *ids) -> str:
    """A 404 page with the ids in it blanked, to compare a forbidden one with a missing one."""
    text = response.content.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)
    for value in ids:  # only where an id can be: in a path ("/t/12/", "post:12/")
        text = re.sub(rf"(?<=[/:]){re.escape(str(value))}(?=/)", "ID", text)
    return text


def assert_same_as_missing(client, method, name, real_pk, missing_pk=MISSING, data=None):
    """`name` with another member's object answers exactly as with no object at all."""
    send = getattr(client, method)
    real = send(reverse(name, args=[real_pk]), data or {})
    missing = send(reverse(name, args=[missing_pk]), data or {})
    assert real.status_code == HTTPStatus.NOT_FOUND, (name, real.status_code)
    assert missing.status_code == HTTPStatus.NOT_FOUND
    assert comparable(real, real_pk) == comparable(missing, missing_pk), name


# --- Posts and threads ----------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_member_cannot_edit_another_members_post(world, method):
    client = signed_in(world.member)
    data = {"body": "rowan was here", "title": "Hijacked title"}
    for post in (world.post, world.reply):  # the opening post carries the thread's title
        assert_same_as_missing(client, method, "forum:post_edit", post.pk, data=data)
    world.thread.refresh_from_db()
    assert world.thread.title == "Sasha's first week"
    assert not Post.objects.filter(body="rowan was here").exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_member_cannot_delete_another_members_post(world, method):
    client = signed_in(world.member)
    assert_same_as_missing(client, method, "forum:post_delete", world.reply.pk)
    world.reply.refresh_from_db()
    assert world.reply.deleted_at is None


def test_member_cannot_read_another_members_edit_history(world):
    from forum import services

    services.edit_post(editor=world.other, post=world.reply, body="Still here, edited.")
    assert_same_as_missing(signed_in(world.member), "get", "forum:post_history", world.reply.pk)


def test_member_can_edit_their_own_post(world):
    """The 404s above are about whose post it is, not a broken page."""
    client = signed_in(world.member)
    response = client.post(
        reverse("forum:post_edit", args=[world.member_post.pk]), {"body": "Rowan, edited."}
    )
    assert response.status_code == HTTPStatus.FOUND
    world.member_post.refresh_from_db()
    assert world.member_post.body == "Rowan, edited."


def test_thread_in_a_members_only_category_is_missing_for_visitors(world):
    thread = factories.make_thread(
        author=world.other, category=world.private_category, title="Only for members"
    )
    visitor = Client()
    real = visitor.get(reverse("forum:thread_redirect", args=[thread.pk]))
    missing = visitor.get(reverse("forum:thread_redirect", args=[MISSING]))
    assert real.status_code == missing.status_code == HTTPStatus.NOT_FOUND
    assert comparable(real, thread.pk) == comparable(missing, MISSING)
    assert (
        visitor.get(reverse("forum:search"), {"q": "members"})
        .content.decode()
        .count("Only for members")
        == 0
    )


def test_held_post_is_missing_for_other_members(world, settings):
    settings.HOLDFAST_APPROVAL_POSTS = 5
    newcomer = factories.make_member(username="newcomer")
    held = factories.make_reply(author=newcomer, thread=world.thread, body="Waiting for a mod.")
    held.refresh_from_db()
    assert held.status != "published"
    client = signed_in(world.member)
    for name in ("forum:post_redirect", "forum:post_history", "moderation:report_post"):
        assert_same_as_missing(client, "get", name, held.pk)


# --- Notifications, warnings, names: a member's own ------------------------------------


def test_member_cannot_mark_another_members_notifications_read(world):
    client = signed_in(world.member)
    response = client.post(reverse("forum:notifications_read"), {"id": [world.notification.pk]})
    assert response.status_code == HTTPStatus.FOUND
    world.notification.refresh_from_db()
    assert world.notification.read_at is None
    # Nor read them: sasha's notification is not on rowan's list.
    page = client.get(reverse("forum:notification_list"))
    assert world.notification not in list(page.context["page"].object_list)


def test_member_cannot_acknowledge_another_members_warning(world):
    client = signed_in(world.member)
    assert_same_as_missing(client, "post", "moderation:warning_acknowledge", world.warning.pk)
    assert MemberWarning.objects.get(pk=world.warning.pk).acknowledged_at is None
    assert "Please be gentle." not in client.get(reverse("moderation:warnings")).content.decode()


def test_member_cannot_remove_or_see_another_members_ex_names(world):
    client = signed_in(world.member)
    assert_same_as_missing(client, "post", "moderation:ex_name_remove", world.ex_name.pk)
    assert ExName.objects.filter(pk=world.ex_name.pk).exists()
    assert "Jordan" not in client.get(reverse("moderation:ex_names")).content.decode()


# --- Reports: a member never sees another's report or its note --------------------------


def test_member_cannot_read_reports_or_their_notes(world):
    client = signed_in(world.member)
    key = f"post:{world.member_post.pk}"  # the post sasha reported, with a private note
    real = client.get(reverse("moderation:target_detail", args=[key]))
    missing = client.get(reverse("moderation:target_detail", args=[f"post:{MISSING}"]))
    assert real.status_code == missing.status_code == HTTPStatus.NOT_FOUND
    assert comparable(real, world.member_post.pk) == comparable(missing, MISSING)
    assert "sasha's private note" not in text_of(real)


# --- The streak and SOS pages' private things ------------------------------------------


@pytest.fixture
def sasha_private(world):
    """Sasha's private streak things: an SOS reason, an unsent message, a check-in note."""
    reason = account_services.add_urge_reason(member=world.other, text="Sasha's own reason")
    message = account_services.save_unsent_message(member=world.other, body="Sasha's letter")
    account_services.check_in(member=world.other, mood=2, note="Sasha's check-in note")
    account_services.log_contact_event(
        member=world.other, kind="they_reached_out_no_reply", note="Sasha's contact note"
    )
    return reason, message


@pytest.mark.parametrize("method", ["get", "post"])
def test_member_cannot_edit_another_members_sos_reason(world, sasha_private, method):
    reason, _ = sasha_private
    client = signed_in(world.member)
    assert_same_as_missing(
        client, method, "accounts:sos_reason_edit", reason.pk, data={"text": "rowan's"}
    )
    assert UrgeReason.objects.get(pk=reason.pk).text == "Sasha's own reason"


def test_member_cannot_delete_another_members_sos_reason_or_letter(world, sasha_private):
    reason, message = sasha_private
    client = signed_in(world.member)
    assert_same_as_missing(client, "post", "accounts:sos_reason_delete", reason.pk)
    assert_same_as_missing(client, "post", "accounts:sos_unsent_delete", message.pk)
    assert world.other.urge_reasons.filter(pk=reason.pk).exists()
    assert world.other.unsent_messages.filter(pk=message.pk).exists()


def test_member_never_sees_another_members_private_streak_things(world, sasha_private):
    client = signed_in(world.member)
    pages = [
        text_of(client.get(reverse("accounts:sos"))),
        text_of(client.get(reverse("accounts:streak_dashboard"))),
        text_of(client.get(reverse("accounts:profile", args=[world.other.username]))),
    ]
    for secret in ("Sasha's own reason", "Sasha's letter", "check-in note", "contact note"):
        assert not any(secret in page for page in pages), secret
    # Sasha's own pages do show them (so the check above would see them).
    own = signed_in(world.other)
    assert "Sasha's own reason" in text_of(own.get(reverse("accounts:sos")))


# --- Data exports -----------------------------------------------------------------------


def test_member_cannot_read_or_download_another_members_export(world):
    export = data_rights.request_export(member=world.other)
    data_rights.build_export(export_id=export.pk)
    export.refresh_from_db()
    assert export.is_ready
    client = signed_in(world.member)
    missing = "00000000-0000-4000-8000-000000000000"
    for name in ("accounts:data_export_detail", "accounts:data_export_download"):
        assert_same_as_missing(client, "get", name, export.pk, missing_pk=missing)
    listing = client.get(reverse("accounts:data_export")).content.decode()
    assert str(export.pk) not in listing
    # Sasha herself can.
    own = signed_in(world.other).get(reverse("accounts:data_export_download", args=[export.pk]))
    assert own.status_code == HTTPStatus.OK


# --- Settings act on the signed-in member only ------------------------------------------


def test_settings_forms_ignore_ids_of_other_members(world):
    client = signed_in(world.member)
    smuggled = {"id": world.other.pk, "pk": world.other.pk, "user": world.other.pk}
    client.post(
        reverse("accounts:settings_profile"),
        {
            **smuggled,
            "username": world.other.username,
            "display_name": "Rowan R",
            "bio": "Mine.",
            "time_zone": "UTC",
            "profile_visibility": "everyone",
            "streak_visibility": "everyone",
            "streak_display": "exact",
        },
    )
    client.post(reverse("accounts:settings_email"), {**smuggled, "email_delivery": "never"})
    other = User.objects.get(pk=world.other.pk)
    assert other.display_name == "" and other.bio == ""
    assert other.email_delivery != "never"
    assert User.objects.get(pk=world.member.pk).display_name == "Rowan R"


# --- Moderators' pages, as a member: the same 404 as a page that does not exist ---------


MODERATOR_PAGES = [
    ("moderation:dashboard", []),
    ("moderation:care_queue", []),
    ("moderation:rules_queue", []),
    ("moderation:approvals", []),
    ("moderation:audit_log", []),
    ("moderation:watched_words", []),
]


@pytest.mark.parametrize(("name", "args"), MODERATOR_PAGES)
def test_moderator_pages_are_missing_for_members(world, name, args):
    client = signed_in(world.member)
    response = client.get(reverse(name, args=args))
    nowhere = client.get("/moderation/no-such-page/")
    assert response.status_code == nowhere.status_code == HTTPStatus.NOT_FOUND
    assert comparable(response) == comparable(nowhere)


def test_moderator_actions_are_missing_for_members(world):
    client = signed_in(world.member)
    for method, name, pk in [
        ("get", "moderation:watched_word_edit", world.watched_word.pk),
        ("post", "moderation:watched_word_remove", world.watched_word.pk),
        ("get", "moderation:post_redact", world.reply.pk),
        ("post", "moderation:post_redact", world.reply.pk),
    ]:
        assert_same_as_missing(client, method, name, pk, data={"body": "redacted by rowan"})
    response = client.post(
        reverse("moderation:act", args=[f"post:{world.reply.pk}"]), {"action": "hide"}
    )
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert WatchedWord.objects.filter(pk=world.watched_word.pk).exists()
    world.reply.refresh_from_db()
    assert world.reply.body == "Still here." and world.reply.status == "published"


def test_moderator_pages_send_visitors_to_log_in(world):
    response = Client().get(reverse("moderation:dashboard"))
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("account_login"))


def test_moderator_can_open_them(world):
    """The 404s above are about who asks: a moderator gets the pages."""
    client = signed_in(world.moderator)
    for name, args in MODERATOR_PAGES:
        assert client.get(reverse(name, args=args)).status_code == HTTPStatus.OK


@pytest.mark.parametrize(
    ("visibility", "member_sees", "visitor_sees"),
    [("only_me", False, False), ("members", True, False), ("everyone", True, True)],
)
def test_profile_bio_follows_its_owners_choice(world, visibility, member_sees, visitor_sees):
    owner = signed_in(world.other)
    response = owner.post(
        reverse("accounts:settings_profile"),
        {
            "display_name": "",
            "bio": "Sasha's own words about herself.",
            "time_zone": "UTC",
            "profile_visibility": visibility,
            "streak_visibility": "only_me",
            "streak_display": "exact",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    url = reverse("accounts:profile", args=[world.other.username])
    bio = "own words about herself"
    assert (bio in signed_in(world.member).get(url).content.decode()) is member_sees
    assert (bio in Client().get(url).content.decode()) is visitor_sees
    assert bio in owner.get(url).content.decode()  # she always sees her own


# --- Text nobody else may read never shows on any page ----------------------------------


def pages_a_reader_could_try(thread, post, author):
    return [
        reverse("forum:home"),
        thread.category.get_absolute_url(),
        thread.get_absolute_url(),
        reverse("forum:search") + "?q=zanzibarquill",
        reverse("forum:member_posts", args=[author.username]),
        reverse("accounts:profile", args=[author.username]),
        reverse("forum:reply_create", args=[thread.pk]) + f"?quote={post.pk}",
        reverse("forum:post_redirect", args=[post.pk]),
        reverse("forum:notification_list"),  # rowan watches the thread: a reply notifies him
    ]


def assert_unseen(clients, urls, text="marigoldvex"):
    """`text` is on none of the pages (the search is for the other secret word, which the
    search page repeats back)."""
    for who, client in clients.items():
        for url in urls:
            response = client.get(url, follow=True)
            assert response.status_code < 500
            assert text not in response.content.decode(), (who, url)


def _hide(world, post):
    from moderation import actions as moderation_services

    moderation_services.hide_post(moderator=world.moderator, post=post, reason="")


def _remove(world, post):
    from forum import services

    services.delete_post(member=world.other, post=post)


@pytest.mark.parametrize("fate", [_hide, _remove], ids=["hidden", "removed_by_author"])
def test_hidden_or_removed_post_text_is_on_no_page(world, fate):
    post = factories.make_reply(
        author=world.other, thread=world.thread, body="Secret words: zanzibarquill marigoldvex."
    )
    clients = {"visitor": Client(), "member": signed_in(world.member)}
    # Before, it is there to see (so the check below would notice it), and the visitors'
    # page cache holds those pages: hiding or removing must make it forget them.
    for client in [*clients.values(), signed_in(world.moderator)]:
        # (the moderator's render, hidden text and all, goes into the post fragment cache)
        for url in pages_a_reader_could_try(world.thread, post, world.other):
            client.get(url)
    before = clients["visitor"].get(world.thread.get_absolute_url()).content.decode()
    assert "marigoldvex" in before
    fate(world, post)
    moderator_view = signed_in(world.moderator).get(world.thread.get_absolute_url())
    if fate is _hide:  # moderators still read a hidden post: it is in the fragment cache now
        assert "marigoldvex" in moderator_view.content.decode()
    assert_unseen(clients, pages_a_reader_could_try(world.thread, post, world.other))


def test_held_post_text_is_on_no_page_but_its_authors(world, settings):
    settings.HOLDFAST_APPROVAL_POSTS = 5
    newcomer = factories.make_member(username="newcomer")
    post = factories.make_reply(
        author=newcomer, thread=world.thread, body="Secret words: zanzibarquill marigoldvex."
    )
    clients = {"visitor": Client(), "member": signed_in(world.member)}
    assert_unseen(clients, pages_a_reader_could_try(world.thread, post, newcomer))
    page = signed_in(newcomer).get(world.thread.get_absolute_url()).content.decode()
    assert "marigoldvex" in page


def test_members_only_thread_is_on_no_visitor_page(world):
    thread = factories.make_thread(
        author=world.other,
        category=world.private_category,
        title="Members only marigoldvex",
        body="Inside: zanzibarquill marigoldvex.",
    )
    post = thread.posts.order_by("pk").first()
    urls = pages_a_reader_could_try(thread, post, world.other)
    member = signed_in(world.member)
    for url in urls:  # members' renders first: list rows and posts go into the caches
        member.get(url)
    assert_unseen({"visitor": Client()}, urls)
    member_search = member.get(urls[3]).content.decode()
    assert "marigoldvex" in member_search  # members find it


def test_making_a_profile_private_applies_at_once_even_to_cached_copies(world):
    owner = signed_in(world.other)
    data = {
        "display_name": "",
        "bio": "Sasha's own words about herself.",
        "time_zone": "UTC",
        "profile_visibility": "everyone",
        "streak_visibility": "only_me",
        "streak_display": "exact",
    }
    owner.post(reverse("accounts:settings_profile"), data)
    url = reverse("accounts:profile", args=[world.other.username])
    visitor, member = Client(), signed_in(world.member)
    for _ in range(2):  # the second answer may come from the visitors' cache
        assert "own words about herself" in visitor.get(url).content.decode()
    assert "own words about herself" in member.get(url).content.decode()
    owner.post(reverse("accounts:settings_profile"), {**data, "profile_visibility": "only_me"})
    assert "own words about herself" not in visitor.get(url).content.decode()
    assert "own words about herself" not in member.get(url).content.decode()


@pytest.mark.parametrize("keep_posts", ["keep", "delete"])
def test_a_deleted_member_is_not_found_by_name_even_in_cached_pages(world, keep_posts):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=world.member).update(verified=True)
    name = world.member.username
    urls = [
        reverse("accounts:profile", args=[name]),
        reverse("forum:member_posts", args=[name]),
        world.thread.get_absolute_url(),
        reverse("forum:search") + f"?q={name}",
    ]
    visitor = Client()
    for url in urls:  # warm the visitors' cache with pages that name rowan
        visitor.get(url)
    before = visitor.get(world.thread.get_absolute_url()).content.decode()
    assert f"@{name}" in before or f">{name}<" in before  # named, the way checked below
    rowan = signed_in(world.member)
    response = rowan.post(
        reverse("accounts:data_delete"),
        {"keep_posts": keep_posts, "password": factories.PASSWORD},
    )
    assert response.status_code == HTTPStatus.FOUND
    for url in urls:
        page = visitor.get(url)
        assert page.status_code in (HTTPStatus.OK, HTTPStatus.NOT_FOUND)
        body = re.sub(r"\?q=[^\"&]*|Search: [^<]*|value=\"[^\"]*\"", "", page.content.decode())
        assert f"@{name}" not in body and f">{name}<" not in body, url


def test_hiding_a_streak_applies_at_once_to_the_badge(world):
    from datetime import timedelta

    from accounts import services as streak_services

    owner = signed_in(world.member)
    data = {
        "display_name": "",
        "bio": "",
        "time_zone": "UTC",
        "profile_visibility": "everyone",
        "streak_visibility": "everyone",
        "streak_display": "exact",
    }
    owner.post(reverse("accounts:settings_profile"), data)
    streak_services.start_streak(
        member=world.member, started_on=timezone.localdate() - timedelta(days=42)
    )
    badge = reverse("accounts:streak_badge", args=[world.member.username])
    visitor = Client()
    for _ in range(2):  # the second from the cache
        assert "42 days" in visitor.get(badge).content.decode()
    owner.post(reverse("accounts:settings_profile"), {**data, "streak_visibility": "only_me"})
    assert "42" not in visitor.get(badge).content.decode()


def test_a_reported_member_never_learns_who_reported_them_or_what_they_wrote(world):
    """sasha reported rowan's reply with a private note (the world fixture); a moderator
    hides the reply and warns rowan. Nothing rowan can open says who reported him or quotes
    her note."""
    mod = signed_in(world.moderator)
    key = f"post:{world.member_post.pk}"
    for action in ("hide", "warn"):
        response = mod.post(
            reverse("moderation:act", args=[key]), {"action": action, "reason": "Be kind."}
        )
        assert response.status_code == HTTPStatus.FOUND
    rowan = signed_in(world.member)
    pages = [
        reverse("forum:notification_list"),
        reverse("moderation:warnings"),
        world.thread.get_absolute_url(),
        reverse("forum:post_redirect", args=[world.member_post.pk]),
        reverse("forum:home"),
    ]
    seen = " ".join(text_of(rowan.get(url, follow=True)) for url in pages)
    assert "Be kind." in seen  # the moderator's words reach him
    assert "sasha's private note" not in seen
    # sasha is on these pages as the thread's author; never as the one who reported.
    assert "reported by" not in seen.lower()


def test_search_results_a_moderator_saw_never_reach_members(world):
    """Members' search results are cached and shared (forum.selectors); a moderator, who
    may read hidden posts, must never fill that cache for everyone."""
    post = factories.make_reply(
        author=world.other, thread=world.thread, body="Secret words: zanzibarquill marigoldvex."
    )
    _hide(world, post)
    url = reverse("forum:search") + "?q=zanzibarquill"
    signed_in(world.moderator).get(url)
    signed_in(world.moderator).get(url)
    for client in (signed_in(world.member), Client(), signed_in(world.member)):
        assert "marigoldvex" not in text_of(client.get(url))


def test_search_results_an_author_saw_of_their_held_post_never_reach_others(world, settings):
    settings.HOLDFAST_APPROVAL_POSTS = 5
    newcomer = factories.make_member(username="newcomer")
    factories.make_reply(
        author=newcomer, thread=world.thread, body="Secret words: zanzibarquill marigoldvex."
    )
    url = reverse("forum:search") + "?q=zanzibarquill"
    signed_in(newcomer).get(url)
    for client in (signed_in(world.member), Client()):
        assert "marigoldvex" not in text_of(client.get(url))


def test_an_export_holds_nothing_private_of_another_member(world, sasha_private):
    """rowan's copy of his data: sasha reported his reply with a private note, was warned,
    keeps names, SOS reasons, letters and notes — none of it is in rowan's export."""
    import json

    export = data_rights.request_export(member=world.member)
    data_rights.build_export(export_id=export.pk)
    client = signed_in(world.member)
    download = client.get(reverse("accounts:data_export_download", args=[export.pk]))
    assert download.status_code == HTTPStatus.OK
    text = json.dumps(json.loads(download.content), ensure_ascii=False)
    assert "Rowan says hello." in text  # his own words are there
    readable = text_of(client.get(reverse("accounts:data_export_detail", args=[export.pk])))
    for private in (
        "sasha's private note",
        "Please be gentle.",
        "Jordan",
        "Sasha's own reason",
        "Sasha's letter",
        "Sasha's check-in note",
        "Sasha's contact note",
        world.other.email,
    ):
        assert private not in text, private
        assert private not in readable, private
