"""Rebuild the SQLite full-text index from the posts table (after a bulk import, say).
On PostgreSQL the index is an expression index kept by the database: nothing to do."""

from django.core.management.base import BaseCommand
from django.db import connection

from forum import search


class Command(BaseCommand):
    help = "Rebuild the forum's search index (SQLite only; PostgreSQL needs nothing)."

    def handle(self, *args, **options):
        search.rebuild()
        self.stdout.write(f"Search index rebuilt ({connection.vendor}).")
