"""Specification of /settings/export/ and /settings/delete/ through the client: log-in
required, the password re-entered, bad input kept and explained, CSRF, owner-only exports
(404 for anyone else), expiry, every session ended at deletion, and query counts."""

import datetime
import json
from http import HTTPStatus

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.data_rights import services as data_rights
from accounts.models import DataExport, User
from forum.models import Post
from tests import factories

pytestmark = pytest.mark.django_db

EXPORT = reverse("accounts:data_export")
EXPORT_NEW = reverse("accounts:data_export_request")
DELETE = reverse("accounts:data_delete")
GOODBYE = reverse("accounts:account_deleted")


def detail(export) -> str:
    return reverse("accounts:data_export_detail", args=[export.pk])


def download(export) -> str:
    return reverse("accounts:data_export_download", args=[export.pk])


def delete_form(**overrides) -> dict:
    return {"keep_posts": "keep", "password": factories.PASSWORD, **overrides}


# --- Log-in required -------------------------------------------------------------------------


def test_data_rights_pages_send_visitors_to_log_in(client, member):
    export = data_rights.request_export(member=member)
    for method, url in [
        ("get", EXPORT),
        ("post", EXPORT_NEW),
        ("get", detail(export)),
        ("get", download(export)),
        ("get", DELETE),
        ("post", DELETE),
    ]:
        response = getattr(client, method)(url, delete_form() if method == "post" else None)
        assert response.status_code == HTTPStatus.FOUND, url
        assert response.url.startswith(reverse("account_login")), url
    assert User.objects.filter(pk=member.pk).exists()


def test_export_request_needs_a_post(client_for, member):
    response = client_for(member).get(EXPORT_NEW)
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED


# --- Export ----------------------------------------------------------------------------------


def test_export_page_explains_and_offers_a_copy(client_for, member):
    response = client_for(member).get(EXPORT)
    assert response.status_code == HTTPStatus.OK
    assert b"Prepare a copy of my data" in response.content
    assert b"7 days" in response.content
    assert "no-store" in response["Cache-Control"]


def test_export_request_builds_a_small_copy_and_shows_it(client_for, member):
    services.check_in(member=member, note="Slept badly <b>but</b> OK")
    client = client_for(member)
    response = client.post(EXPORT_NEW)
    export = DataExport.objects.get(member=member)
    assert response.status_code == HTTPStatus.FOUND and response.url == detail(export)
    page = client.get(detail(export))
    assert page.status_code == HTTPStatus.OK
    assert b"Your check-ins" in page.content
    assert b"Slept badly &lt;b&gt;but&lt;/b&gt; OK" in page.content  # escaped, never markup
    assert "no-store" in page["Cache-Control"]
    listing = client.get(EXPORT)
    assert download(export).encode() in listing.content


def test_export_download_is_the_json_as_an_attachment(client_for, member):
    services.save_unsent_message(member=member, body="Never sent")
    export = data_rights.request_export(member=member)
    response = client_for(member).get(download(export))
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="holdfast-')
    data = json.loads(response.content)
    assert data["format"] == data_rights.EXPORT_FORMAT
    assert data["unsent_messages"][0]["text"] == "Never sent"


def test_export_large_account_shows_being_prepared(client_for, member, monkeypatch):
    monkeypatch.setattr(data_rights, "LARGE_ACCOUNT_ROWS", -1)
    client = client_for(member)
    response = client.post(EXPORT_NEW, follow=True)
    assert "being prepared" in response.content.decode()
    export = DataExport.objects.get(member=member)
    assert export.is_pending  # the test's transaction never commits: the task waits
    assert "being prepared" in client.get(detail(export)).content.decode()
    assert client.get(download(export)).url == detail(export)


def test_export_that_failed_says_so_kindly(client_for, member):
    export = data_rights.request_export(member=member)
    DataExport.objects.filter(pk=export.pk).update(status=DataExport.Status.FAILED, payload=None)
    client = client_for(member)
    assert "Something went wrong" in client.get(detail(export)).content.decode()
    assert "something went wrong" in client.get(EXPORT).content.decode()
    assert client.get(download(export)).url == detail(export)


def test_export_of_another_member_is_404(client_for, member, other_member, moderator, staff):
    export = data_rights.request_export(member=member)
    for someone in (other_member, moderator, staff):
        client = client_for(someone)
        assert client.get(detail(export)).status_code == HTTPStatus.NOT_FOUND
        assert client.get(download(export)).status_code == HTTPStatus.NOT_FOUND
        assert str(export.pk) not in client.get(EXPORT).content.decode()


def test_export_unknown_id_is_404(client_for, member):
    url = reverse("accounts:data_export_detail", args=["6f1c3a9e-0000-4000-8000-000000000000"])
    assert client_for(member).get(url).status_code == HTTPStatus.NOT_FOUND
    assert client_for(member).get("/settings/export/12/").status_code == HTTPStatus.NOT_FOUND


def test_export_expired_is_404_and_hidden_but_a_get_leaves_the_row(client_for, member):
    export = data_rights.request_export(member=member)
    DataExport.objects.filter(pk=export.pk).update(
        expires_at=export.created_at - datetime.timedelta(seconds=1)
    )
    client = client_for(member)
    assert client.get(download(export)).status_code == HTTPStatus.NOT_FOUND
    page = client.get(EXPORT)
    assert page.status_code == HTTPStatus.OK and page.context["exports"] == []
    # Reads never write: the row goes with `manage.py prune_exports` or the next request.
    assert DataExport.objects.filter(pk=export.pk).exists()
    client.post(reverse("accounts:data_export_request"))
    assert not DataExport.objects.filter(pk=export.pk).exists()


def test_export_request_is_rate_limited(client_for, member):
    client = client_for(member)
    for _ in range(5):
        client.post(EXPORT_NEW)
    response = client.post(EXPORT_NEW, follow=True)
    assert "please wait a few minutes" in response.content.decode()


def test_export_request_refuses_a_forged_form(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.post(EXPORT_NEW).status_code == HTTPStatus.FORBIDDEN
    assert not DataExport.objects.exists()


# --- Delete ----------------------------------------------------------------------------------


def test_delete_page_explains_what_happens(client_for, member):
    response = client_for(member).get(DELETE)
    content = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "What we erase" in content and "former member" in content
    assert 'autocomplete="current-password"' in content


def test_delete_with_the_right_password_erases_logs_out_and_says_goodbye(client_for, member):
    client = client_for(member)
    response = client.post(DELETE, delete_form())
    assert response.status_code == HTTPStatus.FOUND and response.url == GOODBYE
    assert not User.objects.filter(pk=member.pk).exists()
    goodbye = client.get(GOODBYE)
    assert goodbye.status_code == HTTPStatus.OK and b"Your account is deleted" in goodbye.content
    assert goodbye.wsgi_request.user.is_anonymous
    assert client.get(EXPORT).status_code == HTTPStatus.FOUND


def test_delete_with_a_wrong_password_keeps_the_form(client_for, member):
    response = client_for(member).post(DELETE, delete_form(keep_posts="delete", password="nope"))
    assert response.status_code == HTTPStatus.OK
    form = response.context["form"]
    assert form.errors["password"] == [form.error_messages["wrong_password"]]
    assert "That password isn&#x27;t right" in response.content.decode()
    assert 'value="delete" checked' in response.content.decode()  # their choice kept
    assert User.objects.filter(pk=member.pk).exists()


def test_delete_without_a_choice_asks_kindly(client_for, member):
    response = client_for(member).post(DELETE, {"password": factories.PASSWORD})
    assert response.context["form"].errors["keep_posts"] == [
        "Please choose what should happen to your posts."
    ]
    assert User.objects.filter(pk=member.pk).exists()


def test_delete_password_tries_are_limited(client_for, member):
    client = client_for(member)
    for _ in range(5):
        client.post(DELETE, delete_form(password="guess"))
    response = client.post(DELETE, delete_form())  # even the right one, for a while
    assert response.context["form"].has_error("password", "too_many")
    assert User.objects.filter(pk=member.pk).exists()


def test_delete_refuses_a_forged_form(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.post(DELETE, delete_form()).status_code == HTTPStatus.FORBIDDEN
    assert User.objects.filter(pk=member.pk).exists()


def test_delete_asks_a_member_without_a_password_to_set_one(client_for, member):
    member.set_unusable_password()
    member.save()
    client = client_for(member)
    assert b"set a password" in client.get(DELETE).content
    response = client.post(DELETE, delete_form(password=""))
    assert response.status_code == HTTPStatus.OK and "form" not in response.context
    assert User.objects.filter(pk=member.pk).exists()


def test_delete_keeping_posts_shows_former_member_on_the_thread(client_for, member, other_member):
    thread = factories.make_thread(author=other_member, title="Hello there friends")
    factories.make_reply(author=member, thread=thread, body="Welcome, glad you came")
    client_for(member).post(DELETE, delete_form(keep_posts="keep"))
    page = Client().get(thread.get_absolute_url()).content.decode()
    assert "Welcome, glad you came" in page and "Former member" in page
    assert "rowan" not in page


def test_delete_removing_posts_leaves_removed_by_author(client_for, member, other_member):
    thread = factories.make_thread(author=other_member, title="Hello there friends")
    reply = factories.make_reply(author=member, thread=thread, body="Welcome, glad you came")
    client_for(member).post(DELETE, delete_form(keep_posts="delete"))
    page = Client().get(thread.get_absolute_url()).content.decode()
    assert "Welcome, glad you came" not in page and "Removed by author." in page
    assert Post.objects.get(pk=reply.pk).body == ""


def test_delete_removing_posts_keeps_an_answered_thread_readable(client_for, member, other_member):
    thread = factories.make_thread(author=member, title="My first week alone", body="So hard")
    factories.make_reply(author=other_member, thread=thread, body="You are doing well")
    old_url = thread.get_absolute_url()
    client_for(member).post(DELETE, delete_form(keep_posts="delete"))
    response = Client().get(old_url, follow=True)
    content = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Removed by its author" in content and "You are doing well" in content
    assert "My first week alone" not in content and "So hard" not in content


# --- Sessions (ASVS 7.4.2) -------------------------------------------------------------------


def test_delete_from_one_client_ends_the_other_at_once(member, other_member):
    phone, laptop, someone_else = Client(), Client(), Client()
    for client, who in ((phone, member), (laptop, member), (someone_else, other_member)):
        client.post(
            reverse("account_login"), {"login": who.username, "password": factories.PASSWORD}
        )
        assert client.get(EXPORT).status_code == HTTPStatus.OK
    assert Session.objects.count() == 3
    laptop_key = laptop.session.session_key

    phone.post(DELETE, delete_form())

    assert not Session.objects.filter(session_key=laptop_key).exists()
    response = laptop.get(EXPORT)
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("account_login"))
    assert someone_else.get(EXPORT).status_code == HTTPStatus.OK
    assert Session.objects.count() == 1


# --- Query counts ----------------------------------------------------------------------------


@pytest.mark.parametrize("copies", [1, 6])
def test_export_page_query_count(client_for, member, copies, django_assert_max_num_queries):
    for _ in range(copies):
        DataExport.objects.create(
            member=member,
            status=DataExport.Status.READY,
            payload={},
            created_at=datetime.datetime.now(datetime.UTC),
            expires_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=7),
        )
    client = client_for(member)
    # session, member, the menu's unread-notification count, the copies: 4 whatever their
    # number (moderation notices are cached). No DELETE of expired copies: reads never write.
    with django_assert_max_num_queries(4):
        assert client.get(EXPORT).status_code == HTTPStatus.OK


@pytest.mark.parametrize("posts", [1, 30])
def test_export_detail_query_count(client_for, member, posts, django_assert_max_num_queries):
    thread = factories.make_thread(author=member)
    for n in range(posts - 1):
        factories.make_reply(author=member, thread=thread, body=f"Reply {n}")
    export = data_rights.request_export(member=member)
    client = client_for(member)
    # session, member, the menu's unread-notification count, the export (its payload is one
    # JSON column, however long): 4.
    with django_assert_max_num_queries(4):
        assert client.get(detail(export)).status_code == HTTPStatus.OK


@pytest.mark.parametrize("posts", [0, 12])
def test_delete_page_query_count(client_for, member, posts, django_assert_max_num_queries):
    if posts:
        thread = factories.make_thread(author=member)
        for n in range(posts - 1):
            factories.make_reply(author=member, thread=thread, body=f"Reply {n}")
    client = client_for(member)
    # session, member, the menu's unread-notification count: 3.
    with django_assert_max_num_queries(3):
        assert client.get(DELETE).status_code == HTTPStatus.OK


def test_goodbye_page_needs_no_account(client):
    assert client.get(GOODBYE).status_code == HTTPStatus.OK
    assert AnonymousUser().is_anonymous
