"""`manage.py check --database default` (or `check --tag mail`): is mail failing?

Tagged "database" as Django asks of checks that query it, so plain `check`, `migrate` and
`runserver` stay free of queries (and work before the outbox table exists); an operator's
health check runs `check --database default --fail-level WARNING`. docs/email.md says what
to do about each warning.
"""

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError

from outbox import selectors

ADMIN_LIST = "/admin/outbox/outgoingemail/"


@register(Tags.database, "mail")
def check_outgoing_email(app_configs, databases=None, **kwargs):
    if databases is not None and "default" not in databases:
        return []
    try:
        trouble = selectors.mail_trouble()
    except DatabaseError:
        return []  # no outbox table yet (before `migrate`): nothing can be failing
    warnings = []
    if trouble.stuck:
        oldest = trouble.oldest_stuck
        warnings.append(
            Warning(
                f"{trouble.stuck} email(s) waiting for more than an hour "
                f"(the oldest since {oldest.queued_at:%Y-%m-%d %H:%M} UTC). "
                f"Last error: {oldest.last_error or 'none yet'}",
                hint=(
                    "Is the mail server in EMAIL_URL reachable, and is `manage.py db_worker` "
                    "(or `send_queued_mail` from cron) running? They are retried by themselves."
                ),
                id="outbox.W001",
            )
        )
    if trouble.failed:
        warnings.append(
            Warning(
                f"{trouble.failed} email(s) failed for good in the last 7 days "
                "(refused by the mail server, or still failing when the retry window closed).",
                hint=(
                    f"See {ADMIN_LIST}?status__in=rejected,expired; once the cause is fixed, "
                    "select them and choose 'Send again' (or `send_queued_mail --retry-failed`)."
                ),
                id="outbox.W002",
            )
        )
    return warnings
