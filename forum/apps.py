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
