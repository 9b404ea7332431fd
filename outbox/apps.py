from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = "Outgoing email"

    def ready(self):
        from outbox import checks  # noqa: F401  (registers the stuck-mail check)
