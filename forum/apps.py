from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "forum"

    def ready(self):
        # accounts (below us) announces a member's export and erasure through the signals it
        # defines for that purpose (accounts.signals); the forum answers with its part. A
        # lower app announces, the higher apps act.
        from accounts import signals
        from forum import data_rights

        signals.collecting_export.connect(
            data_rights.export_sections, dispatch_uid="forum.data_rights.export"
        )
        signals.erasing_member.connect(
            data_rights.erase_member, dispatch_uid="forum.data_rights.erase"
        )
        # accounts announces each streak milestone a member earns (accounts.signals.
        # milestone_reached, after the award commits); forum answers with the member's opt-in
        # celebration post in "Daily check-ins" (forum/celebrations.py), since accounts may not
        # import forum.
        from forum import celebrations

        signals.milestone_reached.connect(
            celebrations.celebrate_milestone, dispatch_uid="forum.celebrations.milestone"
        )
        # And when they narrow who sees their streak, the posts that now say too much go.
        signals.streak_privacy_changed.connect(
            celebrations.withdraw_celebrations, dispatch_uid="forum.celebrations.privacy"
        )
        # A block also keeps two members apart as accountability buddies (accounts.buddies).
        from accounts.buddies import hooks as buddy_hooks
        from forum import buddy_blocks

        buddy_hooks.set_block_lookup(buddy_blocks.blocked_either_way)
        # The menu's unread count, read with the session's member rather than on its own.
        from accounts import hooks as accounts_hooks
        from forum.selectors import notifications

        accounts_hooks.add_member_row_figure(
            notifications.UNREAD_COUNT, notifications.unread_count_of_member
        )
        _declare_cached_pages()
        # The search index is no model: a flush leaves it holding posts that are gone.
        from django.db.models.signals import post_migrate

        from forum import search_index

        post_migrate.connect(
            search_index.forget_missing, sender=self, dispatch_uid="forum.search_index"
        )


def _declare_cached_pages() -> None:
    """What of ours the page cache must hear about (pagecache.registry): whose pages show
    each row (the members its columns name), and which shared pages. The services' UPDATEs,
    DELETEs and bulk inserts send no post_save and bump by hand (docs/caching.md)."""
    import pagecache
    from forum import models
    from pagecache import scopes

    pagecache.register(models.Category, scopes=lambda category: [scopes.LISTS])
    pagecache.register(models.Thread, members=("author_id",), scopes=_thread_of)
    pagecache.register(models.Post, members=("author_id",), scopes=_thread_of)
    pagecache.register(models.PostRevision, members=("editor_id",))
    pagecache.register(models.Notification, members=("recipient_id", "actor_id"))
    pagecache.register(models.Block, members=("blocker_id", "blocked_id"))
    # A member's own choices: only their own pages change (lists, threads, search).
    for model in (models.WarningChoice, models.ThreadMute, models.CategoryMute):
        pagecache.register(model, members=("member_id",))
    for model in (
        models.Reaction,
        models.ThreadRead,
        models.ThreadSubscription,
        models.ThreadEmailWindow,
        models.Celebration,
    ):
        pagecache.register(model, members=("member_id",))
    # Which member hides behind which alias: no page shows it (a post carries its number).
    pagecache.not_shown(models.AnonymousAlias, "read only by the services; posts carry the alias")
    # The daily pledge: its count and list are on the thread's page.
    pagecache.register(models.DailyPledge, scopes=_thread_of)
    pagecache.register(models.Pledge, members=("member_id",), scopes=_pledge_thread)
    # Shown once, then taken from the session (forum.views): such a page is always drawn.
    pagecache.render_fresh_while_session_holds("forum_crisis_care", "forum_post_held")


def _thread_of(row) -> list[str]:
    from pagecache import scopes

    return [scopes.thread(getattr(row, "thread_id", None) or row.pk)]


def _pledge_thread(pledge) -> list[str]:
    """The pledge's thread: the day's row is usually loaded; otherwise one query finds it."""
    from forum.models import DailyPledge
    from pagecache import scopes

    daily = type(pledge).daily.field.get_cached_value(pledge, default=None)
    if daily is None:
        daily = DailyPledge.objects.filter(pk=pledge.daily_id).only("thread_id").first()
    return [scopes.thread(daily.thread_id)] if daily is not None else []
