"""Against a real cluster: only when ELASTICSEARCH_URL is set (skipped otherwise).

Use a prefix of its own: ELASTICSEARCH_INDEX_PREFIX=balai-test.
"""

import pytest

from search import indexing
from search.documents import alias_name
from tests.search.conftest import ES_URL, SKIP_ES

pytestmark = [pytest.mark.elasticsearch, pytest.mark.skipif(not ES_URL, reason=SKIP_ES)]


@pytest.fixture
def es(settings, synonyms):
    from search.es import get_client

    settings.ELASTICSEARCH_URL = ES_URL
    client = get_client(ES_URL)
    indexing.put_synonyms(client)
    indexing.rebuild("program", client=client)
    return client


def tokens(client, analyzer, text):
    response = client.indices.analyze(index=alias_name("program"), analyzer=analyzer, text=text)
    return [t["token"] for t in response["tokens"]]


@pytest.mark.django_db
def test_the_indonesian_analyzer_stems(es):
    assert set(tokens(es, "indonesian_text", "Pelatihan berlatih latihan")) == {"latih"}


@pytest.mark.django_db
def test_synonyms_apply_at_search_time(es):
    assert {"bantu", "langsung"} <= set(tokens(es, "indonesian_search", "BLT"))
    assert tokens(es, "indonesian_text", "BLT") == ["blt"]


@pytest.mark.django_db
def test_a_second_rebuild_moves_the_alias_and_drops_the_old_index(es):
    alias = alias_name("program")
    before = set(es.indices.get_alias(name=alias))
    new = indexing.rebuild("program", client=es)
    assert set(es.indices.get_alias(name=alias)) == {new}
    for old in before - {new}:
        assert not es.indices.exists(index=old)
