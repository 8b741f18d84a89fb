"""The accountability API: /api/transparency/ and /api/programs/{id}/funding|indicators/."""

from ninja import Router

transparency_router = Router(tags=["transparency"])
programs_router = Router(tags=["programs"])
