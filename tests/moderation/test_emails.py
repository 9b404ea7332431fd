"""moderation.emails: moderators' decisions emailed to the member concerned — a report
handled, a post hidden / edited / not approved, a warning, a pause on posting, a suspension —
kindly, without naming the moderator, after the commit, and only when the member wants it."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.email import sending as account_emails
from accounts.models import EmailDelivery, User
from forum.models import Status
from moderation import actions
from tests import factories

SITE = "https://holdfast.example"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.HOLDFAST_SITE_URL = SITE


def to(member):
    return [m for m in mail.outbox if m.to == [f"{member.username}@example.org"]]


def assert_moderator_unnamed(message, moderator):
    for text in (message.body, message.alternatives[0].content, message.subject):
        assert moderator.username not in text
        assert moderator.public_name not in text


def token_type(message):
    link = message.extra_headers["List-Unsubscribe"]
    return account_emails.read_unsubscribe_token(
        link.removeprefix(f"<{SITE}/email/unsubscribe/")[:-2]
    )[1]


# --- Reports handled ------------------------------------------------------------------------


def test_report_handled_emails_the_reporter_kindly(
    member, post, moderator, django_capture_on_commit_callbacks
):
    actions.report_post(reporter=member, post=post, reason="harassment")
    with django_capture_on_commit_callbacks(execute=True):
        actions.hide_post(moderator=moderator, post=post, reason="Unkind.")
    [message] = to(member)
    assert message.subject == "[Holdfast] Thank you for your report"
    assert "Thank you for reporting a post. A moderator looked at it and hid it." in message.body
    assert "Reports like yours help keep Holdfast a safe place." in message.body
    assert f"{SITE}/notifications/" in message.body
    assert post.body not in message.body  # the reported words stay on the site
    assert_moderator_unnamed(message, moderator)
    assert token_type(message) == account_emails.MODERATION
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_report_dismissed_emails_the_reporter(
    member, post, moderator, django_capture_on_commit_callbacks
):
    actions.report_post(reporter=member, post=post, reason="spam")
    with django_capture_on_commit_callbacks(execute=True):
        actions.dismiss_reports(moderator=moderator, key=f"post:{post.pk}")
    [message] = to(member)
    assert "decided it can stay" in message.body


def test_report_handled_not_emailed_when_moderation_emails_are_off(
    member, post, moderator, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=member.pk).update(email_moderation=False)
    actions.report_post(reporter=member, post=post, reason="harassment")
    with django_capture_on_commit_callbacks(execute=True):
        actions.hide_post(moderator=moderator, post=post)
    assert to(member) == []


def test_no_email_to_a_moderator_about_their_own_report(
    post, moderator, django_capture_on_commit_callbacks
):
    actions.report_post(reporter=moderator, post=post, reason="harassment")
    with django_capture_on_commit_callbacks(execute=True):
        actions.hide_post(moderator=moderator, post=post)
    assert to(moderator) == []


def test_moderation_emails_come_at_once_even_with_the_digest(
    member, post, moderator, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=member.pk).update(email_delivery=EmailDelivery.DIGEST)
    actions.report_post(reporter=member, post=post, reason="harassment")
    with django_capture_on_commit_callbacks(execute=True):
        actions.hide_post(moderator=moderator, post=post)
    assert len(to(member)) == 1


def test_moderation_emails_never_when_delivery_is_never(
    member, post, moderator, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=member.pk).update(email_delivery=EmailDelivery.NEVER)
    actions.report_post(reporter=member, post=post, reason="harassment")
    with django_capture_on_commit_callbacks(execute=True):
        actions.hide_post(moderator=moderator, post=post)
    assert to(member) == []


# --- The author's post ----------------------------------------------------------------------


def test_post_hidden_emails_its_author_with_the_reason_and_a_link(
    other_member, post, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.hide_post(moderator=moderator, post=post, reason="it names someone")
    [message] = to(other_member)
    assert message.subject == "[Holdfast] About your post in “Day one again”"
    assert "A moderator hid your post: it names someone" in message.body
    assert f"{SITE}{post.get_absolute_url()}" in message.body
    assert f'href="{SITE}{post.get_absolute_url()}"' in message.alternatives[0].content
    assert_moderator_unnamed(message, moderator)


def test_post_hidden_not_emailed_when_off(
    other_member, post, moderator, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=other_member.pk).update(email_moderation=False)
    with django_capture_on_commit_callbacks(execute=True):
        actions.hide_post(moderator=moderator, post=post)
    assert to(other_member) == []


def test_post_hidden_email_only_after_the_commit(
    other_member, post, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.hide_post(moderator=moderator, post=post)
    assert mail.outbox == []
    # Not `assert callbacks`: the page cache always leaves one, so that could not fail. The
    # email is among the callbacks: running them sends it.
    for callback in callbacks:
        callback()
    assert len(to(other_member)) == 1


def test_no_email_to_a_moderator_hiding_their_own_post(
    thread, moderator, django_capture_on_commit_callbacks
):
    own = factories.make_reply(author=moderator, thread=thread, body="Posted by mistake.")
    with django_capture_on_commit_callbacks(execute=True):
        actions.hide_post(moderator=moderator, post=own)
    assert to(moderator) == []


def test_post_edited_by_a_moderator_emails_its_author(
    other_member, post, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.redact_post(
            moderator=moderator, post=post, body="[name removed]", reason="no names"
        )
    [message] = to(other_member)
    assert "A moderator edited your post: no names" in message.body


def test_post_not_approved_emails_its_author(
    thread, moderator, settings, django_capture_on_commit_callbacks
):
    settings.HOLDFAST_APPROVAL_POSTS = 2
    newcomer = factories.make_member(username="newcomer")
    held = factories.make_reply(author=newcomer, thread=thread, body="My first words here.")
    assert held.status == Status.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        actions.reject_post(moderator=moderator, post=held, reason="please leave out the link")
    [message] = to(newcomer)
    assert "didn't approve your post: please leave out the link" in message.body
    assert "you're welcome to write it again" in message.body


def test_post_hidden_automatically_emails_its_author(
    other_member, post, settings, django_capture_on_commit_callbacks
):
    from tests.moderation.conftest import make_established

    settings.HOLDFAST_AUTO_HIDE_REPORTS = 2
    with django_capture_on_commit_callbacks(execute=True):
        for name in ("ash", "bea"):
            actions.report_post(
                reporter=make_established(username=name), post=post, reason="harassment"
            )
    [message] = to(other_member)
    assert "hidden while a moderator reviews reports" in message.body


# --- The member's account -------------------------------------------------------------------


def test_warning_emails_the_member_in_the_moderators_words_unsigned(
    other_member, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.warn_member(
            moderator=moderator, member=other_member, message="Please don't tell people what to do."
        )
    [message] = to(other_member)
    assert message.subject == "[Holdfast] A note from the moderators"
    assert "Please don't tell people what to do." in message.body
    assert "you are welcome here" in message.body
    assert f"{SITE}/warnings/" in message.body
    assert_moderator_unnamed(message, moderator)


def test_warning_not_emailed_when_off(other_member, moderator, django_capture_on_commit_callbacks):
    User.objects.filter(pk=other_member.pk).update(email_moderation=False)
    with django_capture_on_commit_callbacks(execute=True):
        actions.warn_member(moderator=moderator, member=other_member, message="Be kind.")
    assert to(other_member) == []


def test_silence_emails_the_member_until_when(
    other_member, moderator, django_capture_on_commit_callbacks
):
    until = timezone.now() + timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        actions.silence_member(moderator=moderator, member=other_member, until=until)
    [message] = to(other_member)
    assert message.subject == "[Holdfast] A pause on your posting"
    assert "paused your posting until" in message.body
    assert "You can still read everything." in message.body
    assert_moderator_unnamed(message, moderator)


def test_suspension_emails_the_member_on_their_own_clock(
    other_member, moderator, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=other_member.pk).update(time_zone="Asia/Tokyo")
    other_member.refresh_from_db()
    until = timezone.now().replace(microsecond=0) + timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        actions.suspend_member(
            moderator=moderator, member=other_member, until=until, reason="repeated insults"
        )
    [message] = to(other_member)
    assert message.subject == "[Holdfast] Your account is paused"
    local = timezone.localtime(until, other_member.zone)
    assert f"until {local.day} {local:%B %Y, %H:%M} (Asia/Tokyo), because: repeated insults" in (
        message.body
    )
    assert_moderator_unnamed(message, moderator)


def test_no_email_to_a_member_suspended_for_good(
    other_member, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.suspend_member(moderator=moderator, member=other_member, forever=True)
    assert to(other_member) == []


def test_a_suspended_member_gets_no_reply_emails(
    member, other_member, thread, moderator, django_capture_on_commit_callbacks
):
    actions.suspend_member(
        moderator=moderator, member=member, until=timezone.now() + timedelta(days=2)
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        factories.make_reply(author=other_member, thread=thread)
    assert to(member) == []
