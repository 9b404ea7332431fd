"""accounts' models, a module per subject: the member (members.py), their streak and what they
keep beside it (streaks.py), their copy of their data (exports.py). Imported from here."""

from accounts.models.dates import RiskyDate
from accounts.models.exports import DataExport
from accounts.models.members import (
    EmailDelivery,
    MemberManager,
    MemberQuerySet,
    StreakDisplay,
    Theme,
    User,
    Visibility,
)
from accounts.models.streaks import (
    CheckIn,
    ContactEvent,
    MilestoneAward,
    Streak,
    UnsentMessage,
    UrgeReason,
)

__all__ = [
    "CheckIn",
    "ContactEvent",
    "DataExport",
    "EmailDelivery",
    "MemberManager",
    "MemberQuerySet",
    "MilestoneAward",
    "RiskyDate",
    "Streak",
    "StreakDisplay",
    "Theme",
    "UnsentMessage",
    "UrgeReason",
    "User",
    "Visibility",
]
