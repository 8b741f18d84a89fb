"""Manage the Elasticsearch indexes.

    python manage.py search_index --rebuild            # every type, then swap aliases
    python manage.py search_index --rebuild --type event
    python manage.py search_index --synonyms           # push the synonyms only
    python manage.py search_index --status             # aliases and document counts

--rebuild builds each type into a new index `<alias>-<timestamp>` (with a progress
bar), then moves the alias to it in one atomic step and deletes the old index: search
keeps answering from the old index until the new one is complete.

The database engine needs none of this: Wagtail keeps its index entries on save
(`python manage.py update_index` rebuilds them).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search import indexing
from search.documents import alias_name
from search.engines.elasticsearch import ES_ERRORS
from search.es import get_client
from search.service import TYPES


class Command(BaseCommand):
    help = "Rebuild the Elasticsearch indexes (new index, then alias swap) or push synonyms."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="Rebuild and swap aliases.")
        parser.add_argument(
            "--type", action="append", choices=TYPES, help="Only this type (repeatable)."
        )
        parser.add_argument("--synonyms", action="store_true", help="Push the synonym set.")
        parser.add_argument("--status", action="store_true", help="Show aliases and counts.")

    def handle(self, *args, **options):
        if not settings.ELASTICSEARCH_URL:
            raise CommandError(
                "ELASTICSEARCH_URL is not set: search uses the database, which needs no "
                "index of its own (Wagtail's `update_index` refreshes its entries)."
            )
        if not (options["rebuild"] or options["synonyms"] or options["status"]):
            raise CommandError("Say what to do: --rebuild, --synonyms or --status.")
        client = get_client()
        try:
            if options["synonyms"] or options["rebuild"]:
                self.push_synonyms(client)
            if options["rebuild"]:
                for type_key in options["type"] or TYPES:
                    self.rebuild(client, type_key)
            if options["status"]:
                self.status(client)
        except ES_ERRORS as exc:
            raise CommandError(f"Elasticsearch at {settings.ELASTICSEARCH_URL}: {exc}") from exc

    def push_synonyms(self, client):
        from search import synonyms
        from search.analyzers import synonym_set_name

        rules = synonyms.es_rules()
        indexing.put_synonyms(client)
        self.stdout.write(f"Synonym set {synonym_set_name()}: {len(rules)} groups")

    def rebuild(self, client, type_key):
        with tqdm(desc=alias_name(type_key), unit="doc", file=self.stderr._out) as bar:
            name = indexing.rebuild(type_key, client=client, progress=bar)
        self.stdout.write(self.style.SUCCESS(f"{alias_name(type_key)} -> {name}"))

    def status(self, client):
        for type_key in TYPES:
            alias = alias_name(type_key)
            if not client.indices.exists_alias(name=alias):
                self.stdout.write(f"{alias}: missing (run --rebuild)")
                continue
            indexes = ", ".join(client.indices.get_alias(name=alias).keys())
            count = client.count(index=alias)["count"]
            self.stdout.write(f"{alias} -> {indexes}: {count} documents")
