"""Rebuild the search index from the posts table (after a bulk import, say):
forum.search_index, on either database."""

from django.core.management.base import BaseCommand
from django.db import connection

from forum import search_index


class Command(BaseCommand):
    help = "Rebuild the forum's search index from the posts."

    def handle(self, *args, **options):
        search_index.rebuild()
        self.stdout.write(f"Search index rebuilt ({connection.vendor}).")
