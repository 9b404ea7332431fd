"""Accountability buddies (issue 16, item 4): two members who agreed to see each other's
streak and to be pinged at the moment of an urge. Pings and replies are templated — a choice
from a short list, never free text — so a pairing can never become a private message channel.
Written only by accounts.buddies.services; read through accounts.buddies.selectors."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class BuddyPairingQuerySet(models.QuerySet):
    def open_for(self, member):
        """The member's invitation (sent or received) or pairing that is still open."""
        return self.filter(Q(inviter=member) | Q(invitee=member), status__in=BuddyPairing.OPEN)

    def active_for(self, member):
        return self.filter(Q(inviter=member) | Q(invitee=member), status=BuddyPairing.Status.ACTIVE)


class BuddyPairing(models.Model):
    """An invitation, then (once the invitee accepts) a pairing. Either member ends it
    quietly at any time; ended and declined rows are kept only so a ping's history has its
    pairing, and are never shown to the other member as "you were dropped"."""

    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        ACTIVE = "active", "Buddies"
        DECLINED = "declined", "Declined"
        ENDED = "ended", "Ended"

    OPEN = (Status.INVITED, Status.ACTIVE)

    inviter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="buddy_invitations_sent"
    )
    invitee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="buddy_invitations"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.INVITED)
    created_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = BuddyPairingQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(inviter=F("invitee")), name="accounts_buddy_not_self"
            ),
            # One open invitation or pairing per member on each side (the service also
            # refuses a member who is on the other side of an open one).
            models.UniqueConstraint(
                fields=["inviter"],
                condition=Q(status__in=["invited", "active"]),
                name="accounts_buddy_one_open_as_inviter",
            ),
            models.UniqueConstraint(
                fields=["invitee"],
                condition=Q(status__in=["invited", "active"]),
                name="accounts_buddy_one_open_as_invitee",
            ),
        ]

    def __str__(self):
        return f"{self.inviter_id} + {self.invitee_id} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    def includes(self, member) -> bool:
        return member.pk in (self.inviter_id, self.invitee_id)

    def other_than(self, member):
        """The buddy of `member` in this pairing."""
        return self.invitee if member.pk == self.inviter_id else self.inviter


class PingMessage(models.TextChoices):
    """What "Ping my buddy" may say: the whole list. No free text, on purpose."""

    URGE = "urge", "I'm having an urge to reach out. Can you hold on with me?"
    HARD_DAY = "hard_day", "It's a hard day. A word from you would help."
    HELD_ON = "held_on", "I held on just now. Wanted you to know."


class PingReply(models.TextChoices):
    """The replies a buddy may send back: the whole list."""

    HERE = "here", "I'm here."
    PROUD = "proud", "Proud of you, hold on."
    YOU_CAN = "you_can", "You can do this. It will pass."


class BuddyPing(models.Model):
    """One templated ping from a member to their buddy, and the buddy's templated reply."""

    pairing = models.ForeignKey(BuddyPairing, on_delete=models.CASCADE, related_name="pings")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="buddy_pings_sent"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="buddy_pings"
    )
    message = models.CharField(max_length=20, choices=PingMessage.choices)
    reply = models.CharField(max_length=20, choices=PingReply.choices, blank=True)
    sent_at = models.DateTimeField()
    replied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # The pairing's pings, newest first (the buddy page).
            models.Index(fields=["pairing", "-sent_at"], name="accounts_buddy_ping_list"),
        ]

    def __str__(self):
        return f"{self.sender_id} -> {self.recipient_id}: {self.message}"


class BuddyFinderEntry(models.Model):
    """A member with 90+ days who opted in to be found as a buddy by newcomers. The row is
    the opt-in: deleting it opts out. The finder matches by time zone (the member's own)."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="buddy_finder_entry"
    )
    opted_in_at = models.DateTimeField()

    def __str__(self):
        return f"{self.member_id} may be found as a buddy"
