"""Email and crisis posts (docs/care.md): thread emails coalesced to one per thread per member
per window, and the words of a crisis-flagged post never leaving the site — proved over every
email template the site has."""

import datetime
import zoneinfo
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.test.signals import template_rendered

from accounts.email import sending as account_emails
from accounts.models import EmailDelivery, User
from accounts.streaks.services import dates as risky_dates
from forum import emails, services
from forum.models import Post, ThreadEmailWindow
from moderation import actions as moderation_services
from moderation.care import rounds
from tests import factories

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 7, 1, 20, 0, tzinfo=datetime.UTC)
EMAIL_TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "emails"
CRISIS_BODY = "I don't want to be alive anymore and nobody would even notice I was gone."
CRISIS_WORDS = "nobody would even notice"


def emails_to(user):
    return [message for message in mail.outbox if user.email in message.to]


def everything_in(message) -> str:
    parts = [message.subject, message.body]
    parts += [content for content, _ in getattr(message, "alternatives", [])]
    return "\n".join(parts)


@pytest.fixture
def watcher_thread(member, other_member):
    """rowan's thread, which sasha watches (she replied in it)."""
    thread = factories.make_thread(author=member, title="Week two", now=NOW)
    factories.make_reply(author=other_member, thread=thread, body="Here with you.", now=NOW)
    return thread


# --- Coalescing -----------------------------------------------------------------------------------


def test_coalesce_quick_replies_into_one_email_per_thread(
    watcher_thread, member, other_member, settings, django_capture_on_commit_callbacks
):
    settings.HOLDFAST_NOTIFY_COALESCE_MINUTES = 10
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        for number in range(11):
            factories.make_reply(author=member, thread=watcher_thread, body=f"Quick reply {number}")
    assert len(emails_to(other_member)) == 1  # not eleven
    window = ThreadEmailWindow.objects.get(member=other_member, thread=watcher_thread)
    assert window.waiting_since is not None
    # Within the window nothing more goes; after it, one email gathers what waited.
    assert emails.send_waiting_thread_emails(now=NOW + datetime.timedelta(minutes=9)) == 0
    assert emails.send_waiting_thread_emails(now=NOW + datetime.timedelta(minutes=11)) == 1
    [_, update] = emails_to(other_member)
    assert update.subject.endswith("New posts in “Week two”")
    assert "10 new posts" in update.body and "Quick reply 10" in update.body
    assert emails.send_waiting_thread_emails(now=NOW + datetime.timedelta(minutes=30)) == 0


def test_coalesced_email_skips_what_was_read_on_the_site(
    watcher_thread, member, other_member, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        factories.make_reply(author=member, thread=watcher_thread, body="One")
        factories.make_reply(author=member, thread=watcher_thread, body="Two")
    services.mark_thread_read(member=other_member, thread=watcher_thread, up_to=99)
    assert emails.send_waiting_thread_emails(now=NOW + datetime.timedelta(hours=1)) == 0
    assert len(emails_to(other_member)) == 1


def test_coalesce_window_is_per_thread(
    watcher_thread, member, other_member, django_capture_on_commit_callbacks
):
    second = factories.make_thread(author=member, title="Another thread", now=NOW)
    factories.make_reply(author=other_member, thread=second, now=NOW)
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        factories.make_reply(author=member, thread=watcher_thread, body="Here")
        factories.make_reply(author=member, thread=second, body="And here")
    assert len(emails_to(other_member)) == 2


# --- Crisis posts stay on the site ----------------------------------------------------------------


def test_coalesced_or_not_a_crisis_reply_email_says_only_there_is_a_new_post(
    watcher_thread, member, other_member, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        post = factories.make_reply(author=member, thread=watcher_thread, body=CRISIS_BODY)
        factories.make_reply(author=member, thread=watcher_thread, body=CRISIS_BODY + " Again.")
    assert Post.objects.get(pk=post.pk).crisis_flagged
    [email] = emails_to(other_member)
    assert email.subject.endswith("A new post in “Week two”")
    assert "There is a new post in “Week two”" in email.body
    assert post.get_absolute_url() in email.body
    assert CRISIS_WORDS not in everything_in(email) and "rowan" not in email.body.split("\n", 1)[1]
    emails.send_waiting_thread_emails(now=NOW + datetime.timedelta(hours=1))
    [_, update] = emails_to(other_member)
    assert CRISIS_WORDS not in everything_in(update)


def test_worried_words_never_leave_the_site_in_any_email(
    member, other_member, moderator, settings, django_capture_on_commit_callbacks
):
    """Every kind of email the site sends, each about (or near) a crisis-flagged post: none
    carries its words. The test fails if a template in templates/emails/ was never sent, so
    a new kind of email must be added here."""
    settings.HOLDFAST_NOTIFY_COALESCE_MINUTES = 10
    rendered = set()

    def record(sender, template, **kwargs):
        if template.name and template.name.startswith("emails/"):
            rendered.add(template.name)

    template_rendered.connect(record, dispatch_uid="test-every-email")
    rowan, sasha = member, other_member
    digest_reader = factories.make_member(username="dana")
    User.objects.filter(pk=digest_reader.pk).update(email_delivery=EmailDelivery.DIGEST)
    digest_reader.refresh_from_db()
    guide = factories.make_member(username="guide_gale")
    User.objects.filter(pk=guide.pk).update(
        is_guide=True, shift_start=datetime.time(0), shift_end=datetime.time.max
    )
    try:
        with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
            thread = factories.make_thread(author=sasha, title="Holding on", now=NOW)
            services.set_watching(member=digest_reader, thread=thread, watching=True)
            opening = thread.posts.get(number=1)
            # A crisis reply that answers sasha's post and mentions dana and the guide: a
            # reply to her post, mentions (dana's waits for her digest), a reply to dana as
            # a watcher, the on-call alert to the moderator.
            crisis = services.create_reply(
                author=rowan,
                thread=thread,
                body=f"@dana @guide_gale {CRISIS_BODY}",
                reply_to=opening,
            ).post
            services.create_reply(author=rowan, thread=thread, body=CRISIS_BODY + " Still.")
            # A first post in crisis nobody answers: the net calls the guide.
            lonely = factories.make_thread(author=rowan, title="Nobody", body=CRISIS_BODY)
        with django_capture_on_commit_callbacks(execute=True):
            rounds.run_net(now=NOW + datetime.timedelta(minutes=31))
            emails.send_waiting_thread_emails(now=NOW + datetime.timedelta(minutes=11))
            emails.send_digest(member=digest_reader, now=NOW + datetime.timedelta(hours=12))
            moderation_services.report_post(reporter=guide, post=crisis, reason="worried")
            moderation_services.send_caring_message(moderator=moderator, member=rowan)
            # sasha's hard date tomorrow, with the day-before email she asked for.
            sasha_today = NOW.astimezone(zoneinfo.ZoneInfo(sasha.time_zone)).date()
            risky_dates.add_risky_date(
                member=sasha,
                label="Our anniversary",
                on=sasha_today + datetime.timedelta(days=1),
                email_reminder=True,
            )
            assert risky_dates.send_risky_date_reminders(now=NOW) == 1
        # Sanctions after the care emails went: a suspended member gets no check-in.
        with django_capture_on_commit_callbacks(execute=True):
            moderation_services.hide_post(moderator=moderator, post=crisis, reason="For now.")
            moderation_services.warn_member(moderator=moderator, member=rowan, message="Careful.")
            moderation_services.silence_member(
                moderator=moderator,
                member=rowan,
                until=NOW + datetime.timedelta(days=400),
            )
            moderation_services.suspend_member(
                moderator=moderator, member=rowan, until=NOW + datetime.timedelta(days=400)
            )
            account_emails.send_milestone_email.enqueue(member_id=sasha.pk, days=7)
    finally:
        template_rendered.disconnect(dispatch_uid="test-every-email")
    assert lonely.pk and len(mail.outbox) >= 12
    for message in mail.outbox:
        assert CRISIS_WORDS not in everything_in(message), message.subject
    every = {
        f"emails/{path.name}" for path in EMAIL_TEMPLATES.iterdir() if not path.name.startswith("_")
    }
    assert every - rendered == set(), "an email the test never sent"
