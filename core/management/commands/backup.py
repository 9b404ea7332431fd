"""manage.py backup [--output PATH]: a consistent copy of the database, taken while the
site runs. See core/backups.py for how each database is copied."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from core import backups


class Command(BaseCommand):
    help = (
        "Copy the database while the site keeps running (SQLite's backup API, or pg_dump "
        "for PostgreSQL). The file holds members' private writing: keep it somewhere safe."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="Where to write the copy. Default: "
            "backups/holdfast-<database>-<UTC time>.<sqlite3|dump>.",
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="Database alias (default: default)."
        )

    def handle(self, *args, output=None, database=DEFAULT_DB_ALIAS, **options):
        try:
            backup = backups.back_up(
                output=output or backups.default_path(database), alias=database
            )
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up the {backups.KIND_NAMES[backup.kind]} database {backup.database!r} "
                f"to {backup.path} ({backup.size:,} bytes)."
            )
        )
