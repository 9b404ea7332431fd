"""Issue 15, item 1: the quick exit on every page, its neutral page, and discreet mode (a
neutral tab title and icon, neutral email subjects). The browser half — leaving with no
history entry, Escape three times — is tests/e2e/test_quick_exit_flow.py."""

import datetime
import re
from http import HTTPStatus

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.discreet import services as discreet
from accounts.email import sending
from accounts.models import User
from tests import factories

QUICK_EXIT = re.compile(
    r'<a class="[^"]*" href="/recipes/tomato-soup/" rel="noreferrer" data-quick-exit>'
    r".*?Quick exit</a>",
    re.S,
)
# What a discreet subject must never say: the site's subject, an ex, anyone's name.
FORBIDDEN = re.compile(r"no contact|\bex\b|jordan|sasha|rowan|texted", re.I)


@pytest.mark.parametrize(
    "name", ["forum:home", "forum:guidelines", "account_login", "account_signup", "accounts:sos"]
)
def test_quick_exit_link_on_every_kind_of_page(name, member, client_for):
    for client in (Client(), client_for(member)):
        response = client.get(reverse(name), follow=True)
        assert response.status_code == HTTPStatus.OK
        assert QUICK_EXIT.search(response.content.decode())


def test_quick_exit_link_on_the_404_page(client_for, member):
    response = client_for(member).get("/no-such-page-here/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert QUICK_EXIT.search(response.content.decode())


def test_quick_exit_neutral_page_has_no_trace_of_holdfast(member, client_for):
    for client in (Client(), client_for(member)):
        response = client.get(reverse("accounts:neutral_page"))
        assert response.status_code == HTTPStatus.OK
        page = response.content.decode()
        assert "<title>Simple tomato soup</title>" in page
        assert "favicon-discreet.svg" in page
        for trace in ("holdfast", "contact", "forum", "streak", "rowan", "/u/", 'href="/"'):
            assert trace not in page.lower()


def test_quick_exit_discreet_mode_gives_a_neutral_title_and_icon(member, client_for):
    client = client_for(member)
    thread = factories.make_thread(author=member, title="He texted me again")
    url = reverse("forum:thread_detail", args=[thread.pk, thread.slug])
    page = client.get(url).content.decode()
    assert "He texted me again · Holdfast</title>" in page
    assert "/static/favicon.svg" in page

    discreet.set_discreet_mode(member=member, on=True)
    page = client.get(url).content.decode()  # the member's cached copy is not served
    title = re.search(r"<title>(.*?)</title>", page).group(1)
    assert title == "Notes"
    assert "favicon-discreet.svg" in page
    assert "/static/favicon.svg" not in page


def test_quick_exit_discreet_mode_is_only_the_members_own(member, other_member, client_for):
    discreet.set_discreet_mode(member=member, on=True)
    page = client_for(other_member).get(reverse("forum:guidelines")).content.decode()
    assert "<title>Community guidelines · Holdfast</title>" in page or "· Holdfast</title>" in page


def test_quick_exit_discreet_settings_page_saves_the_choice(member, client_for):
    client = client_for(member)
    url = reverse("accounts:settings_discreet")
    page = client.get(url)
    assert page.status_code == HTTPStatus.OK
    assert "Use discreet mode" in page.content.decode()
    response = client.post(url, {"discreet_mode": "on"})
    assert response.status_code == HTTPStatus.FOUND
    assert User.objects.get(pk=member.pk).discreet_mode is True
    client.post(url, {})
    assert User.objects.get(pk=member.pk).discreet_mode is False


def test_quick_exit_discreet_settings_page_asks_visitors_to_log_in(db):
    response = Client().post(reverse("accounts:settings_discreet"), {"discreet_mode": "on"})
    assert response.status_code == HTTPStatus.FOUND
    assert response.headers["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("email_type", sorted(sending.SWITCHES) + [sending.DIGEST])
def test_quick_exit_discreet_email_subjects_say_nothing(email_type, member):
    telling = "Sasha replied in “Jordan texted me, my ex is back” — 9 days of no contact"
    member.discreet_mode = True
    assert sending.send_to_member(
        member=member,
        email_type=email_type,
        template="milestone",
        subject=telling,
        context={"days": 9},
    )
    subject = mail.outbox[-1].subject
    assert subject.startswith("[Holdfast] ")
    assert not FORBIDDEN.search(subject), subject


def test_quick_exit_discreet_email_subject_unchanged_when_off(member):
    sending.send_to_member(
        member=member,
        email_type=sending.MILESTONES,
        template="milestone",
        subject="9 days of no contact",
        context={"days": 9},
    )
    assert mail.outbox[-1].subject == "[Holdfast] 9 days of no contact"


def test_quick_exit_discreet_milestone_email_has_a_neutral_subject(
    member, django_capture_on_commit_callbacks
):
    discreet.set_discreet_mode(member=member, on=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.start_streak(
            member=member, started_on=datetime.date.today() - datetime.timedelta(days=3)
        )
    assert [message.subject for message in mail.outbox] == ["[Holdfast] An update for you"]


@pytest.mark.parametrize("history", ["new", "busy"])
def test_quick_exit_pages_run_a_constant_number_of_queries(
    history, member, client_for, django_assert_max_num_queries
):
    if history == "busy":  # posts and a streak: nothing of it is read here
        thread = factories.make_thread(author=member)
        for number in range(15):
            factories.make_reply(author=member, thread=thread, body=f"Reply {number}.")
        services.start_streak(member=member, started_on=datetime.date(2024, 1, 1))
    # The neutral page reads nothing for a visitor; for a member, what every request of
    # theirs reads before any view runs: session, user, and whether they are a moderator
    # (accounts.roles: a moderator's pages are never taken from the members' cache).
    with django_assert_max_num_queries(0):
        assert Client().get(reverse("accounts:neutral_page")).status_code == HTTPStatus.OK
    client = client_for(member)
    with django_assert_max_num_queries(3):
        assert client.get(reverse("accounts:neutral_page")).status_code == HTTPStatus.OK
    # The settings page: session, user, the menu's notification count.
    with django_assert_max_num_queries(3):
        assert client.get(reverse("accounts:settings_discreet")).status_code == HTTPStatus.OK
    # A save: session, user, the update in its transaction (a savepoint and its release, as
    # the test runs in a transaction); the redirect is not followed.
    with django_assert_max_num_queries(5):
        response = client.post(reverse("accounts:settings_discreet"), {"discreet_mode": "on"})
        assert response.status_code == HTTPStatus.FOUND


def test_quick_exit_discreet_mode_is_in_the_members_export(member):
    from accounts.data_rights.services import collect_member_data

    assert collect_member_data(member)["profile"]["discreet_mode"] is False
    discreet.set_discreet_mode(member=member, on=True)
    assert collect_member_data(member)["profile"]["discreet_mode"] is True
