"""accounts.email.sending: who may be emailed, how emails are built, the milestone email, the
one-click unsubscribe link and page, and the email settings page."""

import datetime
from http import HTTPStatus

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.email import sending as emails
from accounts.models import EmailDelivery, User
from tests import factories

NOW = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=datetime.UTC)
SITE = "https://holdfast.example"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.HOLDFAST_SITE_URL = SITE


def start_three_day_streak(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.start_streak(
            member=member, started_on=NOW.date() - datetime.timedelta(days=3), now=NOW
        )


def token_path(member, email_type):
    return reverse(
        "accounts:email_unsubscribe", args=[emails.unsubscribe_token(member.pk, email_type)]
    )


# --- may_email ------------------------------------------------------------------------------


def test_may_email_every_kind_by_default(member):
    assert all(emails.may_email(member, kind) for kind in emails.SWITCHES)


def test_may_email_not_a_kind_switched_off(member):
    member.email_mentions = False
    assert not emails.may_email(member, emails.MENTIONS)
    assert emails.may_email(member, emails.REPLIES)


def test_may_email_nothing_when_delivery_is_never(member):
    member.email_delivery = EmailDelivery.NEVER
    assert not any(emails.may_email(member, kind) for kind in emails.SWITCHES)
    assert not any(emails.may_email(member, kind, digest=True) for kind in emails.SWITCHES)


def test_may_email_digest_members_in_the_digest_but_moderation_at_once(member):
    member.email_delivery = EmailDelivery.DIGEST
    assert not emails.may_email(member, emails.REPLIES)
    assert emails.may_email(member, emails.REPLIES, digest=True)
    assert emails.may_email(member, emails.MODERATION)
    assert not emails.may_email(member, emails.MODERATION, digest=True)


def test_may_email_nobody_inactive_or_suspended_for_good(member, other_member):
    member.is_active = False
    other_member.suspended_forever = True
    for kind in emails.SWITCHES:
        assert not emails.may_email(member, kind)
        assert not emails.may_email(other_member, kind)
    assert not emails.may_email(None, emails.REPLIES)


def test_may_email_a_suspended_member_only_moderators_decisions(member):
    member.suspended_until = NOW + datetime.timedelta(days=3)
    assert emails.may_email(member, emails.MODERATION, now=NOW)
    assert not emails.may_email(member, emails.REPLIES, now=NOW)
    assert not emails.may_email(member, emails.MILESTONES, now=NOW)


def test_verified_address_is_the_verified_primary_only(db):
    unverified = factories.make_member(username="unverified", verified=False)
    assert emails.verified_address(unverified) is None
    verified = factories.make_member(username="verified")
    EmailAddress.objects.create(user=verified, email="other@example.org", verified=True)
    assert emails.verified_address(verified) == "verified@example.org"


# --- The milestone email --------------------------------------------------------------------


def test_milestone_email_sent_when_on(member, django_capture_on_commit_callbacks):
    start_three_day_streak(member, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rowan@example.org"]
    assert message.subject == "[Holdfast] 3 days of no contact"
    assert "You've reached 3 days of no contact." in message.body
    html = message.alternatives[0].content
    assert message.alternatives[0].mimetype == "text/html"
    assert f'href="{SITE}/streak/"' in html


def test_milestone_email_one_for_several_milestones_awarded_at_once(
    member, django_capture_on_commit_callbacks
):
    # Three days awards the 1- and 3-day milestones together: one email, for the 3.
    start_three_day_streak(member, django_capture_on_commit_callbacks)
    assert [m.subject for m in mail.outbox] == ["[Holdfast] 3 days of no contact"]


def test_milestone_email_not_sent_when_off(member, django_capture_on_commit_callbacks):
    User.objects.filter(pk=member.pk).update(email_milestones=False)
    member.refresh_from_db()
    start_three_day_streak(member, django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_milestone_email_waits_for_the_digest(member, django_capture_on_commit_callbacks):
    User.objects.filter(pk=member.pk).update(email_delivery=EmailDelivery.DIGEST)
    start_three_day_streak(member, django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_milestone_email_never_to_an_unverified_address(db, django_capture_on_commit_callbacks):
    member = factories.make_member(username="newcomer", verified=False)
    start_three_day_streak(member, django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_milestone_email_not_sent_before_the_commit(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.start_streak(
            member=member, started_on=NOW.date() - datetime.timedelta(days=3), now=NOW
        )
    assert mail.outbox == []
    assert callbacks  # enqueued only when the transaction commits


def test_every_email_carries_the_one_click_unsubscribe_headers(
    member, django_capture_on_commit_callbacks
):
    start_three_day_streak(member, django_capture_on_commit_callbacks)
    headers = mail.outbox[0].extra_headers
    link = headers["List-Unsubscribe"]
    assert link.startswith(f"<{SITE}/email/unsubscribe/") and link.endswith("/>")
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = link.removeprefix(f"<{SITE}/email/unsubscribe/").removesuffix("/>")
    assert emails.read_unsubscribe_token(token) == (member.pk, emails.MILESTONES)
    # The same link is in both bodies, beside a link to the settings page.
    assert link[1:-1] in mail.outbox[0].body
    assert f"{SITE}/settings/email/" in mail.outbox[0].alternatives[0].content


def test_plain_text_email_is_not_html_escaped(db, django_capture_on_commit_callbacks):
    member = factories.make_member(username="amp", display_name="Sam & <Jo>")
    start_three_day_streak(member, django_capture_on_commit_callbacks)
    assert "Hello Sam & <Jo>," in mail.outbox[0].body
    assert "Hello Sam &amp; &lt;Jo&gt;," in mail.outbox[0].alternatives[0].content


# --- The unsubscribe token ------------------------------------------------------------------


def test_unsubscribe_token_round_trips(member):
    token = emails.unsubscribe_token(member.pk, emails.REPLIES)
    assert emails.read_unsubscribe_token(token) == (member.pk, emails.REPLIES)


def test_unsubscribe_token_refuses_tampering(member):
    token = emails.unsubscribe_token(member.pk, emails.REPLIES)
    with pytest.raises(signing.BadSignature):
        emails.read_unsubscribe_token(token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))
    forged = signing.dumps({"m": member.pk, "t": emails.REPLIES}, salt="another-salt")
    with pytest.raises(signing.BadSignature):
        emails.read_unsubscribe_token(forged)


def test_unsubscribe_token_refuses_an_unknown_kind(member):
    token = signing.dumps({"m": member.pk, "t": "everything"}, salt=emails.UNSUBSCRIBE_SALT)
    with pytest.raises(signing.BadSignature):
        emails.read_unsubscribe_token(token)


def test_unsubscribe_token_expires_after_half_a_year(member):
    with time_machine.travel(NOW, tick=False):
        token = emails.unsubscribe_token(member.pk, emails.REPLIES)
    with time_machine.travel(NOW + datetime.timedelta(days=150), tick=False):
        assert emails.read_unsubscribe_token(token) == (member.pk, emails.REPLIES)
    later = NOW + datetime.timedelta(days=200)
    with time_machine.travel(later, tick=False), pytest.raises(signing.SignatureExpired):
        emails.read_unsubscribe_token(token)


# --- The unsubscribe page -------------------------------------------------------------------


def test_unsubscribe_get_shows_a_button_and_changes_nothing(member):
    response = Client().get(token_path(member, emails.REPLIES))
    assert response.status_code == HTTPStatus.OK
    assert b"Yes, stop these emails" in response.content
    assert b"replies to your posts" in response.content
    member.refresh_from_db()
    assert member.email_replies is True


def test_unsubscribe_post_switches_off_that_kind_only(member):
    response = Client().post(token_path(member, emails.MENTIONS))
    assert response.status_code == HTTPStatus.OK
    assert b"re unsubscribed" in response.content
    member.refresh_from_db()
    assert member.email_mentions is False
    assert member.email_replies is member.email_moderation is member.email_milestones is True


def test_unsubscribe_one_click_post_from_a_mail_client_needs_no_csrf_token(member):
    # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" with no cookie or token.
    client = Client(enforce_csrf_checks=True)
    response = client.post(token_path(member, emails.MILESTONES), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == HTTPStatus.OK
    member.refresh_from_db()
    assert member.email_milestones is False


def test_unsubscribe_twice_is_harmless(member):
    path = token_path(member, emails.REPLIES)
    Client().post(path)
    assert Client().post(path).status_code == HTTPStatus.OK
    member.refresh_from_db()
    assert member.email_replies is False


def test_unsubscribe_tampered_token_is_a_kind_400(member):
    token = emails.unsubscribe_token(member.pk, emails.REPLIES)
    bad = reverse("accounts:email_unsubscribe", args=[token[:-3] + "xyz"])
    for response in (Client().get(bad), Client().post(bad)):
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert b"This link doesn" in response.content
    member.refresh_from_db()
    assert member.email_replies is True


def test_unsubscribe_token_of_another_member_only_touches_that_member(member, other_member):
    Client().post(token_path(other_member, emails.REPLIES))
    member.refresh_from_db()
    other_member.refresh_from_db()
    assert member.email_replies is True
    assert other_member.email_replies is False


def test_unsubscribe_for_a_deleted_member_is_a_kind_404(member):
    path = token_path(member, emails.REPLIES)
    member.delete()
    for response in (Client().get(path), Client().post(path)):
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert b"no longer here" in response.content


def test_unsubscribe_refuses_other_methods(member):
    assert Client().put(token_path(member, emails.REPLIES)).status_code == (
        HTTPStatus.METHOD_NOT_ALLOWED
    )


# --- The email settings page ----------------------------------------------------------------

SETTINGS = reverse("accounts:settings_email")
ALL_ON = {
    "email_replies": "on",
    "email_mentions": "on",
    "email_moderation": "on",
    "email_milestones": "on",
    "email_delivery": "immediately",
}


def test_settings_email_sends_visitors_to_log_in(db):
    response = Client().get(SETTINGS)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))
    response = Client().post(SETTINGS, ALL_ON)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


def test_settings_email_shows_labelled_choices(member, client_for):
    response = client_for(member).get(SETTINGS)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    for name in ALL_ON:
        if name != "email_delivery":
            assert f'<label class="form-check-label" for="id_{name}">' in html
    assert 'value="immediately" id="id_email_delivery_0" checked' in html


def test_settings_email_saves_the_members_choices(member, client_for):
    choices = {**ALL_ON, "email_delivery": "digest"}
    del choices["email_replies"], choices["email_milestones"]  # unchecked boxes are absent
    response = client_for(member).post(SETTINGS, choices)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == SETTINGS
    member.refresh_from_db()
    assert (member.email_replies, member.email_mentions) == (False, True)
    assert (member.email_moderation, member.email_milestones) == (True, False)
    assert member.email_delivery == EmailDelivery.DIGEST
    assert member.digest_covered_until is not None  # the first digest starts from now
    follow = client_for(member).get(SETTINGS)
    assert b'value="digest" id="id_email_delivery_1" checked' in follow.content


def test_settings_email_refuses_an_unknown_delivery_kindly(member, client_for):
    response = client_for(member).post(SETTINGS, {**ALL_ON, "email_delivery": "hourly"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert b"Please choose one of the three options." in response.content
    member.refresh_from_db()
    assert member.email_delivery == EmailDelivery.IMMEDIATELY


def test_settings_email_needs_a_csrf_token(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post(SETTINGS, {**ALL_ON, "email_delivery": "never"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    member.refresh_from_db()
    assert member.email_delivery == EmailDelivery.IMMEDIATELY


def test_settings_email_changes_only_the_signed_in_member(member, other_member, client_for):
    client_for(member).post(SETTINGS, {"email_delivery": "never"})
    other_member.refresh_from_db()
    assert other_member.email_delivery == EmailDelivery.IMMEDIATELY
    assert other_member.email_replies is True


@pytest.mark.parametrize("size", [1, 25])
def test_settings_email_queries_are_constant(
    member, other_member, client_for, size, django_assert_max_num_queries
):
    # At two sizes of the site and of the member's inbox. Made of: the session, the member,
    # their verified address, and the layout's count of unread notifications (the moderation
    # notices are cached after the first page).
    thread = factories.make_thread(author=member)
    for number in range(size):
        factories.make_member(username=f"someone{number}")
        factories.make_reply(author=other_member, thread=thread, body=f"Reply {number}.")
    client = client_for(member)
    client.get(SETTINGS)  # warm the member's cached notices
    with django_assert_max_num_queries(4):
        assert client.get(SETTINGS).status_code == HTTPStatus.OK


def test_settings_email_empty_post_asks_for_a_delivery_choice(member, client_for):
    response = client_for(member).post(SETTINGS, {})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert b"Please choose when we should email you." in response.content
    member.refresh_from_db()
    assert member.email_replies is True


def test_settings_email_refuses_a_flood_of_saves_kindly(member, client_for):
    client = client_for(member)
    for _ in range(30):
        client.post(SETTINGS, ALL_ON)
    response = client.post(SETTINGS, {**ALL_ON, "email_delivery": "never"})
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert b"please wait a few minutes" in response.content
    assert b'value="never" id="id_email_delivery_2" checked' in response.content  # kept
    member.refresh_from_db()
    assert member.email_delivery == EmailDelivery.IMMEDIATELY


def test_unsubscribe_refuses_a_flood_from_one_address(member, other_member):
    client = Client()
    for _ in range(30):
        client.post(token_path(other_member, emails.REPLIES))
    response = client.post(token_path(member, emails.REPLIES))
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    member.refresh_from_db()
    assert member.email_replies is True


@pytest.mark.parametrize("others", [1, 25])
def test_unsubscribe_page_queries_are_constant(member, others, django_assert_num_queries):
    # GET: the member named by the token, and nothing else (no session for a visitor).
    for number in range(others):
        factories.make_member(username=f"someone{number}")
    with django_assert_num_queries(1):
        assert Client().get(token_path(member, emails.REPLIES)).status_code == HTTPStatus.OK
    # POST: the member, then one UPDATE.
    with django_assert_num_queries(2):
        assert Client().post(token_path(member, emails.REPLIES)).status_code == HTTPStatus.OK


def test_settings_email_is_marked_in_the_settings_menu(member, client_for):
    html = client_for(member).get(SETTINGS).content.decode()
    assert f'href="{SETTINGS}" aria-current="page">Email notifications</a>' in html


def test_settings_email_names_the_address_we_write_to(member, client_for):
    response = client_for(member).get(SETTINGS)
    assert b"We write to <strong>rowan@example.org</strong>" in response.content


def test_settings_email_says_so_while_the_address_is_unconfirmed(db, client_for):
    newcomer = factories.make_member(username="newcomer", verified=False)
    response = client_for(newcomer).get(SETTINGS)
    assert b"We can't email you yet" in response.content
    assert b"newcomer@example.org" not in response.content


def test_unsubscribe_get_says_when_already_unsubscribed(member):
    User.objects.filter(pk=member.pk).update(email_replies=False)
    response = Client().get(token_path(member, emails.REPLIES))
    assert response.status_code == HTTPStatus.OK
    assert b"re already unsubscribed" in response.content
    assert b"Yes, stop these emails" not in response.content


def test_unsubscribe_get_for_the_digest_of_a_member_who_left_it(member):
    # They moved from the digest to "as it happens": the old digest link has nothing to stop.
    response = Client().get(token_path(member, emails.DIGEST))
    assert b"re already unsubscribed" in response.content
    Client().post(token_path(member, emails.DIGEST))
    member.refresh_from_db()
    assert member.email_delivery == EmailDelivery.IMMEDIATELY
