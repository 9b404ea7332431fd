"""Issue 15 items 4 and 5: content warnings (folded until tapped; a member's themes to fold,
hide or show everywhere), muted threads and categories, and ignoring a member for a while
or for good (forum.content_warnings, forum.selectors.muting, forum.services.muting)."""

import datetime
from http import HTTPStatus

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from forum import content_warnings, selectors, services
from forum.forms import ReplyForm
from forum.models import Block, Notification, WarningChoice
from forum.selectors import muting
from tests import factories


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.HOLDFAST_SITE_URL = "https://holdfast.example"


def warned_reply(author, thread, body="He hit the wall next to me.", warning="abuse", **kw):
    return factories.make_reply(author=author, thread=thread, body=body, warning=warning, **kw)


# --- Content warnings ---------------------------------------------------------------------


def test_content_warning_treatment_folds_by_default_and_follows_the_choice():
    assert content_warnings.treatment("", {"abuse": "hide"}) == ""
    assert content_warnings.treatment("abuse", {}) == content_warnings.FOLD
    assert content_warnings.treatment("abuse", {"abuse": "hide"}) == content_warnings.HIDE
    assert content_warnings.treatment("abuse", {"sexual": "show"}) == content_warnings.FOLD


def test_content_warning_label_uses_the_authors_own_words():
    assert content_warnings.label("own_words", "talk of court") == "talk of court"
    assert content_warnings.label("self_harm") == "Self-harm"
    assert content_warnings.label("") == ""


def test_content_warning_form_needs_own_words_when_chosen():
    form = ReplyForm({"body": "Hard day.", "warning": "own_words", "warning_note": ""})
    assert not form.is_valid()
    assert form.errors["warning_note"] == [
        ReplyForm.base_fields["warning_note"].error_messages["own_words_needed"]
    ]
    form = ReplyForm({"body": "Hard day.", "warning": "abuse", "warning_note": "dropped"})
    assert form.is_valid() and form.cleaned_data["warning_note"] == ""


def test_content_warning_reply_view_saves_the_warning(client_for, other_member, thread):
    response = client_for(other_member).post(
        reverse("forum:reply_create", args=[thread.pk]),
        {"body": "It got physical last year.", "warning": "abuse"},
    )
    assert response.status_code == HTTPStatus.FOUND
    post = thread.posts.latest("pk")
    assert (post.content_warning, post.body) == ("abuse", "It got physical last year.")


def test_content_warning_folds_in_the_thread_for_visitors_and_members(
    client, client_for, member, other_member, thread
):
    warned_reply(other_member, thread)
    for viewer in (client, client_for(member)):
        html = viewer.get(thread.get_absolute_url()).content.decode()
        assert "<summary>Content warning: Abuse. Show the post</summary>" in html


def test_content_warning_hidden_theme_leaves_only_a_note_in_the_thread(
    client_for, member, other_member, thread
):
    warned_reply(other_member, thread)
    services.set_warning_choices(member=member, choices={"abuse": "hide"})
    html = client_for(member).get(thread.get_absolute_url()).content.decode()
    assert "He hit the wall" not in html
    assert "content warning you chose to hide (Abuse)" in html


def test_content_warning_shown_theme_is_unfolded(client_for, member, other_member, thread):
    warned_reply(other_member, thread)
    services.set_warning_choices(member=member, choices={"abuse": "show"})
    html = client_for(member).get(thread.get_absolute_url()).content.decode()
    assert "Show the post</summary>" not in html and "He hit the wall" in html


def test_content_warning_hidden_theme_leaves_lists(client_for, member, other_member, category):
    warned = factories.make_thread(
        author=other_member, category=category, title="What he did", warning="abuse"
    )
    home = selectors.home_page(other_member)
    assert warned in home.latest and home.latest[0].opening_warning == "abuse"
    services.set_warning_choices(member=member, choices={"abuse": "hide"})
    assert warned not in selectors.home_page(member).latest
    page = selectors.category_threads(member, category, 1)
    assert warned not in page.object_list


def test_content_warning_hidden_theme_counts_only_opening_posts(member, other_member, category):
    """A thread leaves the member's lists (and their count) when its opening post carries a
    theme they hide; a reply with that theme, or another theme, leaves it listed."""
    opened_warned = factories.make_thread(author=other_member, category=category, warning="abuse")
    replied_warned = factories.make_thread(author=other_member, category=category)
    reply = factories.make_reply(author=other_member, thread=replied_warned, warning="abuse")
    assert reply.content_warning == "abuse"
    other_theme = factories.make_thread(author=other_member, category=category, warning="grief")
    services.set_warning_choices(member=member, choices={"abuse": "hide"})
    page = selectors.category_threads(member, category, 1)
    assert set(page.object_list) == {replied_warned, other_theme}
    assert page.paginator.count == 2
    assert opened_warned in selectors.category_threads(other_member, category, 1).object_list


def test_content_warning_hidden_openings_are_found_by_their_index(db):
    """The opening posts under a theme come from the partial index, not from every post."""
    from django.db import connection

    sql = "SELECT thread_id FROM forum_post WHERE number = 1 AND content_warning IN ('abuse')"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
        plan = "\n".join(str(row) for row in cursor.fetchall())
    assert "forum_post_opening_warning" in plan


def test_content_warning_search_folds_the_snippet_and_hides_hidden_themes(
    client_for, member, other_member, thread
):
    warned_reply(other_member, thread, body="The lighthouse night he shouted at me.")
    client = client_for(member)
    html = client.get(reverse("forum:search"), {"q": "lighthouse"}).content.decode()
    assert "Content warning: Abuse. Open the post to read it." in html
    assert "shouted" not in html
    services.set_warning_choices(member=member, choices={"abuse": "hide"})
    html = client.get(reverse("forum:search"), {"q": "lighthouse"}).content.decode()
    assert "Content warning" not in html and "search-hit" not in html


def test_content_warning_email_keeps_the_post_folded(
    member, other_member, thread, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        warned_reply(other_member, thread)
    [message] = mail.outbox
    assert "He hit the wall" not in message.body
    assert "This post has a content warning: Abuse." in message.body
    assert "He hit the wall" not in message.alternatives[0].content


def test_content_warning_email_shows_a_theme_the_member_chose_to_see(
    member, other_member, thread, django_capture_on_commit_callbacks
):
    services.set_warning_choices(member=member, choices={"abuse": "show"})
    with django_capture_on_commit_callbacks(execute=True):
        warned_reply(other_member, thread)
    assert "He hit the wall" in mail.outbox[0].body


def test_content_warning_words_stay_out_of_notifications_and_profiles(
    client_for, member, other_member, thread
):
    warned_reply(other_member, thread)
    client = client_for(member)
    notes = client.get(reverse("forum:notification_list")).content.decode()
    assert "He hit the wall" not in notes
    posts = client.get(reverse("forum:member_posts", args=[other_member.username]))
    assert "He hit the wall" not in posts.content.decode()
    assert "Content warning — open the post to read it." in posts.content.decode()


def test_content_warning_hidden_theme_sends_no_notification(member, other_member, thread):
    services.set_warning_choices(member=member, choices={"abuse": "hide"})
    warned_reply(other_member, thread)
    assert not Notification.objects.filter(recipient=member).exists()


def test_content_warning_settings_page_saves_choices(client_for, member):
    client = client_for(member)
    url = reverse("forum:warning_settings")
    assert client.get(url).status_code == HTTPStatus.OK
    data = {"infidelity": "fold", "abuse": "hide", "self_harm": "hide", "sexual": "show"}
    response = client.post(url, {**data, "own_words": "fold"})
    assert response.status_code == HTTPStatus.FOUND
    assert content_warnings.choices_for(member)["abuse"] == "hide"
    assert WarningChoice.objects.filter(member=member).count() == 5


def test_content_warning_settings_page_refuses_a_bad_choice_kindly(client_for, member):
    response = client_for(member).post(reverse("forum:warning_settings"), {"abuse": "burn"})
    assert response.status_code == HTTPStatus.OK
    assert "Choose one of the three." in response.content.decode()
    assert not WarningChoice.objects.exists()


def test_content_warning_settings_page_needs_sign_in(client):
    response = client.get(reverse("forum:warning_settings"))
    assert response.status_code == HTTPStatus.FOUND and "login" in response.url


def test_content_warning_choices_refuse_an_unknown_theme(member):
    with pytest.raises(services.ActionRefused):
        services.set_warning_choices(member=member, choices={"politics": "hide"})


# --- Muting threads and categories --------------------------------------------------------


def test_mute_thread_sends_no_notification(member, other_member, thread):
    services.set_thread_muted(member=member, thread=thread, muted=True)
    factories.make_reply(author=other_member, thread=thread, body="@rowan you there?")
    assert not Notification.objects.filter(recipient=member).exists()
    services.set_thread_muted(member=member, thread=thread, muted=False)
    factories.make_reply(author=other_member, thread=thread)
    assert Notification.objects.filter(recipient=member).count() == 1


def test_mute_thread_after_the_reply_stops_its_waiting_email(
    member, other_member, thread, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        factories.make_reply(author=other_member, thread=thread)
    services.set_thread_muted(member=member, thread=thread, muted=True)
    for callback in callbacks:
        callback()
    assert not [m for m in mail.outbox if m.to == [member.email]]


def test_mute_category_sends_no_notification_and_leaves_lists(
    member, other_member, thread, category
):
    services.set_category_muted(member=member, category=category, muted=True)
    factories.make_reply(author=other_member, thread=thread)
    assert not Notification.objects.filter(recipient=member).exists()
    assert thread not in selectors.home_page(member).latest
    assert thread in selectors.home_page(other_member).latest
    # The category's own page still lists it: the member went there.
    assert thread in selectors.category_threads(member, category, 1).object_list


def test_mute_thread_leaves_the_members_lists(member, other_member, thread):
    services.set_thread_muted(member=other_member, thread=thread, muted=True)
    assert thread not in selectors.home_page(other_member).latest
    assert thread in selectors.home_page(member).latest


def test_mute_thread_view_toggles_and_the_page_says_so(client_for, member, thread):
    client = client_for(member)
    url = reverse("forum:thread_mute", args=[thread.pk])
    assert client.post(url, {"muted": "on"}).status_code == HTTPStatus.FOUND
    assert muting.reader_choices(member).threads == {thread.pk}
    assert "Unmute this thread" in client.get(thread.get_absolute_url()).content.decode()
    client.post(url, {"muted": "off"})
    assert muting.reader_choices(member).threads == set()


def test_mute_thread_view_gives_the_same_404_for_a_thread_the_member_cannot_read(
    client_for, member, other_member
):
    hidden = factories.make_thread(author=other_member, title="Waiting for a look")
    hidden.status = "pending"
    hidden.save()
    client = client_for(member)
    for pk in (hidden.pk, 999_999):
        assert client.post(
            reverse("forum:thread_mute", args=[pk]), {"muted": "on"}
        ).status_code == (HTTPStatus.NOT_FOUND)


def test_mute_views_need_post_and_sign_in(client, client_for, member, thread, category):
    assert client_for(member).get(reverse("forum:thread_mute", args=[thread.pk])).status_code == (
        HTTPStatus.METHOD_NOT_ALLOWED
    )
    response = client.post(reverse("forum:category_mute", args=[category.slug]), {"muted": "on"})
    assert response.status_code == HTTPStatus.FOUND and "login" in response.url


def test_mute_category_view_and_settings_list(client_for, member, category):
    client = client_for(member)
    client.post(reverse("forum:category_mute", args=[category.slug]), {"muted": "on"})
    html = client.get(reverse("forum:warning_settings")).content.decode()
    assert category.name in html and "Unmute" in html


def test_mute_reader_choices_is_one_query(member, thread, category, django_assert_num_queries):
    services.set_thread_muted(member=member, thread=thread, muted=True)
    services.set_category_muted(member=member, category=category, muted=True)
    services.set_warning_choices(member=member, choices={"sexual": "hide"})
    with django_assert_num_queries(1):
        choices = muting.reader_choices(member)
    assert choices.threads == {thread.pk} and choices.categories == {category.pk}
    assert choices.warnings == {"sexual": "hide"}


# --- Ignoring a member ------------------------------------------------------------------


def test_timed_ignore_ends_by_itself(member, other_member, thread):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        services.ignore_member(member=member, ignored=other_member, period="day")
        assert selectors.is_blocking(member, other_member)
        factories.make_reply(author=other_member, thread=thread)
        assert not Notification.objects.filter(recipient=member).exists()
    with time_machine.travel(start + datetime.timedelta(days=1, minutes=1), tick=False):
        assert not selectors.is_blocking(member, other_member)
        assert selectors.blocked_members(member) == []
        factories.make_reply(author=other_member, thread=thread)
        assert Notification.objects.filter(recipient=member).count() == 1


@pytest.mark.parametrize(
    ("period", "days"), [("day", 1), ("week", 7), ("month", 30), ("good", None)]
)
def test_timed_ignore_lengths(member, other_member, period, days):
    now = timezone.now()
    block = services.ignore_member(member=member, ignored=other_member, period=period, now=now)
    assert block.until == (now + datetime.timedelta(days=days) if days else None)


def test_timed_ignore_block_for_good_replaces_a_timed_one(member, other_member):
    services.ignore_member(member=member, ignored=other_member, period="day")
    services.block_member(blocker=member, blocked=other_member)
    assert Block.objects.get(blocker=member).until is None


def test_timed_ignore_refuses_moderators_and_oneself(member, moderator):
    for target in (moderator, member):
        with pytest.raises(services.ActionRefused):
            services.ignore_member(member=member, ignored=target, period="week")


def test_timed_ignore_page_from_a_profile(client_for, member, other_member):
    client = client_for(member)
    profile = client.get(reverse("accounts:profile", args=[other_member.username]))
    url = reverse("forum:member_ignore", args=[other_member.username])
    assert url in profile.content.decode()
    assert client.get(url).status_code == HTTPStatus.OK
    response = client.post(url, {"period": "week"})
    assert response.status_code == HTTPStatus.FOUND
    html = client.get(reverse("forum:blocked_list")).content.decode()
    assert "ignored until" in html and other_member.public_name in html


def test_timed_ignore_page_explains_why_not_for_a_moderator(client_for, member, moderator):
    url = reverse("forum:member_ignore", args=[moderator.username])
    response = client_for(member).post(url, {"period": "week"})
    assert response.status_code == HTTPStatus.OK
    assert "Moderators can&#x27;t be blocked" in response.content.decode()
    assert not Block.objects.exists()


def test_timed_ignore_page_keeps_a_bad_choice_kind(client_for, member, other_member):
    url = reverse("forum:member_ignore", args=[other_member.username])
    response = client_for(member).post(url, {"period": "forever-and-ever"})
    assert "Choose one of the four lengths." in response.content.decode()
    assert not Block.objects.exists()


def test_timed_ignore_page_404_for_an_unknown_member(client_for, member):
    url = reverse("forum:member_ignore", args=["nobody_here"])
    assert client_for(member).get(url).status_code == HTTPStatus.NOT_FOUND


def test_content_warning_added_on_edit_folds_the_post_without_a_revision(
    client, client_for, other_member, thread
):
    post = factories.make_reply(author=other_member, thread=thread, body="It got physical.")
    url = reverse("forum:post_edit", kwargs={"pk": post.pk})
    author = client_for(other_member)
    assert author.get(url).context["form"].initial["warning"] == ""
    response = author.post(url, {"body": "It got physical.", "warning": "abuse"})
    assert response.status_code == HTTPStatus.FOUND
    post.refresh_from_db()
    assert post.content_warning == "abuse" and not post.revisions.exists()
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "<summary>Content warning: Abuse. Show the post</summary>" in html


def test_content_warning_taken_off_on_edit_unfolds_the_post(
    client, client_for, other_member, thread
):
    post = warned_reply(other_member, thread)
    url = reverse("forum:post_edit", kwargs={"pk": post.pk})
    assert client_for(other_member).get(url).context["form"].initial["warning"] == "abuse"
    client_for(other_member).post(url, {"body": post.body, "warning": ""})
    post.refresh_from_db()
    assert post.content_warning == ""
    assert "Content warning" not in client.get(thread.get_absolute_url()).content.decode()
