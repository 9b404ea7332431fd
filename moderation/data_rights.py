"""Moderation's part in a member's data rights: their sections of the export (reports they
made, their private list of names, notes from the moderators), and what the moderators keep
when the member deletes their account.

accounts (below us) announces both through accounts.signals; ModerationConfig.ready()
connects these receivers. Erasing runs inside accounts.data_rights.delete_member's
transaction, before the member's row is deleted. Reports they filed stay (a moderator may
still need them) and lose their reporter with the row (SET_NULL); they are still a member's
reports, never "automatic" (Report.is_automatic reads the stored source).
"""

import re

from django.db import models, transaction
from django.db.models import Q

from moderation import selectors
from moderation.models import (
    Appeal,
    CareMessage,
    ExName,
    MemberWarning,
    ModerationAction,
    ModmailMessage,
    Report,
    TargetKind,
)

FORMER_MEMBER = "a former member"
_POST_SNAPSHOT = re.compile(r"Post #(?P<number>\S+) by .*? in “(?P<rest>.*)\Z", re.S)
_THREAD_SNAPSHOT = re.compile(r"Thread “(?P<title>.*)” by .*\Z", re.S)


def export_sections(sender, member, **kwargs) -> dict:
    """Reports they made, without naming anyone (a reported member is "a member", a post is
    its thread's title); their list of names; the moderators' notes to them, unsigned; their
    messages with the moderators and their appeals (moderators unnamed). Staff notes about
    them are the moderators' working notes and are not in the copy (docs/modmail.md)."""
    reports = Report.objects.filter(reporter=member).select_related("post__thread", "thread")
    return {
        "reports_filed": [
            {
                "about": _report_target(report),
                "reason": report.get_reason_display(),
                "note": report.note,
                "made_at": report.created_at.isoformat(),
                "status": report.get_status_display(),
                "outcome": report.outcome,
            }
            for report in reports.order_by("created_at", "pk")
        ],
        "ex_names": [n.name for n in ExName.objects.filter(owner=member).order_by("created_at")],
        "warnings_received": [
            {
                "message": w.message,
                "sent_at": w.created_at.isoformat(),
                "acknowledged_at": w.acknowledged_at.isoformat() if w.acknowledged_at else None,
            }
            for w in MemberWarning.objects.filter(member=member).order_by("created_at")
        ],
        # Check-ins never said who asked, and the copy does not either; caring messages are
        # unsigned here as they were to the member.
        "care_messages_received": [
            {
                "kind": m.get_kind_display(),
                "message": m.message,
                "sent_at": m.created_at.isoformat(),
            }
            for m in CareMessage.objects.filter(member=member).order_by("created_at", "pk")
        ],
        # Their conversations with the moderators (docs/modmail.md), the team's replies
        # unsigned as they were to the member; their appeals and the outcomes.
        "messages_with_the_moderators": [
            {
                "conversation": m.conversation.subject,
                "from": "the moderators" if m.from_moderators else "you",
                "message": m.body,
                "sent_at": m.created_at.isoformat(),
            }
            for m in ModmailMessage.objects.filter(member=member)
            .select_related("conversation")
            .order_by("created_at", "pk")
        ],
        "appeals": [
            {
                "decision": a.action.get_action_display(),
                "appeal": a.text,
                "made_at": a.created_at.isoformat(),
                "status": a.get_status_display(),
                "outcome": a.outcome,
            }
            for a in Appeal.objects.filter(member=member)
            .select_related("action")
            .order_by("created_at", "pk")
        ],
    }


def _report_target(report: Report) -> str:
    if report.target_kind == TargetKind.POST:
        return f"A post in “{report.post.thread.title}”"
    if report.target_kind == TargetKind.THREAD:
        return f"The thread “{report.thread.title}”"
    return "A member"


def erase_member(sender, member, keep_posts: bool, now, **kwargs) -> None:
    """Their private list of names and the warnings they were sent go. The audit log keeps
    every action, but where a row names them (its snapshot, or their name in the moderator's
    reason) it now says "a former member" — and, when their posts are removed, it no longer
    quotes them. Open reports about posts they remove are closed: nothing is left to decide."""
    ExName.objects.filter(owner=member).delete()
    MemberWarning.objects.filter(member=member).delete()
    about_them = ModerationAction.objects.filter(
        Q(member=member) | Q(target_type=ModerationAction.TargetType.MEMBER, target_id=member.pk)
    )
    # The longer name first: "Rowan Ash" before "rowan".
    names = sorted((n for n in (member.username, member.display_name) if len(n) >= 3), key=len)
    names.reverse()
    for action in about_them.only("pk", "action", "target_type", "target_text", "reason"):
        fields = _anonymised(action, keep_posts=keep_posts)
        reason = _without_names(action.reason, names)
        if reason != action.reason:
            fields["reason"] = reason
        _rewrite(action.pk, **fields)
    # The reports they made stay, without their identity: the reporter goes with their row,
    # and their name goes from their own notes ("It's me, Rowan — …").
    for report in Report.objects.filter(reporter=member).only("pk", "note"):
        note = _without_names(report.note, names)
        if note != report.note:
            Report.objects.filter(pk=report.pk).update(note=note)
    if not keep_posts:
        Report.objects.open().filter(Q(post__author=member) | Q(thread__author=member)).update(
            status=Report.Status.RESOLVED,
            resolved_at=now,
            outcome="The author deleted their account and their posts.",
        )
        # Those reports leave the queue: the moderators' menu count is forgotten now and after
        # the commit, as every moderator action does (moderation.actions.base). The generic
        # cache test found the moderator's pages stale without it.
        selectors.forget_open_queue_count()
        transaction.on_commit(selectors.forget_open_queue_count)
    selectors.forget_member_notices(member.pk)


def _anonymised(action: ModerationAction, *, keep_posts: bool) -> dict:
    """The row's words without the member's name (and without their text when their posts
    are removed)."""
    text = action.target_text
    fields = {}
    if action.target_type == ModerationAction.TargetType.POST and (
        match := _POST_SNAPSHOT.match(text)
    ):
        rest = match["rest"]
        if not keep_posts:
            rest = rest.split("”:", 1)[0] + "” (its text was removed by its author)"
            if action.action == ModerationAction.Kind.EDIT_POST:
                fields.update(before="", after="")
        text = f"Post #{match['number']} by {FORMER_MEMBER} in “{rest}"
    elif action.target_type == ModerationAction.TargetType.THREAD and (
        match := _THREAD_SNAPSHOT.match(text)
    ):
        title = f"“{match['title']}”" if keep_posts else "(its title was removed)"
        text = f"Thread {title} by {FORMER_MEMBER}"
    else:
        text = f"{action.get_target_type_display()} of {FORMER_MEMBER}"
        if action.target_type == ModerationAction.TargetType.MEMBER:
            text = FORMER_MEMBER.capitalize()
    fields["target_text"] = text[:300]
    return fields


def _without_names(text: str, names: list[str]) -> str:
    """The moderator's words with the member's name (or @name) replaced, as whole words."""
    for name in names:
        text = re.sub(rf"@?(?<!\w){re.escape(name)}(?!\w)", FORMER_MEMBER, text, flags=re.I)
    return text


def _rewrite(pk: int, **fields) -> None:
    # The audit log is append-only: ModerationActionQuerySet.update() refuses every change.
    # Erasing a member's name from it is the one exception the law asks of us, so this calls
    # Django's own QuerySet.update past that guard, for one row and only the words that
    # named or quoted them; the action, moderator and time stay as they were.
    models.QuerySet.update(ModerationAction.objects.filter(pk=pk), **fields)
