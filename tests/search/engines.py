"""The engines the contract suite runs against."""

import pytest

from search import indexing
from search.engines.database import DatabaseEngine
from search.service import TYPES, SearchParams
from tests.search.conftest import ES_URL, SKIP_ES

ENGINES = [
    "database",
    pytest.param("elasticsearch", marks=pytest.mark.skipif(not ES_URL, reason=SKIP_ES)),
]


class EngineUnderTest:
    """Runs a search with keyword arguments; on Elasticsearch, indexes everything first
    and checks the answer did not come from the database fallback."""

    def __init__(self, name):
        self.name = name
        if name == "elasticsearch":
            from search.engines.elasticsearch import ElasticsearchEngine

            self.engine = ElasticsearchEngine(ES_URL)
        else:
            self.engine = DatabaseEngine()

    def sync(self):
        if self.name == "elasticsearch":
            from search.es import get_client

            client = get_client(ES_URL)
            indexing.put_synonyms(client)
            for type_key in TYPES:
                indexing.rebuild(type_key, client=client)

    def search(self, **kwargs):
        self.sync()
        response = self.engine.search(SearchParams(**kwargs))
        assert response.engine == self.name
        return response

    def titles(self, **kwargs):
        return [r["title"] for r in self.search(**kwargs).results]

    def suggest(self, q):
        self.sync()
        return self.engine.suggest(q)
