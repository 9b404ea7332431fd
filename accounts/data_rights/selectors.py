"""Reads of a member's data exports: the list, one export fetched and authorized, and the
readable page of its contents. Nothing here writes (a page view never deletes an expired
export: it just stops showing it)."""

import datetime
import re

from django.http import Http404
from django.utils import timezone

from accounts.models import DataExport, User

# Headings for the readable page; sections from the apps above (forum, moderation) are
# named here only as words, so accounts still imports nothing of theirs.
SECTION_TITLES = {
    "profile": "Your profile",
    "streaks": "Your streaks",
    "check_ins": "Your check-ins",
    "contact_events": "Contact you logged",
    "milestones": "Milestones you reached",
    "urges_held": "Urges you rode out (“I held on” on the SOS page)",
    "trigger_tags": "Triggers you named on check-ins and contact",
    "sos_reasons": "Your reasons (SOS)",
    "unsent_messages": "Messages you wrote and didn't send",
    "risky_dates": "Your hard dates",
    "buddy_pings": "Pings with your buddy (set messages and replies)",
    "push_devices": "Devices that get your notifications",
    "quiet_hours": "Your quiet hours for notifications",
    "pledges": "Days you pledged",
    "threads": "Threads you started",
    "posts": "Your posts",
    "earlier_versions": "Earlier versions of your posts (before you edited them)",
    "watching": "Threads you watch",
    "reactions": "Your reactions to posts",
    "reports_filed": "Reports you made",
    "ex_names": "Names you asked us to keep out of your posts",
    "warnings_received": "Notes from the moderators",
    "care_messages_received": "Check-ins and caring messages sent to you",
}


def readable_sections(payload: dict) -> list[dict]:
    """The export as the HTML page shows it: [{key, title, rows}], each row either
    {"pairs": [(label, value), ...]} or {"text": words}."""
    sections = []
    for key, value in payload.items():
        if key in ("format", "generated_at"):
            continue
        items = [value] if isinstance(value, dict) else value
        rows = [
            {"pairs": [(_label(k), _words(v)) for k, v in item.items()]}
            if isinstance(item, dict)
            else {"text": _words(item)}
            for item in items
        ]
        title = SECTION_TITLES.get(key, _label(key))
        sections.append({"key": key, "title": title, "rows": rows})
    return sections


_ISO_MOMENT = re.compile(r"\A\d{4}-\d\d-\d\dT\d\d:\d\d")


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _words(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    if isinstance(value, str) and _ISO_MOMENT.match(value):
        moment = datetime.datetime.fromisoformat(value).astimezone(datetime.UTC)
        return f"{moment:%-d %b %Y, %H:%M} UTC"
    return str(value)


def exports_of(member: User, *, now=None) -> list[DataExport]:
    """The member's exports that have not expired, newest first (without their payloads). One
    query, and no write: expired rows are deleted by services.prune_expired_exports (daily,
    `manage.py prune_exports`) and when the member asks for a new copy."""
    now = now or timezone.now()
    exports = DataExport.objects.filter(member=member, expires_at__gt=now).defer("payload")
    return list(exports.order_by("-created_at")[:10])


def get_export_for(member: User, export_id, *, now=None) -> DataExport:
    """The member's own, unexpired export, or the same 404 whether it is missing, expired or
    someone else's: an export id reveals nothing."""
    now = now or timezone.now()
    export = None
    if member.is_authenticated:
        export = DataExport.objects.filter(pk=export_id, member=member, expires_at__gt=now).first()
    if export is None:
        raise Http404("No such export.")
    return export
