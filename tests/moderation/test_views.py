"""Every moderation view through the Django client: visitors are sent to log in, members
get a 404 from moderators' pages (the same as for a page that does not exist), moderators
act, and bad input comes back with a kind message and nothing lost."""

import datetime
import html
from http import HTTPStatus

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core import ratelimit
from forum.models import Notification, Post, Status, Thread
from moderation import actions, views
from moderation.models import ExName, MemberWarning, ModerationAction, Report, WatchedWord
from tests import factories

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    # Unescaped, so that messages with apostrophes read as written.
    return html.unescape(response.content.decode())


def key(post) -> str:
    return f"post:{post.pk}"


MODERATOR_PAGES = [
    ("moderation:dashboard", {}),
    ("moderation:care_queue", {}),
    ("moderation:rules_queue", {}),
    ("moderation:approvals", {}),
    ("moderation:audit_log", {}),
    ("moderation:watched_words", {}),
]


# --- Who may see moderators' pages ---------------------------------------------------------


@pytest.mark.parametrize(("name", "kwargs"), MODERATOR_PAGES)
def test_moderator_pages_send_visitors_to_log_in(client, name, kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(("name", "kwargs"), MODERATOR_PAGES)
def test_moderator_pages_are_not_found_for_members(client_for, member, name, kwargs):
    assert client_for(member).get(reverse(name, kwargs=kwargs)).status_code == 404


@pytest.mark.parametrize(("name", "kwargs"), MODERATOR_PAGES)
def test_moderator_pages_open_for_moderators_and_staff(client_for, moderator, staff, name, kwargs):
    assert client_for(moderator).get(reverse(name, kwargs=kwargs)).status_code == HTTPStatus.OK
    assert client_for(staff).get(reverse(name, kwargs=kwargs)).status_code == HTTPStatus.OK


def test_target_page_and_redact_page_are_not_found_for_members(client_for, member, post):
    client = client_for(member)
    assert client.get(reverse("moderation:target_detail", args=[key(post)])).status_code == 404
    assert client.get(reverse("moderation:post_redact", args=[post.pk])).status_code == 404


def test_act_is_not_found_for_members_and_changes_nothing(client_for, other_member, post):
    response = client_for(other_member).post(
        reverse("moderation:act", args=[key(post)]), {"action": "hide"}
    )
    assert response.status_code == 404
    post.refresh_from_db()
    assert post.status == Status.PUBLISHED
    assert not ModerationAction.objects.exists()


def test_act_needs_post(client_for, moderator, post):
    response = client_for(moderator).get(reverse("moderation:act", args=[key(post)]))
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_act_needs_csrf(moderator, post):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    response = client.post(reverse("moderation:act", args=[key(post)]), {"action": "hide"})
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_moderation_link_in_nav_for_moderators_only(client_for, member, moderator, post):
    actions.report_post(reporter=member, post=post, reason="harassment")
    home = reverse("forum:home")
    assert reverse("moderation:dashboard") not in text_of(client_for(member).get(home))
    page = text_of(client_for(moderator).get(home))
    assert reverse("moderation:dashboard") in page
    assert '1<span class="visually-hidden"> waiting' in page


# --- Reporting --------------------------------------------------------------------------


def test_report_post_sends_visitors_to_log_in(client, post):
    response = client.get(reverse("moderation:report_post", args=[post.pk]))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


def test_report_post_form_lists_the_reasons(client_for, member, post):
    response = client_for(member).get(reverse("moderation:report_post", args=[post.pk]))
    assert response.status_code == HTTPStatus.OK
    page = text_of(response)
    assert "Harassment or bullying" in page and "Self-harm or crisis" in page


def test_report_post_files_a_report_and_thanks_the_member(client_for, member, post):
    response = client_for(member).post(
        reverse("moderation:report_post", args=[post.pk]),
        {"reason": "manipulation", "note": "Pushing contact."},
        follow=True,
    )
    report = Report.objects.get()
    assert (report.reporter, report.post, report.reason) == (member, post, "manipulation")
    assert report.note == "Pushing contact."
    assert views.REPORTED in text_of(response)


def test_report_post_twice_is_handled_kindly(client_for, member, post):
    client = client_for(member)
    url = reverse("moderation:report_post", args=[post.pk])
    client.post(url, {"reason": "spam"})
    response = client.post(url, {"reason": "spam"}, follow=True)
    assert response.status_code == HTTPStatus.OK
    assert "already reported this" in text_of(response)
    assert Report.objects.count() == 1


def test_report_form_says_when_already_reported(client_for, member, post):
    client = client_for(member)
    url = reverse("moderation:report_post", args=[post.pk])
    assert "already reported this" not in text_of(client.get(url))
    actions.report_post(reporter=member, post=post, reason="spam")
    assert "already reported this" in text_of(client.get(url))


def test_report_post_without_a_reason_keeps_the_note(client_for, member, post):
    response = client_for(member).post(
        reverse("moderation:report_post", args=[post.pk]), {"note": "My careful words"}
    )
    assert response.status_code == HTTPStatus.OK
    assert "Please choose the reason closest" in text_of(response)
    assert "My careful words" in text_of(response)
    assert not Report.objects.exists()


def test_report_post_with_an_unknown_reason_is_refused_kindly(client_for, member, post):
    response = client_for(member).post(
        reverse("moderation:report_post", args=[post.pk]), {"reason": "<script>", "note": "x"}
    )
    assert "choose one of the reasons" in text_of(response)
    assert not Report.objects.exists()


def test_report_own_post_is_not_found(client_for, other_member, post):
    response = client_for(other_member).get(reverse("moderation:report_post", args=[post.pk]))
    assert response.status_code == 404


def test_report_missing_post_is_not_found(client_for, member):
    assert (
        client_for(member).get(reverse("moderation:report_post", args=[999999])).status_code == 404
    )


def test_report_held_post_is_not_found_like_a_missing_one(client_for, member, post):
    Post.objects.filter(pk=post.pk).update(status=Status.PENDING)
    response = client_for(member).get(reverse("moderation:report_post", args=[post.pk]))
    assert response.status_code == 404


def test_report_is_rate_limited_with_the_note_kept(client_for, member, settings):
    client = client_for(member)
    author = factories.make_member()
    thread = factories.make_thread(author=author)
    posts = [factories.make_reply(author=author, thread=thread) for _ in range(11)]
    # Early in an hour: the limiter's windows are fixed hours, and a run that crossed one
    # would start counting afresh (the test failed when run at 22:59).
    start = timezone.now().replace(minute=1, second=0, microsecond=0) + datetime.timedelta(hours=1)
    for n, post in enumerate(posts[: ratelimit.LIMITS["moderation:report"].member]):
        # Five seconds apart: the short window (3 in 10 s) never trips, the hour's one does.
        with time_machine.travel(start + datetime.timedelta(seconds=5 * n), tick=False):
            client.post(reverse("moderation:report_post", args=[post.pk]), {"reason": "spam"})
    later = start + datetime.timedelta(seconds=5 * ratelimit.LIMITS["moderation:report"].member)
    with time_machine.travel(later, tick=False):
        response = client.post(
            reverse("moderation:report_post", args=[posts[-1].pk]),
            {"reason": "spam", "note": "One more"},
        )
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "One more" in text_of(response) and ratelimit.TOO_FAST in text_of(response).replace(
        "&#x27;", "'"
    )
    assert Report.objects.count() == ratelimit.LIMITS["moderation:report"].member


def test_report_thread_and_member(client_for, other_member, thread, member):
    client = client_for(other_member)
    client.post(reverse("moderation:report_thread", args=[thread.pk]), {"reason": "spam"})
    client.post(reverse("moderation:report_member", args=[member.username]), {"reason": "other"})
    assert set(Report.objects.values_list("target_kind", flat=True)) == {"thread", "member"}


def test_report_thread_by_its_author_is_not_found(client_for, member, thread):
    assert (
        client_for(member).get(reverse("moderation:report_thread", args=[thread.pk])).status_code
        == 404
    )


def test_report_self_and_missing_member_are_not_found(client_for, member):
    client = client_for(member)
    assert (
        client.get(reverse("moderation:report_member", args=[member.username])).status_code == 404
    )
    assert client.get(reverse("moderation:report_member", args=["nobody"])).status_code == 404


def test_thread_page_offers_report_links_to_other_members_only(
    client_for, member, other_member, post
):
    url = post.thread.get_absolute_url()
    report_link = reverse("moderation:report_post", args=[post.pk])
    assert report_link in text_of(client_for(member).get(url))
    assert report_link not in text_of(client_for(other_member).get(url))  # their own post
    assert reverse("moderation:report_thread", args=[post.thread_id]) in text_of(
        client_for(other_member).get(url)
    )


# --- The queues and acting -------------------------------------------------------------------


def test_rules_queue_shows_reports_grouped_with_context(client_for, member, moderator, post):
    actions.report_post(reporter=member, post=post, reason="manipulation", note="Unkind advice")
    third = factories.make_member()
    actions.report_post(reporter=third, post=post, reason="harassment")
    page = text_of(client_for(moderator).get(reverse("moderation:rules_queue")))
    assert page.count('class="target card') == 1
    assert "2 open reports" in page and "Unkind advice" in page
    assert "You should text him." in page  # the post itself
    assert "Hello." in page  # the post before it


def test_care_queue_puts_crisis_first_and_leaves_it_out_of_rules(
    client_for, member, moderator, post
):
    actions.report_post(reporter=member, post=post, reason="crisis")
    client = client_for(moderator)
    care = text_of(client.get(reverse("moderation:care_queue")))
    assert "Crisis" in care and "You should text him." in care
    rules = text_of(client.get(reverse("moderation:rules_queue")))
    assert "Nothing waiting here" in rules


def test_queue_page_numbers_beyond_the_end_show_the_last_page(client_for, moderator):
    response = client_for(moderator).get(reverse("moderation:rules_queue") + "?page=abc")
    assert response.status_code == HTTPStatus.OK


def test_hide_from_the_queue(client_for, member, moderator, post):
    actions.report_post(reporter=member, post=post, reason="harassment")
    next_url = reverse("moderation:rules_queue")
    response = client_for(moderator).post(
        reverse("moderation:act", args=[key(post)]),
        {"action": "hide", "reason": "Pressure to break contact", "next": next_url},
    )
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == next_url
    post.refresh_from_db()
    assert post.status == Status.HIDDEN and post.hidden_reason == "Pressure to break contact"
    assert Report.objects.get().status == Report.Status.RESOLVED
    entry = ModerationAction.objects.get()
    assert (entry.action, entry.moderator, entry.reason) == (
        "hide_post",
        moderator,
        "Pressure to break contact",
    )


def test_act_ignores_a_next_url_off_the_site(client_for, moderator, post):
    response = client_for(moderator).post(
        reverse("moderation:act", args=[key(post)]),
        {"action": "hide", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("moderation:dashboard")


@pytest.mark.parametrize(
    ("action", "check"),
    [
        ("lock", lambda t: t.locked),
        ("pin", lambda t: t.pinned),
    ],
)
def test_thread_actions_from_the_queue(client_for, moderator, thread, action, check):
    client_for(moderator).post(
        reverse("moderation:act", args=[f"thread:{thread.pk}"]), {"action": action}
    )
    thread.refresh_from_db()
    assert check(thread)


def test_move_needs_a_category_and_keeps_the_reason(client_for, moderator, thread):
    response = client_for(moderator).post(
        reverse("moderation:act", args=[f"thread:{thread.pk}"]),
        {"action": "move", "reason": "Belongs elsewhere"},
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "choose the category" in text_of(response)
    assert "Belongs elsewhere" in text_of(response)


def test_move_from_the_queue(client_for, moderator, thread, other_category):
    client_for(moderator).post(
        reverse("moderation:act", args=[f"thread:{thread.pk}"]),
        {"action": "move", "category": other_category.pk},
    )
    thread.refresh_from_db()
    assert thread.category == other_category


def test_warn_needs_a_message(client_for, moderator, post):
    response = client_for(moderator).post(
        reverse("moderation:act", args=[key(post)]), {"action": "warn", "reason": "  "}
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "write the warning" in text_of(response)
    assert not MemberWarning.objects.exists()


def test_warn_silence_and_suspend_from_a_post(client_for, moderator, other_member, post):
    client = client_for(moderator)
    url = reverse("moderation:act", args=[key(post)])
    client.post(url, {"action": "warn", "reason": "Please be gentler."})
    # Silence and Suspend ask first (confirmed): tests/moderation/test_care_views.py.
    client.post(url, {"action": "silence", "silence_days": "7", "confirmed": "on"})
    client.post(url, {"action": "suspend", "suspend_for": "forever", "confirmed": "on"})
    other_member.refresh_from_db()
    assert MemberWarning.objects.get().member == other_member
    assert other_member.silenced_until is not None and other_member.suspended_forever
    assert list(ModerationAction.objects.order_by("pk").values_list("action", flat=True)) == [
        "warn_member",
        "silence_member",
        "suspend_member",
    ]


def test_moderator_cannot_act_on_another_moderator(client_for, moderator):
    other_mod = factories.make_moderator()
    response = client_for(moderator).post(
        reverse("moderation:act", args=[f"member:{other_mod.pk}"]),
        {"action": "suspend", "suspend_for": "7", "reason": "keep me"},
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "can't suspend this member" in text_of(response) and "keep me" in text_of(response)


def test_unknown_action_and_bad_key(client_for, moderator, post):
    client = client_for(moderator)
    response = client.post(reverse("moderation:act", args=[key(post)]), {"action": "explode"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "one of the actions" in text_of(response)
    response = client.post(reverse("moderation:act", args=["post:abc"]), {"action": "hide"})
    assert response.status_code == 404


def test_dismiss_from_the_target_page(client_for, member, moderator, post):
    actions.report_post(reporter=member, post=post, reason="spam")
    client = client_for(moderator)
    detail = reverse("moderation:target_detail", args=[key(post)])
    assert client.get(detail).status_code == HTTPStatus.OK
    client.post(reverse("moderation:act", args=[key(post)]), {"action": "dismiss", "next": detail})
    assert Report.objects.get().status == Report.Status.DISMISSED
    assert Notification.objects.filter(recipient=member, kind="moderation").exists()


def test_target_page_for_a_missing_target_is_not_found(client_for, moderator):
    client = client_for(moderator)
    assert client.get(reverse("moderation:target_detail", args=["post:99999"])).status_code == 404
    assert client.get(reverse("moderation:target_detail", args=["nonsense"])).status_code == 404


def test_approvals_lists_and_approves_held_posts(client_for, moderator, post):
    Post.objects.filter(pk=post.pk).update(status=Status.PENDING)
    client = client_for(moderator)
    assert "You should text him." in text_of(client.get(reverse("moderation:approvals")))
    client.post(reverse("moderation:act", args=[key(post)]), {"action": "approve"})
    post.refresh_from_db()
    assert post.status == Status.PUBLISHED


def test_redact_keeps_the_original_and_refuses_no_change(client_for, moderator, post):
    client = client_for(moderator)
    url = reverse("moderation:post_redact", args=[post.pk])
    assert "You should text him." in text_of(client.get(url))
    response = client.post(url, {"body": "You should text him.", "reason": "same"})
    assert "unchanged" in text_of(response)
    response = client.post(url, {"body": "", "reason": "keep"})
    assert "can't be empty" in text_of(response) and "keep" in text_of(response)
    client.post(url, {"body": "You should [removed].", "reason": "advice"})
    post.refresh_from_db()
    assert post.body == "You should [removed]."
    assert ModerationAction.objects.get().before == "You should text him."


# --- The audit log ----------------------------------------------------------------------------


def test_audit_log_filters_by_moderator_action_and_member(
    client_for, moderator, staff, post, thread
):
    actions.hide_post(moderator=moderator, post=post, reason="one")
    actions.lock_thread(moderator=staff, thread=thread, reason="two")
    client = client_for(moderator)
    url = reverse("moderation:audit_log")

    def shown(**query):
        response = client.get(url, query)
        assert response.status_code == HTTPStatus.OK
        return [entry.action for entry in response.context["page"].object_list]

    assert shown() == ["lock_thread", "hide_post"]
    assert shown(moderator=staff.username) == ["lock_thread"]
    assert shown(action="hide_post") == ["hide_post"]
    assert shown(member=post.author.username) == ["hide_post"]
    assert shown(member="@" + post.author.username) == ["hide_post"]
    assert shown(member="nobody-at-all") == []
    assert "Pressure" not in text_of(client.get(url)) and "Why: one" in text_of(client.get(url))


def test_audit_log_links_each_entry_to_its_target(client_for, moderator, post):
    actions.hide_post(moderator=moderator, post=post)
    actions.add_watched_word(moderator=moderator, phrase="text him", action="hold")
    page = text_of(client_for(moderator).get(reverse("moderation:audit_log")))
    assert reverse("moderation:target_detail", args=[key(post)]) in page
    assert page.count("/moderation/target/") == 1  # not for the watched word


def test_audit_log_odd_filters_do_not_break_it(client_for, moderator):
    response = client_for(moderator).get(
        reverse("moderation:audit_log"), {"moderator": "ghost", "action": "x", "page": "-1"}
    )
    assert response.status_code == HTTPStatus.OK
    assert "weren't understood" in text_of(response)


# --- Watched words --------------------------------------------------------------------------


def test_watched_words_add_change_remove(client_for, moderator):
    client = client_for(moderator)
    url = reverse("moderation:watched_words")
    response = client.post(url, {"phrase": "  text  him ", "action": "hold"})
    assert response.status_code == HTTPStatus.FOUND
    word = WatchedWord.objects.get()
    assert word.phrase == "text him"
    edit = reverse("moderation:watched_word_edit", args=[word.pk])
    assert client.get(edit).status_code == HTTPStatus.OK
    client.post(edit, {"phrase": "text him", "action": "block"})
    word.refresh_from_db()
    assert word.action == "block"
    client.post(reverse("moderation:watched_word_remove", args=[word.pk]))
    assert not WatchedWord.objects.exists()
    assert ModerationAction.objects.count() == 3


@pytest.mark.parametrize(
    ("phrase", "message"),
    [("", "Please write the word"), ("te(x|t)", "plain words"), ("!!!", "one letter")],
)
def test_watched_word_bad_input_is_kept(client_for, moderator, phrase, message):
    response = client_for(moderator).post(
        reverse("moderation:watched_words"), {"phrase": phrase, "action": "flag"}
    )
    assert response.status_code == HTTPStatus.OK
    assert message in text_of(response)
    if phrase:
        assert phrase.replace("|", "|") in text_of(response)
    assert not WatchedWord.objects.exists()


def test_watched_word_duplicate_is_refused_kindly(client_for, moderator):
    client = client_for(moderator)
    client.post(reverse("moderation:watched_words"), {"phrase": "Text him", "action": "hold"})
    response = client.post(
        reverse("moderation:watched_words"), {"phrase": "TEXT HIM", "action": "flag"}
    )
    assert "already watched" in text_of(response)
    assert WatchedWord.objects.count() == 1


def test_watched_word_pages_are_not_found_for_members(client_for, member, moderator):
    word = actions.add_watched_word(moderator=moderator, phrase="text him", action="hold")
    client = client_for(member)
    assert client.get(reverse("moderation:watched_word_edit", args=[word.pk])).status_code == 404
    assert client.post(reverse("moderation:watched_word_remove", args=[word.pk])).status_code == 404
    assert WatchedWord.objects.exists()


# --- A member's own pages ---------------------------------------------------------------------


def test_ex_names_page_is_private_and_keeps_bad_input(client_for, member, other_member, client):
    url = reverse("moderation:ex_names")
    assert client.get(url).status_code == HTTPStatus.FOUND  # visitors log in
    mine = client_for(member)
    mine.post(url, {"name": "Jordan Avery"})
    assert "Jordan Avery" in text_of(mine.get(url))
    assert "Jordan Avery" not in text_of(client_for(other_member).get(url))
    response = mine.post(url, {"name": "J"})
    assert "at least two letters" in text_of(response) and 'value="J"' in text_of(response)
    response = mine.post(url, {"name": "jordan avery"})
    assert "already on your list" in text_of(response)


def test_ex_name_remove_only_your_own(client_for, member, other_member):
    name = actions.add_ex_name(member=member, name="Jordan")
    url = reverse("moderation:ex_name_remove", args=[name.pk])
    assert client_for(other_member).post(url).status_code == 404
    assert client_for(member).get(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    client_for(member).post(url)
    assert not ExName.objects.exists()


def test_ex_names_stop_a_post_naming_them(client_for, member, thread):
    actions.add_ex_name(member=member, name="Jordan")
    response = client_for(member).post(
        reverse("forum:reply_create", args=[thread.pk]), {"body": "Jordan called me today."}
    )
    assert response.status_code == HTTPStatus.OK
    assert "Jordan called me today." in text_of(response)  # kept in the form
    assert thread.posts.count() == 1


WARNING_LINK = '<span class="visually-hidden">Message from the moderators</span>'


def test_warnings_page_and_acknowledge(client_for, moderator, member, other_member, client):
    warning = actions.warn_member(moderator=moderator, member=member, message="Be kind, please.")
    assert client.get(reverse("moderation:warnings")).status_code == HTTPStatus.FOUND
    mine = client_for(member)
    home = text_of(mine.get(reverse("forum:home")))
    assert WARNING_LINK in home
    assert "Be kind, please." in text_of(mine.get(reverse("moderation:warnings")))
    url = reverse("moderation:warning_acknowledge", args=[warning.pk])
    assert client_for(other_member).post(url).status_code == 404
    mine.post(url)
    warning.refresh_from_db()
    assert warning.acknowledged_at is not None
    assert WARNING_LINK not in text_of(mine.get(reverse("forum:home")))


# --- Crisis care ------------------------------------------------------------------------------


def test_crisis_post_shows_resources_to_its_author_and_alerts_moderators(
    client_for, member, moderator, thread, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(member).post(
            reverse("forum:reply_create", args=[thread.pk]),
            {"body": "Honestly I want to kill myself tonight."},
            follow=True,
        )
    assert "It sounds like things are really hard right now" in text_of(response)
    report = Report.objects.get()
    assert report.reason == "crisis" and report.source == "crisis"
    assert any("crisis" in message.subject for message in mail.outbox)


def test_crisis_resources_page_for_everyone(client):
    assert client.get(reverse("moderation:crisis_resources")).status_code == HTTPStatus.OK


def test_thread_survives_hide_of_reply(client_for, moderator, post):
    actions.hide_post(moderator=moderator, post=post)
    assert Thread.objects.get().status == Status.PUBLISHED


# --- The permission matrix ---------------------------------------------------------------------

ROLES = ["anonymous", "member", "new_member", "silenced", "suspended", "moderator", "staff"]


def person(role):
    """A user in each role (None for a visitor). Members here are established unless new."""
    from datetime import timedelta

    from django.utils import timezone

    from tests.moderation.conftest import establish

    if role == "anonymous":
        return None
    if role == "moderator":
        return establish(factories.make_moderator(username="matrix_mod"))
    if role == "staff":
        return establish(factories.make_member(username="matrix_staff", is_staff=True))
    user = factories.make_member(username=f"matrix_{role}")
    if role != "new_member":
        establish(user)
    if role == "silenced":
        user.silenced_until = timezone.now() + timedelta(days=1)
        user.save(update_fields=["silenced_until"])
    if role == "suspended":
        user.suspended_forever = True
        user.save(update_fields=["suspended_forever"])
    return user


# What each role gets from a moderators' page: a visitor (and a suspended member, whose
# session ends on their next request) is sent to log in; members get the 404 that a missing
# page gives; moderators and staff get the page.
PAGE_OUTCOME = {
    "anonymous": HTTPStatus.FOUND,
    "member": HTTPStatus.NOT_FOUND,
    "new_member": HTTPStatus.NOT_FOUND,
    "silenced": HTTPStatus.NOT_FOUND,
    "suspended": HTTPStatus.FOUND,
    "moderator": HTTPStatus.OK,
    "staff": HTTPStatus.OK,
}


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_for_moderator_pages(client_for, post, role):
    user = person(role)
    word = WatchedWord.objects.create(
        phrase="zz top", folded="zz top", action="hold", created_at=post.created_at
    )
    urls = [reverse(name) for name, _ in MODERATOR_PAGES] + [
        reverse("moderation:target_detail", args=[key(post)]),
        reverse("moderation:post_redact", args=[post.pk]),
        reverse("moderation:watched_word_edit", args=[word.pk]),
    ]
    for url in urls:
        assert client_for(user).get(url).status_code == PAGE_OUTCOME[role], url


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_for_moderator_actions(client_for, post, role):
    user = person(role)
    response = client_for(user).post(
        reverse("moderation:act", args=[key(post)]), {"action": "hide", "reason": "matrix"}
    )
    post.refresh_from_db()
    hidden = post.status == Status.HIDDEN
    assert hidden == (role in ("moderator", "staff"))
    assert response.status_code == (
        HTTPStatus.FOUND if role in ("anonymous", "suspended", "moderator", "staff") else 404
    )
    assert ModerationAction.objects.filter(reason="matrix").exists() == hidden


# Reporting: every signed-in member may report (a silenced member too: a report asks for
# protection, it is not a post); a suspended member's session ends; visitors log in.
REPORT_OUTCOME = {
    "anonymous": False,
    "member": True,
    "new_member": True,
    "silenced": True,
    "suspended": False,
    "moderator": True,
    "staff": True,
}


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_for_reporting(client_for, post, role):
    user = person(role)
    client_for(user).post(reverse("moderation:report_post", args=[post.pk]), {"reason": "spam"})
    assert Report.objects.exists() == REPORT_OUTCOME[role]
    if REPORT_OUTCOME[role]:
        report = Report.objects.get()
        # New members' reports are filed but do not count towards hiding the post.
        assert report.counts_towards_hiding == (role != "new_member")


def test_target_page_warns_that_hiding_an_opening_post_hides_its_thread(
    client_for, member, moderator, thread, post
):
    opening = thread.posts.get(number=1)
    actions.report_post(reporter=member, post=post, reason="harassment")
    client = client_for(moderator)

    opening_page = text_of(client.get(reverse("moderation:target_detail", args=[key(opening)])))
    reply_page = text_of(client.get(reverse("moderation:target_detail", args=[key(post)])))

    assert "hiding it takes the whole thread, with everyone's replies" in opening_page
    assert "Hide post and thread" in opening_page
    assert "whole thread" not in reply_page and "Hide post" in reply_page
