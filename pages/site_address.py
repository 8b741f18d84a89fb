"""The site's public address, SITE_BASE_URL, is the one truth for absolute links.

Wagtail builds absolute page URLs (the API's `html_url`, the sitemap, `full_url`) from
the default Site's hostname and port, which the first migration set to localhost:80.
After every `migrate` the default Site takes its hostname and port from SITE_BASE_URL,
so links point at the real address without anyone editing the Site in the admin.
"""

from urllib.parse import urlsplit

from django.conf import settings


def address():
    """(hostname, port) of SITE_BASE_URL; the port defaults by scheme (80 or 443)."""
    parts = urlsplit(settings.SITE_BASE_URL)
    default = 443 if parts.scheme == "https" else 80
    return parts.hostname or "localhost", parts.port or default


def sync_default_site(**kwargs):
    from wagtail.models import Site

    hostname, port = address()
    Site.objects.filter(is_default_site=True).exclude(hostname=hostname, port=port).update(
        hostname=hostname, port=port
    )
    Site.clear_site_root_paths_cache()
