"""Moderation's data: reports, the audit log, warnings, watched words, members' private
lists of names to watch for, care, and the line to the moderators (modmail, appeals,
staff notes). One module per subject; every model is named here,
so Django finds them all and callers import them from `moderation.models`.

Every change goes through moderation.actions, which writes the audit row (ModerationAction)
in the same transaction as the change. Reads live on the QuerySets and in
moderation.selectors; who may do what lives in moderation.permissions.
"""

from moderation.models.audit import MemberWarning, ModerationAction, ModerationActionQuerySet
from moderation.models.care import CareAlert, CareMessage
from moderation.models.modmail import Appeal, ModmailConversation, ModmailMessage, StaffNote
from moderation.models.reports import (
    CARE_REASONS,
    PRIORITY,
    Queue,
    Reason,
    Report,
    ReportQuerySet,
    TargetKind,
    queue_for,
)
from moderation.models.words import ExName, HeldPost, WatchedWord

__all__ = [
    "Appeal", "ModmailConversation", "ModmailMessage", "StaffNote",
    "CARE_REASONS", "PRIORITY", "CareAlert", "CareMessage", "ExName", "HeldPost",
    "MemberWarning", "ModerationAction", "ModerationActionQuerySet", "Queue", "Reason",
    "Report", "ReportQuerySet", "TargetKind", "WatchedWord", "queue_for",
]  # fmt: skip
