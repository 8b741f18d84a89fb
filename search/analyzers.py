"""Elasticsearch analysis for Balai: Indonesian text, synonyms, autocomplete.

- `indonesian_text` (index time): standard tokenizer, lower case, ASCII folding,
  Indonesian stop words and the Indonesian (Snowball) stemmer, so "pelatihan",
  "berlatih" and "latihan" all become "latih".
- `indonesian_search` (search time): the same, with the staff-edited synonyms
  (a synonym_graph filter reading the synonym set `<prefix>-synonyms`, updateable:
  saving a synonym in the admin reloads it without reindexing).
- `autocomplete` / `autocomplete_search`: edge n-grams (2-20) of each word at index
  time, plain words at search time, so "menj" finds "Menjahit".
"""

from django.conf import settings
from elasticsearch_dsl import analyzer, token_filter


def synonym_set_name():
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-synonyms"


indonesian_stop = token_filter("indonesian_stop", "stop", stopwords="_indonesian_")
indonesian_stemmer = token_filter("indonesian_stemmer", "stemmer", language="indonesian")
autocomplete_ngrams = token_filter("autocomplete_ngrams", "edge_ngram", min_gram=2, max_gram=20)


def synonym_filter():
    return token_filter(
        "balai_synonyms",
        "synonym_graph",
        synonyms_set=synonym_set_name(),
        updateable=True,
        lenient=True,
    )


indonesian_text = analyzer(
    "indonesian_text",
    tokenizer="standard",
    filter=["lowercase", "asciifolding", indonesian_stop, indonesian_stemmer],
)


def indonesian_search():
    return analyzer(
        "indonesian_search",
        tokenizer="standard",
        filter=["lowercase", "asciifolding", synonym_filter(), indonesian_stop, indonesian_stemmer],
    )


autocomplete = analyzer(
    "autocomplete",
    tokenizer="standard",
    filter=["lowercase", "asciifolding", autocomplete_ngrams],
)
autocomplete_search = analyzer(
    "autocomplete_search", tokenizer="standard", filter=["lowercase", "asciifolding"]
)
