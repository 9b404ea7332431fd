"""The outbox in the admin: staff see what failed and why (never the bodies, which may hold a
log-in link), and send it again; members cannot reach it."""

from http import HTTPStatus

from django.core import mail
from django.urls import reverse

from outbox.models import OutgoingEmail
from outbox.services import queue_email

Status = OutgoingEmail.Status
CHANGELIST = "admin:outbox_outgoingemail_changelist"


def rejected_email():
    email = queue_email(
        to="gone@example.org",
        subject="Confirm your address",
        text="Open https://holdfast.example/accounts/confirm-email/SECRET-KEY/",
        idempotency_key="k",
    )
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=Status.REJECTED, last_error="Address refused: 550 5.1.1 No such user"
    )
    mail.outbox.clear()
    return email


def test_smtp_failures_listed_for_staff_without_their_bodies(client_for, staff):
    rejected_email()
    # The link `check` gives (outbox.checks.ADMIN_LIST).
    response = client_for(staff).get(reverse(CHANGELIST), {"status__in": "rejected,expired"})
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "gone@example.org" in page
    assert "550 5.1.1 No such user" in page
    assert "SECRET-KEY" not in page


def test_smtp_failure_detail_for_staff_without_its_body(client_for, staff):
    email = rejected_email()
    url = reverse("admin:outbox_outgoingemail_change", args=[email.pk])
    response = client_for(staff).get(url)
    assert response.status_code == HTTPStatus.OK
    assert "SECRET-KEY" not in response.content.decode()


def test_retry_send_again_action_sends_a_failed_email(client_for, staff):
    email = rejected_email()
    response = client_for(staff).post(
        reverse(CHANGELIST), {"action": "send_again", "_selected_action": [email.pk]}
    )
    assert response.status_code == HTTPStatus.FOUND
    email.refresh_from_db()
    assert email.status == Status.SENT
    assert [m.to for m in mail.outbox] == [["gone@example.org"]]


def test_smtp_outbox_admin_not_for_members(client_for, member):
    rejected_email()
    response = client_for(member).get(reverse(CHANGELIST))
    assert response.status_code == HTTPStatus.FOUND
    response = client_for(member).post(
        reverse(CHANGELIST), {"action": "send_again", "_selected_action": ["1"]}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert OutgoingEmail.objects.get().status == Status.REJECTED
