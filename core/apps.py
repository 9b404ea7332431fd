from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Infrastructure every app may use: Markdown, look-alike letters, rate limits, backups.

    The bottom of the stack: core imports no project app, so accounts, forum and moderation
    can all lean on it without a cycle.
    """

    name = "core"
    verbose_name = "Infrastructure"
