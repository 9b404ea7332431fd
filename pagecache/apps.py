from django.apps import AppConfig


class PagecacheConfig(AppConfig):
    """The bottom of the stack: imports no app of ours. Apps above declare, in their own
    ready(), which of their models affect which scopes (pagecache.register)."""

    name = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        # Django's own models and signals, which every app's pages depend on: who is signed
        # in (log-in, log-out) and who belongs to which group (a moderator's pages differ).
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group
        from django.contrib.auth.signals import user_logged_in, user_logged_out
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from pagecache import members

        m2m_changed.connect(
            members.bump_on_groups_changed,
            sender=get_user_model().groups.through,
            dispatch_uid="pagecache.member_groups",
        )
        post_save.connect(members.bump_on_group_saved, sender=Group, dispatch_uid="pagecache.gs")
        post_delete.connect(members.bump_on_group_saved, sender=Group, dispatch_uid="pagecache.gd")
        user_logged_in.connect(members.bump_session_member, dispatch_uid="pagecache.login")
        user_logged_out.connect(members.bump_session_member, dispatch_uid="pagecache.logout")
