"""The Elasticsearch connection: short timeouts, no retries (a resident is waiting)."""

from django.conf import settings
from elasticsearch_dsl import connections


def connection_alias(url=None):
    url = url or settings.ELASTICSEARCH_URL
    alias = f"balai:{url}"
    try:
        connections.get_connection(alias)
    except KeyError:
        connections.create_connection(
            alias,
            hosts=[url],
            request_timeout=getattr(settings, "ELASTICSEARCH_TIMEOUT", 2.0),
            max_retries=0,
            retry_on_timeout=False,
        )
    return alias


def get_client(url=None):
    return connections.get_connection(connection_alias(url))
