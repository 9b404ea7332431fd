"""manage.py restore PATH --yes: replace the database with a backup made by
`manage.py backup`. See core/backups.py."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from core import backups


class Command(BaseCommand):
    help = (
        "Replace everything in the database with a backup made by `manage.py backup`. "
        "Refuses to run without --yes."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The backup file to restore.")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Confirm that the database's current contents may be replaced.",
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="Database alias (default: default)."
        )

    def handle(self, *args, path, yes=False, database=DEFAULT_DB_ALIAS, **options):
        try:
            kind = backups.database_kind(database)
            backups.check_backup_file(path, kind=kind, alias=database)
            if not yes:
                raise CommandError(
                    f"Restoring replaces everything in the {backups.KIND_NAMES[kind]} database "
                    f"{backups.database_label(database)!r} with the contents of {path}. "
                    "Run the command again with --yes if that is what you want."
                )
            backup = backups.restore(source=path, alias=database)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the {backups.KIND_NAMES[backup.kind]} database {backup.database!r} "
                f"from {backup.path}."
            )
        )
