"""Email to members: who may be written to, how an email is built and sent, the one-click
unsubscribe token, the member's email preferences, and the milestone email.

accounts sits at the bottom of the import chain, so the pieces every email shares live here;
forum/emails.py (replies, mentions, the daily digest) and moderation/emails.py (moderation
outcomes) build on them. Emails are built in the background through Django's tasks framework:
a service enqueues a task with transaction.on_commit, so nothing is sent for a change that
rolled back and a slow mail server never holds up a page. Tasks receive ids, not objects, and
read fresh rows, so a member who changed their mind (or left) in between is respected. The
task hands the finished email to outbox.services.queue_email, the one sending function, which
delivers it with retries through a mail-server outage, and once only (an idempotency key).

Rules every email keeps (may_email, send_to_member):
* only to an active member who is not suspended for good, at their verified primary address;
* only if they want this kind of email, and want it now (not in the daily digest, not never);
* plain text and HTML from templates/emails/<name>.txt|.html, in kind words, with absolute
  links, and the RFC 8058 headers so a mail client can unsubscribe them in one click.
"""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts import discreet
from accounts.models import EmailDelivery, User
from outbox.services import content_key, queue_email

# The kinds of email, each with the member's switch for it (a field on accounts.User).
REPLIES = "replies"
MENTIONS = "mentions"
MODERATION = "moderation"
MILESTONES = "milestones"
# Check-ins and caring messages to a member; care alerts to guides and moderators.
CARE = "care"
# The daily digest gathers several kinds; its unsubscribe link stops the digest itself.
DIGEST = "digest"
SWITCHES = {
    REPLIES: "email_replies",
    MENTIONS: "email_mentions",
    MODERATION: "email_moderation",
    MILESTONES: "email_milestones",
    CARE: "email_care",
}
# How the unsubscribe page names each kind ("You won't get emails about …").
DESCRIPTIONS = {
    REPLIES: "replies to your posts and in threads you follow",
    MENTIONS: "mentions of your name",
    MODERATION: "moderators' decisions about your posts, reports and account",
    MILESTONES: "milestones you reach",
    CARE: "check-ins and care alerts from Holdfast",
    DIGEST: "your notifications once a day (the daily digest)",
}
# Kinds that may wait for the daily digest. Moderators' decisions change what a member can
# do on the site now (a hidden post, a pause on posting), so they are never held back a day.
DIGESTIBLE = (REPLIES, MENTIONS, MILESTONES)

UNSUBSCRIBE_SALT = "holdfast.email.unsubscribe"
# An unsubscribe link keeps working for half a year: people find old emails.
UNSUBSCRIBE_MAX_AGE = 60 * 60 * 24 * 183


# --- Who may be written to ------------------------------------------------------------------


def may_email(member: User | None, email_type: str, *, digest: bool = False, now=None) -> bool:
    """Whether `member` wants an email of `email_type` — sent now (digest=False), or in the
    daily digest (digest=True). Never to an inactive member or one suspended for good; while
    a suspension lasts, only moderators' decisions are sent (they cannot read the rest)."""
    if member is None or not member.is_active or member.suspended_forever:
        return False
    if email_type not in SWITCHES or not getattr(member, SWITCHES[email_type]):
        return False
    if email_type != MODERATION and member.is_suspended(now):
        return False
    if member.email_delivery == EmailDelivery.NEVER:
        return False
    waits_for_digest = member.email_delivery == EmailDelivery.DIGEST and email_type in DIGESTIBLE
    return waits_for_digest if digest else not waits_for_digest


def verified_address(member: User) -> str | None:
    """The member's verified primary address, or None: never an address nobody confirmed."""
    return (
        EmailAddress.objects.filter(user=member, primary=True, verified=True)
        .values_list("email", flat=True)
        .first()
    )


# --- Links ------------------------------------------------------------------------------------


def absolute_url(path: str) -> str:
    """A link that works from a mail client. HOLDFAST_SITE_URL is set in production (the
    docs/configuration.md says so); without it, links point at the development server."""
    return (settings.HOLDFAST_SITE_URL or "http://localhost:8000") + path


def unsubscribe_token(member_pk: int, email_type: str) -> str:
    """A signed, timestamped token naming one member and one kind of email. It is the only
    authority the unsubscribe page needs: no log-in, and it can switch off that kind only."""
    return signing.dumps({"m": member_pk, "t": email_type}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """(member pk, email type) from a token; signing.BadSignature (or its subclass
    SignatureExpired) when it was tampered with, is too old, or is not one of ours."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    if not isinstance(data, dict) or data.get("t") not in DESCRIPTIONS:
        raise signing.BadSignature("Not an unsubscribe token.")
    member_pk = data.get("m")
    if not isinstance(member_pk, int) or isinstance(member_pk, bool):
        raise signing.BadSignature("Not an unsubscribe token.")
    return member_pk, data["t"]


def unsubscribe_url(member_pk: int, email_type: str) -> str:
    token = unsubscribe_token(member_pk, email_type)
    return absolute_url(reverse("accounts:email_unsubscribe", args=[token]))


# --- Building and sending -------------------------------------------------------------------


def send_to_member(
    *,
    member: User,
    email_type: str,
    template: str,
    subject: str,
    context: dict,
    idempotency_key: str | None = None,
) -> bool:
    """Render templates/emails/<template>.txt and .html and queue them (outbox) for the
    member's verified address, with the one-click unsubscribe headers for `email_type`. The
    caller has checked may_email(). Returns whether an email was queued (False: no verified
    address). The mail server is never contacted here: the outbox retries through an outage.

    `idempotency_key` names the message ("notification:42"), so that a task that runs twice
    queues it once; without one, the same words to the same member within the hour are one
    message (outbox.services.content_key)."""
    address = verified_address(member)
    if address is None:
        return False
    unsubscribe = unsubscribe_url(member.pk, email_type)
    context = {
        **context,
        "member": member,
        "site_url": absolute_url(""),
        "home_url": absolute_url("/"),
        "settings_url": absolute_url(reverse("accounts:settings_email")),
        "unsubscribe_url": unsubscribe,
        "unsubscribe_what": DESCRIPTIONS[email_type],
    }
    # Discreet mode (accounts.discreet): a neutral subject, whatever the caller wrote.
    subject = discreet.subject_for(member, email_type, subject)
    subject = f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}"
    text = render_to_string(f"emails/{template}.txt", context)
    queue_email(
        to=address,
        subject=subject,
        text=text,
        html=render_to_string(f"emails/{template}.html", context),
        headers={
            # RFC 2369 and RFC 8058: a mail client's "unsubscribe" button POSTs to the link.
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
        idempotency_key=idempotency_key or content_key(to=address, subject=subject, text=text),
    )
    return True


def enqueue_on_commit(email_task, **kwargs) -> None:
    """Queue `email_task` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: email_task.enqueue(**kwargs))


# --- The member's choices (changes of state) ------------------------------------------------


def update_email_preferences(
    *,
    member: User,
    email_replies: bool,
    email_mentions: bool,
    email_moderation: bool,
    email_milestones: bool,
    email_delivery: str,
    email_care: bool = True,
    now=None,
) -> User:
    """Save the member's email choices. Choosing the daily digest starts it from now, so the
    first digest does not gather notifications from before the choice."""
    now = now or timezone.now()
    if email_delivery not in EmailDelivery.values:
        raise ValueError(f"Unknown delivery {email_delivery!r}")
    fields = {
        "email_replies": email_replies,
        "email_mentions": email_mentions,
        "email_moderation": email_moderation,
        "email_milestones": email_milestones,
        "email_care": email_care,
        "email_delivery": email_delivery,
    }
    if email_delivery == EmailDelivery.DIGEST and member.email_delivery != EmailDelivery.DIGEST:
        fields["digest_covered_until"] = now
    with transaction.atomic():
        User.objects.filter(pk=member.pk).update(**fields)
    for name, value in fields.items():
        setattr(member, name, value)
    return member


def is_subscribed(member: User, email_type: str) -> bool:
    """Whether the member still gets this kind of email (for the unsubscribe page)."""
    if email_type == DIGEST:
        return member.email_delivery == EmailDelivery.DIGEST
    return getattr(member, SWITCHES[email_type]) and member.email_delivery != EmailDelivery.NEVER


def unsubscribe(*, member: User, email_type: str) -> bool:
    """Switch off one kind of email for the member (the unsubscribe link); for the digest's
    link, stop the digest (delivery "never": the member chose not to hear as things happen
    either). Idempotent; returns whether anything changed."""
    if email_type == DIGEST:
        return bool(
            User.objects.filter(pk=member.pk, email_delivery=EmailDelivery.DIGEST).update(
                email_delivery=EmailDelivery.NEVER
            )
        )
    field = SWITCHES[email_type]
    return bool(User.objects.filter(pk=member.pk, **{field: True}).update(**{field: False}))


# --- Milestones -------------------------------------------------------------------------------


@task
def send_milestone_email(*, member_id: int, days: int) -> bool:
    """Congratulate a member on reaching a milestone (accounts.services.award_milestones
    enqueues this once, for the highest milestone a check-in awarded)."""
    member = User.objects.filter(pk=member_id).first()
    if not may_email(member, MILESTONES):
        return False
    return send_to_member(
        member=member,
        email_type=MILESTONES,
        template="milestone",
        # A milestone is awarded once per member (accounts_milestone_once).
        idempotency_key=f"milestone:{member_id}:{days}",
        subject=f"{days} day{'s' if days != 1 else ''} of no contact",
        context={
            "days": days,
            "streak_url": absolute_url(reverse("accounts:streak_dashboard")),
        },
    )
