"""accounts' models, a module per subject: the member (members.py), their streak and what they
keep beside it (streaks.py), the urges they rode out (urges.py), their copy of their data
(exports.py). Imported from here."""

from accounts.models.buddies import (
    BuddyFinderEntry,
    BuddyPairing,
    BuddyPing,
    PingMessage,
    PingReply,
)
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
from accounts.models.push import PushPreference, PushSubscription
from accounts.models.streaks import (
    CheckIn,
    ContactEvent,
    MilestoneAward,
    Streak,
    UnsentMessage,
    UrgeReason,
)
from accounts.models.urges import TriggerTag, UrgeHeld

__all__ = [
    "BuddyFinderEntry",
    "BuddyPairing",
    "BuddyPing",
    "CheckIn",
    "ContactEvent",
    "DataExport",
    "EmailDelivery",
    "MemberManager",
    "MemberQuerySet",
    "MilestoneAward",
    "PingMessage",
    "PingReply",
    "PushPreference",
    "PushSubscription",
    "RiskyDate",
    "Streak",
    "StreakDisplay",
    "Theme",
    "TriggerTag",
    "UnsentMessage",
    "UrgeHeld",
    "UrgeReason",
    "User",
    "Visibility",
]
