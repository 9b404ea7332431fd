from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = "Outgoing email"

    def ready(self):
        import pagecache
        from outbox import checks  # noqa: F401  (registers the stuck-mail check)
        from outbox.models import OutgoingEmail

        pagecache.not_shown(OutgoingEmail, "email waiting to be sent: on no page")
