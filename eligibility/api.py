"""The eligibility API: POST /api/eligibility/check/ (stateless)."""

from ninja import Router

router = Router(tags=["eligibility"])
