"""Synonym groups (from the Synonym snippet), cached, and query expansion."""

import re

from django.core.cache import cache

CACHE_KEY = "search:synonyms:v1"
CACHE_SECONDS = 600
MAX_VARIANTS = 12


def groups():
    """[[term, term...], ...] lower-cased; cached until a synonym is saved or deleted."""
    cached = cache.get(CACHE_KEY)
    if cached is not None:
        return cached
    from search.models import Synonym

    result = [terms for terms in (s.term_list() for s in Synonym.objects.all()) if len(terms) > 1]
    cache.set(CACHE_KEY, result, CACHE_SECONDS)
    return result


def clear_cache():
    cache.delete(CACHE_KEY)


def es_rules():
    """Solr-format rules for Elasticsearch's synonym set: 'blt, bantuan langsung tunai'."""
    return [", ".join(terms) for terms in groups()]


def _term_pattern(term):
    return re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, term.split())) + r"(?!\w)")


def expand(query):
    """The query, then the query with each synonym put in place of a term it contains.

    expand("jadwal blt") -> ["jadwal blt", "jadwal bantuan langsung tunai"]
    """
    base = " ".join(query.lower().split())
    variants = [base] if base else []
    if not base:
        return variants
    for terms in groups():
        for term in terms:
            pattern = _term_pattern(term)
            for current in list(variants):
                if not pattern.search(current):
                    continue
                for other in terms:
                    if other == term:
                        continue
                    variant = pattern.sub(other, current)
                    if variant not in variants:
                        variants.append(variant)
                    if len(variants) >= MAX_VARIANTS:
                        return variants
    return variants


def related_terms(query):
    """Every synonym of a term in the query (for highlighting)."""
    words = []
    for variant in expand(query)[1:]:
        words.extend(variant.split())
    return words
