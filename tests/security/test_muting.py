"""Issue 15's quiet switches as an attack surface: a member's mutes, warning choices and
ignores are theirs alone — no request of another member reads or changes them, no page
tells another member (or the one ignored) about them, a thread or category a member may not
read cannot be muted to learn that it exists, and a content warning's words never reach a
visitor's search or the shared remembered search unfolded (docs/mute-and-warnings.md)."""

import html
from http import HTTPStatus

from django.test import Client
from django.urls import reverse

from forum import services
from forum.models import Block, CategoryMute, ThreadMute, WarningChoice
from tests import factories

MISSING = 987654


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_mute_of_a_members_only_or_missing_thread_is_the_same_404(world):
    hidden = factories.make_thread(
        author=world.other, category=world.private_category, title="Members only"
    )
    client = Client()  # a visitor cannot read the members-only thread; log in is asked first
    response = client.post(reverse("forum:thread_mute", args=[hidden.pk]), {"muted": "on"})
    assert response.status_code == HTTPStatus.FOUND and "login" in response.url
    pending = factories.make_thread(author=world.other, title="Waiting for a moderator")
    pending.status = "pending"
    pending.save()
    rowan = signed_in(world.member)
    answers = {
        rowan.post(reverse("forum:thread_mute", args=[pk]), {"muted": "on"}).status_code
        for pk in (pending.pk, MISSING)
    }
    assert answers == {HTTPStatus.NOT_FOUND}
    assert not ThreadMute.objects.exists()


def test_mute_of_a_missing_category_is_404(world):
    response = signed_in(world.member).post(
        reverse("forum:category_mute", args=["no-such-category"]), {"muted": "on"}
    )
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not CategoryMute.objects.exists()


def test_mute_unmute_touches_only_the_requesters_own_rows(world):
    services.set_thread_muted(member=world.other, thread=world.thread, muted=True)
    services.set_warning_choices(member=world.other, choices={"abuse": "hide"})
    rowan = signed_in(world.member)
    rowan.post(reverse("forum:thread_mute", args=[world.thread.pk]), {"muted": "off"})
    assert ThreadMute.objects.filter(member=world.other).exists()  # sasha's mute stands
    settings_page = html.unescape(rowan.get(reverse("forum:warning_settings")).content.decode())
    assert world.thread.title not in settings_page  # sasha's mutes are not on rowan's page
    assert WarningChoice.objects.get(member=world.other).action == "hide"


def test_timed_ignore_is_never_shown_to_the_member_ignored(world):
    services.ignore_member(member=world.member, ignored=world.other, period="week")
    sasha = signed_in(world.other)
    for url in (reverse("forum:blocked_list"), f"/u/{world.member.username}/"):
        page = html.unescape(sasha.get(url).content.decode())
        assert "ignored until" not in page and "You're ignoring" not in page
    assert Block.objects.filter(blocker=world.member).count() == 1


def test_timed_ignore_needs_a_signed_in_member_and_csrf(world):
    url = reverse("forum:member_ignore", args=[world.other.username])
    response = Client().post(url, {"period": "good"})
    assert response.status_code == HTTPStatus.FOUND and "login" in response.url
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.member)
    assert strict.post(url, {"period": "good"}).status_code == HTTPStatus.FORBIDDEN
    assert not Block.objects.filter(blocker=world.member).exists()


def test_content_warning_words_never_reach_a_visitors_search(world):
    factories.make_reply(
        author=world.other, thread=world.thread, body="Gravel words about gravel.", warning="abuse"
    )
    page = Client().get(reverse("forum:search"), {"q": "gravel"}).content.decode()
    assert "Content warning: Abuse" in page and "Gravel words" not in page
    # A member who chose to see the theme unfolded does not unfold it for the next member
    # (the remembered search is shared; the reader's choice is applied after it).
    services.set_warning_choices(member=world.member, choices={"abuse": "show"})
    assert (
        "<mark>Gravel</mark>"
        in signed_in(world.member).get(reverse("forum:search"), {"q": "gravel"}).content.decode()
    )
    page = signed_in(world.other).get(reverse("forum:search"), {"q": "gravel"}).content.decode()
    assert "Content warning: Abuse. Open the post to read it." in page
    assert "<mark>Gravel</mark>" not in page
