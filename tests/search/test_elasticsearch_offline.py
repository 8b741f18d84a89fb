"""The Elasticsearch engine as far as it can be tested without a server: index
definitions, request bodies, the fallback to the database, indexing and the rebuild."""

import logging
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from events.signals import enrollment_changed
from search import indexing, service
from search.documents import DOCUMENTS, ArticleDocument, EventDocument, ProgramDocument
from search.engines.elasticsearch import BalaiFacetedSearch, ElasticsearchEngine
from search.service import SearchParams
from tests.search.conftest import in_days
from tests.search.fake_es import FakeClient

CLOSED_PORT = "http://127.0.0.1:9"  # loopback, nothing listens there


@pytest.fixture
def fake_es(settings, monkeypatch):
    settings.ELASTICSEARCH_URL = "http://es.invalid:9200"
    client = FakeClient()
    monkeypatch.setattr(indexing, "get_client", lambda url=None: client)
    return client


# --- Index definitions -----------------------------------------------------------------------


def test_one_index_per_type_named_by_the_prefix(settings):
    prefix = settings.ELASTICSEARCH_INDEX_PREFIX
    assert {t: d._index._name for t, d in DOCUMENTS.items()} == {
        t: f"{prefix}-{t}" for t in ("program", "event", "group", "article")
    }


def test_indonesian_analyzers_synonyms_and_autocomplete():
    index = ProgramDocument._index.to_dict()
    analysis = index["settings"]["analysis"]
    assert analysis["filter"]["indonesian_stemmer"] == {"type": "stemmer", "language": "indonesian"}
    assert analysis["filter"]["indonesian_stop"]["stopwords"] == "_indonesian_"
    synonyms = analysis["filter"]["balai_synonyms"]
    assert synonyms["type"] == "synonym_graph"
    assert synonyms["updateable"] is True  # reloadable: only in the search analyzer
    assert synonyms["synonyms_set"].endswith("-synonyms")
    assert "balai_synonyms" in analysis["analyzer"]["indonesian_search"]["filter"]
    assert "balai_synonyms" not in analysis["analyzer"]["indonesian_text"]["filter"]
    assert analysis["filter"]["autocomplete_ngrams"] == {
        "type": "edge_ngram",
        "min_gram": 2,
        "max_gram": 20,
    }

    props = index["mappings"]["properties"]
    assert props["title"]["analyzer"] == "indonesian_text"
    assert props["title"]["search_analyzer"] == "indonesian_search"
    assert props["title"]["fields"]["edge"]["analyzer"] == "autocomplete"
    assert props["title"]["fields"]["edge"]["search_analyzer"] == "autocomplete_search"
    assert props["summary"]["search_analyzer"] == "indonesian_search"
    for keyword in ("type", "category", "area_slugs"):
        assert props[keyword]["type"] == "keyword"
    assert props["url"] == {"type": "keyword", "index": False}


def test_type_specific_fields():
    event = EventDocument._index.to_dict()["mappings"]["properties"]
    assert event["session_dates"] == {"type": "date", "format": "yyyy-MM-dd"}
    assert event["seats_left"]["type"] == "integer"
    assert event["last_ends_at"]["type"] == "date"
    article = ArticleDocument._index.to_dict()["mappings"]["properties"]
    assert article["date"]["type"] == "date"


# --- Documents -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_documents_are_prepared_from_the_same_cards(kelurahan):
    event = kelurahan["event_sewing"]
    doc = indexing.document(event, "event").to_dict()
    assert doc["type"] == "event"
    assert doc["url"] == "/kegiatan/kelas-menjahit-3/"
    assert doc["seats_left"] == 1
    assert doc["is_open"] is True
    assert doc["area_slugs"] == ["sukamaju"]
    assert len(doc["session_dates"]) == 2
    program = indexing.document(kelurahan["blt"], "program").to_dict()
    assert sorted(program["area_slugs"]) == ["mekarsari", "sukamaju"]
    assert program["category"] == "cash_assistance"
    group = indexing.document(kelurahan["group_sewing"], "group").to_dict()
    assert group["member_count"] == 1


# --- Request bodies --------------------------------------------------------------------------


def body(params, area_ids=()):
    fs = BalaiFacetedSearch(params, area_ids=area_ids)
    start = (params.page - 1) * params.per_page
    return fs[start : start + params.per_page]._s.to_dict()


def test_text_query_ranks_current_things_first_and_highlights():
    b = body(SearchParams(q="pelatihan menjahit"))
    fscore = b["query"]["function_score"]
    text = fscore["query"]["bool"]
    assert text["must"][0]["multi_match"] == {
        "query": "pelatihan menjahit",
        "fields": ["title^3", "summary^2", "body"],
        "type": "cross_fields",
        "operator": "and",
    }
    assert text["should"][0]["match_phrase"]["title"]["query"] == "pelatihan menjahit"
    assert fscore["functions"][0]["weight"] == 1000
    assert fscore["boost_mode"] == "sum"
    current = fscore["functions"][0]["filter"]["bool"]["should"]
    assert {"range": {"last_ends_at": {"gte": "now"}}} in current[1]["bool"]["filter"]
    assert b["highlight"]["pre_tags"] == ["<mark>"]
    assert b["highlight"]["encoder"] == "html"
    assert set(b["highlight"]["fields"]) == {"summary", "body", "title"}
    assert b["sort"][0] == "_score"
    assert b["suggest"]["spelling"]["term"]["field"] == "title.plain"
    assert b["from"] == 0 and b["size"] == 10
    assert b["track_total_hits"] is True
    assert set(b["aggs"]) == {"_filter_type", "_filter_category", "_filter_area"}
    assert "post_filter" not in b


def test_facet_filters_are_post_filters_and_skip_their_own_aggregation():
    b = body(
        SearchParams(
            q="bantuan",
            types=("program",),
            categories=("health", "education"),
            areas=("sukamaju",),
            page=2,
        ),
        area_ids=(3, 1, 2),
    )
    post = b["post_filter"]["bool"]["must"]
    assert {"terms": {"type": ["program"]}} in post
    assert {"terms": {"category": ["health", "education"]}} in post
    assert {"terms": {"area_ids": [1, 2, 3]}} in post
    type_agg = b["aggs"]["_filter_type"]["filter"]["bool"]["must"]
    assert {"terms": {"type": ["program"]}} not in type_agg
    assert {"terms": {"category": ["health", "education"]}} in type_agg
    category_agg = b["aggs"]["_filter_category"]["filter"]["bool"]["must"]
    assert {"terms": {"category": ["health", "education"]}} not in category_agg
    assert b["aggs"]["_filter_area"]["aggs"]["area"]["terms"]["field"] == "area_slugs"
    assert b["from"] == 10


def test_dates_and_open_filter_the_query_and_the_facets():
    b = body(SearchParams(date_from=in_days(1), date_to=in_days(7), open_only=True))
    # Not facets: they narrow the query itself, so they apply to the counts too.
    assert "function_score" in b["query"]["bool"]["must"][0]
    filters = b["query"]["bool"]["filter"]
    dates = next(f for f in filters if "range" in str(f) and "session_dates" in str(f))
    assert dates["bool"]["filter"] == [
        {"term": {"type": "event"}},
        {
            "range": {
                "session_dates": {
                    "gte": in_days(1).isoformat(),
                    "lte": in_days(7).isoformat(),
                }
            }
        },
    ]
    open_ = next(f for f in filters if "is_open" in str(f))
    assert len(open_["bool"]["should"]) == 3  # programs, events, groups
    assert "suggest" not in b  # no text, nothing to correct


def test_autocomplete_request():
    engine = ElasticsearchEngine("http://es.invalid:9200")
    b = engine.suggest_search("menj", 8).to_dict()
    assert b["query"] == {"match": {"title.edge": {"query": "menj", "operator": "and"}}}
    assert b["size"] == 8


# --- Fallback when the cluster cannot be reached ---------------------------------------------


@pytest.mark.django_db
def test_search_falls_back_to_the_database_and_logs_it(kelurahan, settings, caplog):
    settings.ELASTICSEARCH_URL = CLOSED_PORT
    engine = service.get_engine()
    assert isinstance(engine, ElasticsearchEngine)
    with caplog.at_level(logging.WARNING, logger="search"):
        response = engine.search(SearchParams(q="menjahit"))
    assert response.engine == "database"
    assert "Pelatihan Menjahit untuk Ibu Rumah Tangga" in [r["title"] for r in response.results]
    assert "Elasticsearch unavailable" in caplog.text
    assert engine.suggest("menj")


@pytest.mark.django_db
def test_residents_never_see_an_error_when_the_cluster_is_down(client, kelurahan, settings):
    settings.ELASTICSEARCH_URL = CLOSED_PORT
    page = client.get("/cari/", {"q": "menjahit"})
    assert page.status_code == 200
    assert "Pelatihan Menjahit untuk Ibu Rumah Tangga" in page.content.decode()
    api = client.get("/api/search/", {"q": "menjahit"})
    assert api.status_code == 200 and api.json()["count"] == 5
    assert client.get("/api/search/suggest/", {"q": "menj"}).status_code == 200


@pytest.mark.django_db
def test_publishing_works_when_the_cluster_is_down(
    kelurahan, settings, caplog, django_capture_on_commit_callbacks
):
    settings.ELASTICSEARCH_URL = CLOSED_PORT
    page = kelurahan["sewing"]
    page.title = "Pelatihan Menjahit Baru"
    with (
        caplog.at_level(logging.WARNING, logger="search"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        page.save_revision().publish()
    assert "index_page failed" in caplog.text


# --- Indexing follows the content ------------------------------------------------------------


@pytest.mark.django_db
def test_publish_unpublish_and_delete_update_the_index(
    kelurahan, fake_es, django_capture_on_commit_callbacks
):
    page = kelurahan["blt"]
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    (call,) = fake_es.named("index")
    assert call["index"].endswith("-program") and call["id"] == page.pk
    assert call["require_alias"] is True  # never auto-create an index with guessed mappings
    assert call["document"]["title"] == "Bantuan Langsung Tunai Kelurahan"

    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert fake_es.named("delete")[-1]["id"] == page.pk

    article = kelurahan["article_sewing"]
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert fake_es.named("delete")[-1] == {
        "index": ProgramDocument._index._name.replace("program", "article"),
        "id": article.pk,
    }
    assert {"ignore_status": 404} in fake_es.named("options")


@pytest.mark.django_db
def test_moving_a_page_reindexes_it_with_its_new_url(
    kelurahan, home_page, fake_es, django_capture_on_commit_callbacks
):
    from tests.factories.pages import ProgramIndexPageFactory

    other = ProgramIndexPageFactory(parent=home_page, title="Program Lama", slug="program-lama")
    with django_capture_on_commit_callbacks(execute=True):
        kelurahan["old_sewing"].move(other, pos="last-child")
    (call,) = fake_es.named("index")
    assert call["document"]["url"] == "/program-lama/pelatihan-menjahit-2024/"


@pytest.mark.django_db
def test_enrollment_changes_refresh_seats_left(kelurahan, fake_es):
    from tests.factories.events import ResidentFactory, enroll_directly

    event = kelurahan["event_sewing"]
    enroll_directly(event, ResidentFactory())
    enrollment_changed.send(sender=None, event=event)
    (call,) = fake_es.named("update")
    assert call["id"] == event.pk
    assert call["doc"] == {"seats_left": 0, "is_open": False}


@pytest.mark.django_db
def test_membership_changes_refresh_the_member_count(
    kelurahan, fake_es, django_capture_on_commit_callbacks
):
    from tests.factories.events import ResidentFactory, add_member

    group = kelurahan["group_sewing"]
    with django_capture_on_commit_callbacks(execute=True):
        add_member(group, ResidentFactory())
    (call,) = fake_es.named("update")
    assert call["id"] == group.pk
    assert call["doc"] == {"member_count": 2, "is_open": False}  # limit 2: now full


@pytest.mark.django_db
def test_an_indexing_bug_never_breaks_publishing(
    kelurahan, fake_es, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise ValueError("bug")

    monkeypatch.setattr(indexing, "document", broken)
    page = kelurahan["blt"]
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert "index_page failed" in caplog.text


@pytest.mark.django_db
def test_saving_a_synonym_pushes_the_synonym_set(
    synonyms, fake_es, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        synonyms[0].save()
    (call,) = fake_es.named("synonyms.put_synonym")
    assert {"id": "rule-0", "synonyms": "blt, bantuan langsung tunai"} in call["synonyms_set"]


def test_nothing_is_sent_without_elasticsearch(settings, monkeypatch):
    settings.ELASTICSEARCH_URL = ""
    monkeypatch.setattr(indexing, "get_client", lambda url=None: pytest.fail("no client"))
    assert indexing.remove_page(1, "program") is None


# --- search_index --rebuild ------------------------------------------------------------------


@pytest.mark.django_db
def test_rebuild_builds_a_new_index_then_swaps_the_alias(kelurahan, settings, monkeypatch):
    settings.ELASTICSEARCH_URL = "http://es.invalid:9200"
    alias = ProgramDocument._index._name
    client = FakeClient(aliases={alias: [f"{alias}-old"]})
    monkeypatch.setattr("search.management.commands.search_index.get_client", lambda: client)
    out, err = StringIO(), StringIO()
    call_command("search_index", "--rebuild", "--type", "program", stdout=out, stderr=err)

    names = [name for name, _ in client.calls]
    assert names[0] == "synonyms.put_synonym"
    (create,) = client.named("indices.create")
    new = create["index"]
    assert new.startswith(f"{alias}-") and new != f"{alias}-old"
    assert create["body"]["mappings"]["properties"]["title"]["analyzer"] == "indonesian_text"
    assert "analysis" in create["body"]["settings"]

    (bulk,) = client.named("bulk")
    docs = bulk["operations"][1::2]
    assert {d["title"] for d in docs} == {
        "Pelatihan Menjahit untuk Ibu Rumah Tangga",
        "Bantuan Langsung Tunai Kelurahan",
        "Pelatihan Menjahit Angkatan 2024",
        "Hari Imunisasi Anak",
    }  # not the draft
    assert all(op["index"]["_index"] == new for op in bulk["operations"][0::2])

    # The alias moves in one step, after the new index is filled; then the old one goes.
    assert names.index("bulk") < names.index("indices.update_aliases")
    (swap,) = client.named("indices.update_aliases")
    assert swap["actions"] == [
        {"remove": {"index": f"{alias}-old", "alias": alias}},
        {"add": {"index": new, "alias": alias}},
    ]
    assert client.named("indices.delete") == [{"index": f"{alias}-old"}]
    assert client.aliases[alias] == [new]
    assert "4/4" in err.getvalue()  # the progress bar
    assert new in out.getvalue()


def test_the_command_explains_when_elasticsearch_is_not_configured(settings):
    settings.ELASTICSEARCH_URL = ""
    with pytest.raises(CommandError, match="ELASTICSEARCH_URL is not set"):
        call_command("search_index", "--rebuild")


@pytest.mark.django_db
def test_the_command_reports_an_unreachable_cluster(settings):
    settings.ELASTICSEARCH_URL = CLOSED_PORT
    with pytest.raises(CommandError, match="127.0.0.1:9"):
        call_command("search_index", "--status", stdout=StringIO())


@pytest.mark.django_db
def test_rebuild_reads_the_content_in_a_constant_number_of_queries(kelurahan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories.events import make_event

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            docs = list(indexing.documents_for("event"))
        return len(ctx.captured_queries), len(docs)

    queries()  # warm the site root paths cache
    few, n = queries()
    for i in range(6):
        make_event(kelurahan["event_sewing"].get_parent(), sessions=2, title=f"Senam {i}")
    many, m = queries()
    assert m == n + 6
    assert many == few


# --- Reading a response (a canned answer, as Elasticsearch 8 sends it) ----------------------


class CannedConnection:
    def __init__(self, body):
        self.body = body
        self.requests = []

    def search(self, index, body, **params):
        self.requests.append({"index": index, "body": body})
        return type("Response", (), {"body": self.body})()


def canned(hits, total, type_buckets, suggest=None):
    def agg(name, buckets):
        return {"doc_count": total, name: {"buckets": buckets}}

    return {
        "took": 3,
        "timed_out": False,
        "hits": {"total": {"value": total, "relation": "eq"}, "hits": hits},
        "aggregations": {
            "_filter_type": agg("type", type_buckets),
            "_filter_category": agg("category", [{"key": "skills_training", "doc_count": 2}]),
            "_filter_area": agg("area", [{"key": "sukamaju", "doc_count": 2}]),
        },
        **({"suggest": suggest} if suggest else {}),
    }


@pytest.fixture
def canned_es(settings):
    from elasticsearch_dsl import connections

    url = "http://es.canned:9200"
    settings.ELASTICSEARCH_URL = url

    def install(body):
        connection = CannedConnection(body)
        connections.add_connection(f"balai:{url}", connection)
        return connection

    yield url, install
    connections.remove_connection(f"balai:{url}")


@pytest.mark.django_db
def test_an_elasticsearch_answer_becomes_the_contract(canned_es, areas):
    url, install = canned_es
    hit = {
        "_index": "balai-event-20261128",
        "_id": "42",
        "_score": 1003.2,
        "_source": {
            "type": "event",
            "page_id": 42,
            "title": "Kelas Menjahit Angkatan 3",
            "url": "/kegiatan/kelas-menjahit-3/",
            "summary": "Belajar menjahit dari dasar.",
            "category": "skills_training",
            "area": "Sukamaju",
            "area_slugs": ["sukamaju"],
            "status": "upcoming",
            "next_session": "2026-12-01T02:00:00+00:00",
            "seats_left": 3,
            "is_current": True,
            "is_open": True,
        },
        "highlight": {"summary": ["Belajar <mark>menjahit</mark> dari dasar."]},
    }
    connection = install(canned([hit], 1, [{"key": "event", "doc_count": 1}]))
    response = ElasticsearchEngine(url).search(SearchParams(q="menjahit", types=("event",)))
    assert response.engine == "elasticsearch"
    assert response.count == 1
    (result,) = response.results
    assert result["title"] == "Kelas Menjahit Angkatan 3"
    assert result["snippet"] == "Belajar <mark>menjahit</mark> dari dasar."
    assert result["seats_left"] == 3
    assert result["type_label"] == "Kegiatan"
    assert result["category_label"]
    assert result["status_label"] == "Akan datang"
    facets = response.facets
    assert facets["type"] == [{"value": "event", "label": "Kegiatan", "count": 1, "selected": True}]
    assert facets["area"] == [
        {"value": "sukamaju", "label": "Sukamaju", "count": 2, "selected": False}
    ]
    (request,) = connection.requests
    assert request["index"] == [f"balai-{t}" for t in ("program", "event", "group", "article")]


@pytest.mark.django_db
def test_an_empty_elasticsearch_answer_brings_did_you_mean(canned_es):
    url, install = canned_es
    suggest = {
        "spelling": [
            {"text": "kelas", "offset": 0, "length": 5, "options": []},
            {
                "text": "menjahti",
                "offset": 6,
                "length": 8,
                "options": [{"text": "menjahit", "score": 0.8, "freq": 4}],
            },
        ]
    }
    install(canned([], 0, [], suggest=suggest))
    response = ElasticsearchEngine(url).search(SearchParams(q="kelas menjahti"))
    assert response.count == 0
    assert response.suggestions == ["kelas menjahit"]


@pytest.mark.django_db
def test_an_unescaped_summary_is_escaped_when_nothing_is_highlighted(canned_es):
    url, install = canned_es
    hit = {
        "_index": "balai-article-1",
        "_id": "7",
        "_score": 1.0,
        "_source": {"type": "article", "page_id": 7, "title": "Berita", "url": "/b/",
                    "summary": "<b>Penting</b> & mendesak"},
    }  # fmt: skip
    install(canned([hit], 1, [{"key": "article", "doc_count": 1}]))
    (result,) = ElasticsearchEngine(url).search(SearchParams(q="berita")).results
    assert result["snippet"] == "&lt;b&gt;Penting&lt;/b&gt; &amp; mendesak"
