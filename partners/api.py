"""The partners API: the needs board (/api/needs/) and Open Referral HSDS 3.1 (/api/hsds/)."""

from ninja import Router

needs_router = Router(tags=["needs"])
hsds_router = Router(tags=["hsds"])
