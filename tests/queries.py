"""Counting a page's own queries, the same way before and after the data grows.

The first request after a change can do one-off work (Wagtail creates the site's
settings row on first read, which bumps the content version; the header, menu and route
caches refill), and the anonymous page cache answers repeats with no query at all. So
each count starts from an empty cache after a warm-up request: what is measured is the
page's own rendering, every time.
"""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext


def page_queries(client, url):
    """The number of queries `client.get(url)` makes on an empty cache (status 200)."""
    assert client.get(url).status_code == 200
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(captured.captured_queries)
