"""Reads for modmail, appeals and staff notes, each a fixed number of queries whatever the
data size (tests/moderation/test_modmail_queries.py pins the pages). The get_*_for helpers
fetch and authorize in one step: the same 404 for missing and forbidden."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404

from accounts.models import User
from accounts.names import could_name_a_member
from moderation import permissions
from moderation.models import (
    Appeal,
    ModerationAction,
    ModmailConversation,
    ModmailMessage,
    StaffNote,
)

QUEUE_PER_PAGE = 30
DECISIONS_SHOWN = 50
NOTES_SHOWN_BESIDE_POSTS = 3


def conversations_of(member) -> list[ModmailConversation]:
    """The member's conversations, newest first. One query."""
    return list(ModmailConversation.objects.of_member(member)[:100])


def get_modmail_for(user, pk: int) -> ModmailConversation:
    """The conversation with its messages (and their authors, for moderators). Two queries."""
    conversation = (
        ModmailConversation.objects.select_related("member")
        .prefetch_related(
            Prefetch(
                "messages",
                queryset=ModmailMessage.objects.select_related("author").order_by(
                    "created_at", "pk"
                ),
            )
        )
        .filter(pk=pk)
        .first()
    )
    if conversation is None or not permissions.can_view_modmail(user, conversation):
        raise Http404("No such conversation.")
    return conversation


def modmail_queue_page(page_number):
    """The moderators' modmail queue: waiting for the team first. Two queries (count, page)."""
    return Paginator(ModmailConversation.objects.for_queue(), QUEUE_PER_PAGE).get_page(page_number)


def decisions_of(member) -> list[ModerationAction]:
    """The decisions taken about the member that they may appeal, with any appeal. One query.
    The moderator who took each is not read: a member is never told who."""
    return list(
        ModerationAction.objects.filter(member=member, action__in=permissions.APPEALABLE)
        .select_related("appeal")
        .defer("moderator", "before", "after")
        .newest_first()[:DECISIONS_SHOWN]
    )


def get_decision_for(user, pk: int) -> ModerationAction:
    """A decision about this member, to appeal. One query (two with its appeal)."""
    action = ModerationAction.objects.filter(pk=pk, member_id=user.pk).first()
    if action is None or action.action not in permissions.APPEALABLE:
        raise Http404("No such decision.")
    return action


def appeal_queue_page(page_number):
    """Appeals waiting first (oldest first), then decided ones, newest first. Two queries."""
    appeals = Appeal.objects.select_related("action__moderator", "member", "decided_by").order_by(
        "-status", "created_at", "pk"
    )
    # "pending" sorts after "overturned" and "upheld": reversed, it comes first.
    return Paginator(appeals, QUEUE_PER_PAGE).get_page(page_number)


def get_appeal_for_moderation(user, pk: int) -> Appeal:
    if not permissions.can_view_queue(user):
        raise Http404("No such page.")
    appeal = (
        Appeal.objects.select_related("action__moderator", "member", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if appeal is None:
        raise Http404("No such appeal.")
    return appeal


def get_member_for_notes(user, username: str) -> User:
    if not permissions.can_see_staff_notes(user):
        raise Http404("No such page.")
    if not could_name_a_member(username):
        raise Http404("No such member.")
    member = User.objects.filter(username=username).first()
    if member is None:
        raise Http404("No such member.")
    return member


def staff_notes_of(member) -> list[StaffNote]:
    return list(
        StaffNote.objects.filter(member=member)
        .select_related("author")
        .order_by("-created_at", "-pk")[:100]
    )


def staff_notes_for(user, member_ids) -> dict[int, list[StaffNote]]:
    """{member id: their newest notes} for a page of authors — for moderators only; an
    empty dict, without a query, for anyone else. One query. Installed as the forum's
    hooks.staff_notes_for (the forum shows them beside posts without knowing the model)."""
    ids = {pk for pk in member_ids if pk is not None}
    if not ids or not permissions.can_see_staff_notes(user):
        return {}
    notes: dict[int, list[StaffNote]] = {}
    for note in StaffNote.objects.filter(member_id__in=ids).order_by("-created_at", "-pk"):
        shown = notes.setdefault(note.member_id, [])
        if len(shown) < NOTES_SHOWN_BESIDE_POSTS:
            shown.append(note)
    return notes
