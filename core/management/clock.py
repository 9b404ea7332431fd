"""`--now` for the hourly commands that act on each member's clock (digests, risky-date
reminders): to catch up after an outage, a command can act as if it were an earlier moment."""

import datetime

from django.core.management.base import CommandError


def add_now_argument(parser) -> None:
    parser.add_argument(
        "--now",
        help="Act as if it were this moment (ISO 8601 with a UTC offset); for catching up.",
    )


def parse_now(value: str | None, *, example: str) -> datetime.datetime | None:
    """The moment `--now` names, or None for the real clock; an unclear one is refused."""
    if not value:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise CommandError(f"--now needs a date and time with its UTC offset, e.g. {example}.")
    return moment
