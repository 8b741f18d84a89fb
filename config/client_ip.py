"""The visitor's network address, the one way Balai reads it.

Behind a reverse proxy (nginx, docs/operations.md) REMOTE_ADDR is the proxy's own
address, 127.0.0.1 for everyone; the visitor's address is in X-Forwarded-For, which
each proxy extends on the right. Only the entries added by proxies we run can be
trusted (a visitor can send any X-Forwarded-For of their own), so the setting
BALAI_TRUSTED_PROXY_COUNT says how many there are:

- 0 (the default): no proxy; REMOTE_ADDR, and X-Forwarded-For is ignored;
- n: the n-th address from the right of X-Forwarded-For (nginx alone: n = 1, the
  address nginx itself saw). When the header has fewer than n addresses, or that entry
  is not an address, REMOTE_ADDR.

allauth's rate limits read the same setting (ALLAUTH_TRUSTED_PROXY_COUNT).
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.BALAI_TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
