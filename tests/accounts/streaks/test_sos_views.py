"""The "Urge to contact?" page (/sos/): private reasons, unsent messages, asking for support."""

import html
from http import HTTPStatus

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import UnsentMessage, UrgeReason
from accounts.streaks import selectors as streak_selectors
from accounts.streaks.services import keepsakes
from core import ratelimit

SOS = reverse("accounts:sos")
ADD_REASON = reverse("accounts:sos_reason_add")
SAVE_UNSENT = reverse("accounts:sos_unsent_save")


def text(response):
    return html.unescape(response.content.decode())


def flashes(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def edit_url(reason):
    return reverse("accounts:sos_reason_edit", args=[reason.pk])


def delete_url(reason):
    return reverse("accounts:sos_reason_delete", args=[reason.pk])


def unsent_delete_url(message):
    return reverse("accounts:sos_unsent_delete", args=[message.pk])


def test_sos_sends_visitors_to_log_in(client, member):
    reason = services.add_urge_reason(member=member, text="Mine")
    message = services.save_unsent_message(member=member, body="Mine")
    for method, url in [
        ("get", SOS),
        ("post", ADD_REASON),
        ("get", edit_url(reason)),
        ("post", delete_url(reason)),
        ("post", SAVE_UNSENT),
        ("post", unsent_delete_url(message)),
    ]:
        response = getattr(client, method)(url)
        assert response.status_code == HTTPStatus.FOUND, url
        assert response["Location"].startswith(reverse("account_login"))
    assert UrgeReason.objects.count() == 1 and UnsentMessage.objects.count() == 1


def test_sos_page_is_calm_and_offers_every_way_out(client_for, member):
    response = client_for(member).get(SOS)
    page = text(response)
    assert response.status_code == HTTPStatus.OK
    assert "<h1>Urge to contact?</h1>" in page
    assert 'class="breathing-circle"' in page
    assert reverse("moderation:crisis_resources") in page
    assert "never sent to anyone" in page
    assert "style=" not in page and "<script>" not in page


def test_sos_link_is_in_the_menu_for_members_only(client_for, member):
    assert f'href="{SOS}"'.encode() in client_for(member).get(reverse("forum:home")).content
    assert f'href="{SOS}"'.encode() not in client_for(None).get(reverse("forum:home")).content


def test_sos_ask_the_community_opens_the_urges_category_prefilled(client_for, member):
    from forum.models import Category

    Category.objects.create(name="Urges & relapses", slug="urges-relapses", members_only=True)
    client = client_for(member)
    ask_url = client.get(SOS).context["ask_url"]
    assert ask_url == f"{reverse('forum:thread_create')}?category=urges-relapses"
    form = client.get(ask_url).context["form"]
    assert form.initial["category"].slug == "urges-relapses"


def test_sos_reason_add_edit_delete(client_for, member):
    client = client_for(member)
    response = client.post(ADD_REASON, {"text": "  They never listened.  "})
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == SOS
    client.post(ADD_REASON, {"text": "I sleep better."})
    first, second = streak_selectors.urge_reasons_of(member)
    assert (first.text, second.text) == ("They never listened.", "I sleep better.")
    assert first.position < second.position
    assert "They never listened." in text(client.get(SOS))

    assert client.get(edit_url(first)).context["form"].initial["text"] == "They never listened."
    response = client.post(edit_url(first), {"text": "I deserve to be heard."})
    assert response.status_code == HTTPStatus.FOUND
    first.refresh_from_db()
    assert first.text == "I deserve to be heard."

    response = client.post(delete_url(second))
    assert any("Reason removed" in m for m in flashes(response))
    assert list(UrgeReason.objects.values_list("text", flat=True)) == ["I deserve to be heard."]


def test_sos_reason_delete_refuses_get(client_for, member):
    reason = services.add_urge_reason(member=member, text="Mine")
    assert client_for(member).get(delete_url(reason)).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert UrgeReason.objects.filter(pk=reason.pk).exists()


@pytest.mark.parametrize(
    ("value", "key"), [("", "required"), ("   ", "required"), ("x" * 301, "max_length")]
)
def test_sos_reason_bad_input_is_explained_keeping_the_text(client_for, member, value, key):
    response = client_for(member).post(ADD_REASON, {"text": value})
    assert response.status_code == HTTPStatus.OK
    assert response.context["reason_form"].has_error("text", key)
    if value.strip():
        assert value in text(response)
    assert not UrgeReason.objects.exists()


def test_sos_reason_edit_bad_input_keeps_the_text(client_for, member):
    reason = services.add_urge_reason(member=member, text="Mine")
    response = client_for(member).post(edit_url(reason), {"text": "x" * 301})
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].has_error("text", "max_length")
    reason.refresh_from_db()
    assert reason.text == "Mine"


def test_sos_another_members_reasons_and_messages_are_404(client_for, member, other_member):
    reason = services.add_urge_reason(member=member, text="Rowan's reason")
    message = services.save_unsent_message(member=member, body="Rowan's words")
    client = client_for(other_member)
    assert client.get(edit_url(reason)).status_code == HTTPStatus.NOT_FOUND
    assert client.post(edit_url(reason), {"text": "taken"}).status_code == HTTPStatus.NOT_FOUND
    assert client.post(delete_url(reason)).status_code == HTTPStatus.NOT_FOUND
    assert client.post(unsent_delete_url(message)).status_code == HTTPStatus.NOT_FOUND
    page = text(client.get(SOS))
    assert "Rowan's reason" not in page and "Rowan's words" not in page
    reason.refresh_from_db()
    assert reason.text == "Rowan's reason"
    assert UnsentMessage.objects.filter(pk=message.pk).exists()


def test_sos_a_missing_id_is_the_same_404(client_for, member):
    client = client_for(member)
    missing = reverse("accounts:sos_reason_edit", args=[999_999])
    assert client.get(missing).status_code == HTTPStatus.NOT_FOUND


def test_sos_moderators_cannot_read_a_members_unsent_messages(client_for, member, moderator):
    message = services.save_unsent_message(member=member, body="Only mine")
    client = client_for(moderator)
    assert client.post(unsent_delete_url(message)).status_code == HTTPStatus.NOT_FOUND
    assert "Only mine" not in text(client.get(SOS))


def test_sos_unsent_message_is_saved_privately_and_deleted(client_for, member):
    client = client_for(member)
    response = client.post(SAVE_UNSENT, {"body": "I miss you.\nBut I miss me more."})
    assert response.status_code == HTTPStatus.FOUND
    assert any("not sent to anyone" in m for m in flashes(response))
    message = UnsentMessage.objects.get(member=member)
    assert message.body == "I miss you.\nBut I miss me more."
    assert "I miss you.<br>But I miss me more." in text(client.get(SOS))
    client.post(unsent_delete_url(message))
    assert not UnsentMessage.objects.exists()


def test_sos_unsent_message_empty_or_too_long_is_explained(client_for, member):
    client = client_for(member)
    response = client.post(SAVE_UNSENT, {"body": ""})
    assert response.context["unsent_form"].has_error("body", "required")
    long = "y" * 10_001
    response = client.post(SAVE_UNSENT, {"body": long})
    assert response.status_code == HTTPStatus.OK
    assert response.context["unsent_form"].has_error("body", "max_length")
    assert long in text(response)
    assert not UnsentMessage.objects.exists()


def test_sos_unsent_message_with_a_nul_byte_is_refused_without_a_500(client_for, member):
    response = client_for(member).post(SAVE_UNSENT, {"body": "a\x00b"})
    assert response.status_code == HTTPStatus.OK
    assert "can't store" in text(response)


def test_sos_writes_are_rate_limited_keeping_the_words(client_for, member, monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "streak:unsent", ratelimit.Limit(member=1, period=600))
    client = client_for(member)
    client.post(SAVE_UNSENT, {"body": "first"})
    response = client.post(SAVE_UNSENT, {"body": "second, kept"})
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "second, kept" in text(response)
    assert UnsentMessage.objects.count() == 1


def test_sos_writes_need_a_csrf_token(member):
    reason = services.add_urge_reason(member=member, text="Mine")
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    for url, data in [
        (ADD_REASON, {"text": "new"}),
        (edit_url(reason), {"text": "changed"}),
        (delete_url(reason), {}),
        (SAVE_UNSENT, {"body": "words"}),
    ]:
        assert client.post(url, data).status_code == HTTPStatus.FORBIDDEN
    assert list(UrgeReason.objects.values_list("text", flat=True)) == ["Mine"]
    assert not UnsentMessage.objects.exists()


@pytest.mark.parametrize("size", [1, streak_selectors.UNSENT_LIMIT + 10])
def test_sos_query_count_is_constant(client_for, member, size, django_assert_max_num_queries):
    for n in range(size):
        services.add_urge_reason(member=member, text=f"Reason {n}")
        services.save_unsent_message(member=member, body=f"Words {n}")
    client = client_for(member)
    # 2 (session, user) + 1 (reasons) + 1 (unsent messages, capped) + 1 (the active buddy
    # pairing, for "Ping my buddy") + 1 (the nav's unread notification count) = 6, whatever
    # the member has written.
    with django_assert_max_num_queries(6):
        response = client.get(SOS)
    assert len(response.context["unsent_messages"]) == min(size, streak_selectors.UNSENT_LIMIT)
    if size > streak_selectors.UNSENT_LIMIT:
        with django_assert_max_num_queries(6):
            older = client.get(f"{SOS}?unsent=2")
        assert len(older.context["unsent_messages"]) == size - streak_selectors.UNSENT_LIMIT
        assert 'href="?unsent=1#unsent-heading"' in text(older)


def test_add_urge_reason_appends_at_the_end(member):
    first = services.add_urge_reason(member=member, text="one")
    second = services.add_urge_reason(member=member, text="two")
    services.delete_urge_reason(reason=first)
    third = services.add_urge_reason(member=member, text="three")
    assert second.position < third.position
    assert [r.text for r in streak_selectors.urge_reasons_of(member)] == ["two", "three"]


def test_get_urge_reason_for_is_owner_only(member, other_member):
    from django.http import Http404

    reason = services.add_urge_reason(member=member, text="mine")
    assert streak_selectors.get_urge_reason_for(member, reason.pk) == reason
    with pytest.raises(Http404):
        streak_selectors.get_urge_reason_for(other_member, reason.pk)


@pytest.mark.parametrize("others", [0, 30])
def test_sos_reason_edit_query_count_is_constant(
    client_for, member, others, django_assert_max_num_queries
):
    for n in range(others):
        services.add_urge_reason(member=member, text=f"Reason {n}")
    reason = services.add_urge_reason(member=member, text="This one")
    client = client_for(member)
    # 2 (session, user) + 1 (the reason, fetched with its owner) + 1 (the nav's unread
    # notification count) = 4.
    with django_assert_max_num_queries(4):
        response = client.get(edit_url(reason))
    assert response.status_code == HTTPStatus.OK


def test_sos_reason_beyond_the_limit_is_explained_keeping_the_text(client_for, member, monkeypatch):
    monkeypatch.setattr(keepsakes, "MAX_URGE_REASONS", 2)
    client = client_for(member)
    client.post(ADD_REASON, {"text": "one"})
    client.post(ADD_REASON, {"text": "two"})
    response = client.post(ADD_REASON, {"text": "three, kept"})
    assert response.status_code == HTTPStatus.OK
    assert "You have 2 reasons written already" in text(response)
    assert 'value="three, kept"' in text(response)
    assert UrgeReason.objects.count() == 2


def test_sos_pages_are_never_cached(client_for, member):
    reason = services.add_urge_reason(member=member, text="Mine")
    client = client_for(member)
    for url in [SOS, edit_url(reason), reverse("accounts:streak_dashboard")]:
        cache_control = client.get(url)["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control, url
