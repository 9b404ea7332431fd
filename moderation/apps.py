from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"

    def ready(self):
        # Moderation sits above the forum and hears about its posts through the signals the
        # forum defines for that purpose (forum.signals), sent after the post is committed.
        # The receivers only hand over to moderation.actions, where the effects are written.
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import m2m_changed

        from accounts.models import User
        from forum import hooks, signals
        from moderation import permissions, post_screening

        # The forum screens every post, and its templates ask moderation's rules, through
        # forum.hooks: the one way the forum reaches moderation (pyproject's import contract).
        hooks.set_screening(post_screening.screen_post)
        hooks.add_rules(permissions)
        # Profiles and usernames pass the same screen, through accounts.hooks.
        from accounts import hooks as account_hooks

        account_hooks.set_member_text_screening(post_screening.screen_member_text)
        # Whether a warning waits, read with the session's member (moderation.selectors).
        from moderation import selectors

        account_hooks.add_member_row_figure(
            selectors.PENDING_WARNINGS, selectors.pending_warnings_of_member
        )
        # Moderators' notes on members, beside their posts (moderation.modmail.selectors).
        from moderation.modmail import selectors as modmail_selectors

        hooks.set_staff_notes(modmail_selectors.staff_notes_for)
        # Who wrote an anonymous post is told to a moderator only with an audit row.
        from moderation.actions import anonymity

        hooks.set_author_look_log(anonymity.log_author_look)
        signals.post_published.connect(_post_screened, dispatch_uid="moderation.published")
        signals.post_held.connect(_post_held, dispatch_uid="moderation.held")
        # Likewise accounts announces a member's export and erasure (accounts.signals); the
        # moderators' part of both lives in moderation/data_rights.py.
        from accounts import signals as account_signals
        from moderation import data_rights

        account_signals.collecting_export.connect(
            data_rights.export_sections, dispatch_uid="moderation.data_rights.export"
        )
        account_signals.erasing_member.connect(
            data_rights.erase_member, dispatch_uid="moderation.data_rights.erase"
        )
        # The notices every page shows a member (warnings, the moderators' link) are cached;
        # fill them at log-in, and forget them when someone joins or leaves a group.
        user_logged_in.connect(_logged_in, dispatch_uid="moderation.logged_in")
        m2m_changed.connect(
            _groups_changed, sender=User.groups.through, dispatch_uid="moderation.groups"
        )
        _declare_cached_pages()


def _declare_cached_pages() -> None:
    """What of ours the page cache must hear about (pagecache.registry): a report, a warning,
    an action or a caring message changes the pages of the members it names. Moderators see
    held work, so their pages are never kept (nor served) from the members' cache."""
    import pagecache
    from moderation import models

    pagecache.register(
        models.Report,
        members=("reporter_id", "member_id", "subject_id", "resolved_by_id", "acknowledged_by_id"),
    )
    pagecache.register(models.ModerationAction, members=("moderator_id", "member_id"))
    pagecache.register(models.MemberWarning, members=("member_id", "moderator_id"))
    pagecache.register(models.WatchedWord, members=("created_by_id",))
    pagecache.register(models.ExName, members=("owner_id",))
    pagecache.register(models.CareMessage, members=("member_id", "sender_id"))
    # The line to the moderators: a member's conversations and appeals are on their own
    # pages (and a moderator's reply on their notifications menu).
    pagecache.register(models.ModmailConversation, members=("member_id",))
    pagecache.register(models.ModmailMessage, members=("member_id", "author_id"))
    pagecache.register(models.Appeal, members=("member_id", "decided_by_id"))
    pagecache.not_shown(
        models.StaffNote, "moderators only: their pages are never cached (_sees_held_work)"
    )
    for model in (models.HeldPost, models.CareAlert):
        pagecache.not_shown(model, "moderators' work: their pages are never cached")
    pagecache.never_store_members_page_when(_sees_held_work)


def _sees_held_work(request, user) -> bool:
    """Asked after the render, from what the page already knows when it can: the member
    notices the menu read (moderation.templatetags), or accounts.roles' remembered answer."""
    from accounts import roles

    notices = getattr(request, "_holdfast_member_notices", None)
    if notices is not None and notices[0] == user.pk:
        return bool(notices[1].moderator)
    return roles.is_moderator(user)


def _post_screened(sender, post, verdict=None, **kwargs):
    from moderation import actions

    actions.respond_to_screening(post=post, verdict=verdict)


def _post_held(sender, post, verdict=None, **kwargs):
    from moderation import actions

    if verdict is not None:
        actions.record_hold(post=post, reasons=verdict.hold_reasons)
    actions.respond_to_screening(post=post, verdict=verdict)


def _logged_in(sender, request, user, **kwargs):
    from moderation import selectors

    selectors.load_member_notices(user)


def _groups_changed(sender, instance, action, pk_set=None, **kwargs):
    from accounts.models import User
    from moderation import selectors

    if not action.startswith("post_"):
        return
    if isinstance(instance, User):
        selectors.forget_member_notices(instance.pk)
    else:  # a group changed: forget each member it touched
        for user_id in pk_set or ():
            selectors.forget_member_notices(user_id)
